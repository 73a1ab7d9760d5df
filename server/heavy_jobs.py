"""The heavy jobs that run in a child process (server/workers.py `in_process`): reading an uploaded
file of answers, and checking and deciding the op it makes through the one gate.

A restore's body is parsed in a child too (`read_export`): its records come back packed, and the
loop puts them together a chunk at a time before the restore goes through the hub as before.

An import is two jobs. `read_import` reads the file (CSV/XLSX) into the op's raw arguments, kept as
pickled chunks (`Packed`): the server process holds them without reading them. The hub then hands
them, with a copy of the workshop's records, to `decide_packed` while it holds the workshop's lock
(server/realtime/pipeline.py): that child runs `gate.parse` and `gate.decide` — the same gate every
op goes through — and sends back the change as pickled chunks (`Decided`), which the hub reads a
chunk at a time and stores in slices as before. Rejected and FileProblem come back as themselves.
"""
from dataclasses import dataclass

from .domain import gate
from .domain.errors import Change, Rejected
from .domain.state import OpContext, WorkshopState
from .workers import pack, unpack, unpack_now


@dataclass
class Packed:
    """An op's raw arguments with its one long list (`key`) as pickled chunks."""

    head: dict
    key: str
    chunks: list[bytes]

    def raw(self) -> dict:
        return {**self.head, self.key: unpack_now(self.chunks)}

    async def whole(self) -> dict:
        """The same on the event loop, a chunk at a time."""
        return {**self.head, self.key: await unpack(self.chunks)}


class RemoteChecked:
    """Stands for a `gate.Checked` whose parse happens in the child, with the decide (`decide_packed`).

    The pipeline needs only its name and, once decided, its logged arguments (from the child)."""

    def __init__(self, name: str, packed: Packed):
        self._name, self.packed, self.logged_args = name, packed, None

    @property
    def name(self) -> str:
        return self._name

    def logged(self) -> dict:
        return self.logged_args if self.logged_args is not None else dict(self.packed.head)


@dataclass
class Decided:
    """A change decided in a child: its records as pickled chunks (`workers.pack`), the rest as is."""

    logged: dict
    put: list[bytes]
    deleted: list[bytes]
    result: dict
    notices: list
    revoke: list
    anonymous: bool

    async def change(self) -> Change:
        return Change(put=await unpack(self.put), deleted=await unpack(self.deleted), result=self.result,
                      notices=self.notices, revoke=self.revoke, anonymous=self.anonymous)


def read_import(data: bytes, filename: str, mapping: dict | None, preview: bool, publish: bool, again: bool):
    """In a child: the file's preview (a small dict), or the `responses.import` arguments as `Packed`."""
    from .imports.importing import file_digest, read_file

    parsed = read_file(data, filename, mapping, preview)  # FileProblem: the upload's plain answer
    if preview:
        return parsed.preview()
    args = parsed.import_args(filename, file_digest(data), publish, again)
    return Packed(args, "answers", pack(args.pop("answers")))


def read_export(data: bytes):
    """In a child: an export.json parsed (orjson holds the GIL ~100 ms for 15 MB, in one call), its
    records packed; None when it is not JSON. Anything but an object with a list of records comes back
    whole, for the restore rule to refuse in plain words."""
    import orjson

    try:
        export = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    if isinstance(export, dict) and isinstance(export.get("records"), list):
        return Packed(export, "records", pack(export.pop("records")))
    return export


def decide_packed(op: str, packed: Packed, records: list[dict], ballot_key: bytes, workshop_id: str,
                  actor_id: str | None, now: str):
    """In a child: the op parsed and decided against a copy of the workshop's records, through the gate.

    Returns `Decided`, or the Rejected (or, for a bug in a rule, the exception) to answer with."""
    from . import clock

    try:
        checked = gate.parse(op, packed.raw(), internal=True)
        state = WorkshopState(workshop_id, {r["id"]: r for r in records}, ballot_key)
        actor = state.get(actor_id) if actor_id is not None else None
        change = gate.decide(state, actor, checked, OpContext(now=now, new_id=clock.new_id))
    except Rejected as r:
        return r
    return Decided(checked.logged(), pack(change.put), pack(change.deleted), change.result, change.notices,
                   change.revoke, change.anonymous)
