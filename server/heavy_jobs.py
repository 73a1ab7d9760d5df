"""The heavy jobs that run in a child process (server/workers.py `in_process`): reading an uploaded
file of answers, and checking and deciding the op it makes through the one gate.

A restore is two jobs too. `read_export` parses the body in a child: its records come back packed, and
stay so; the restore's op is then checked and decided in a child by `decide_packed`, as an import's
(with the sealed anonymous answers put back among the records there: exports/restore.py).

An import is two jobs. `read_import` reads the file (CSV/XLSX) into the op's raw arguments, kept as
pickled chunks (`Packed`): the server process holds them without reading them. The hub then hands
them to `decide_packed` while it holds the workshop's lock
(server/realtime/pipeline.py), with an `Excerpt` of the workshop (only what the op reads:
pickling every record of a large workshop held the server's GIL 75 ms for 100,000 records): that child runs `gate.parse` and `gate.decide` — the same gate every
op goes through — and sends back the change as pickled chunks (`Decided`), which the hub reads a
chunk at a time and stores in slices as before. Rejected and FileProblem come back as themselves.
"""
from dataclasses import dataclass, field

from .domain import gate
from .domain.amendments import IMPORT_READS
from .domain.errors import Change, Rejected
from .domain.state import OpContext, WorkshopState
from .workers import pack, unpack, unpack_now


@dataclass
class Packed:
    """An op's raw arguments with its one long list (`key`, or the path to it) as pickled chunks;
    `finish` (a module-level function and its further arguments) is applied to them in the child."""

    head: dict
    key: str | tuple[str, ...]
    chunks: list[bytes]
    finish: tuple | None = None

    def raw(self) -> dict:
        *outer, last = (self.key,) if isinstance(self.key, str) else self.key
        raw = dict(self.head)
        inner = raw
        for k in outer:
            inner[k] = dict(inner[k])
            inner = inner[k]
        inner[last] = unpack_now(self.chunks)
        if self.finish is not None:
            fn, *args = self.finish
            raw = fn(raw, *args)
        return raw

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


# What each heavy op's rule reads of the workshop it changes (see `Excerpt`). A restore makes a new
# workshop: it reads nothing of one.
READS = {"responses.import": IMPORT_READS, "workshop.restore": ()}


@dataclass
class Excerpt:
    """What a heavy op decided in a child reads of its workshop: the records of its `READS` kinds, its
    actor, and how many cards each board holds. Built on the loop from the state's indexes (small
    whatever the workshop holds: no card or answer crosses)."""

    workshop_id: str
    ballot_key: bytes
    records: list[dict]
    card_counts: dict[str, int]
    kinds: tuple[str, ...] = field(default=())

    @classmethod
    def of(cls, op: str, state: WorkshopState, actor_id: str | None) -> "Excerpt":
        kinds = READS[op]
        records = [r for kind in kinds for r in state.of_kind(kind)]
        actor = state.get(actor_id) if actor_id is not None else None
        if actor is not None and actor["kind"] not in kinds:
            records.append(actor)
        counts = {b["id"]: state.card_count_on(b["id"]) for b in state.of_kind("board")} if "board" in kinds else {}
        return cls(state.workshop_id, state.ballot_key, records, counts, kinds)

    def state(self) -> WorkshopState:
        return _ExcerptState(self.workshop_id, {r["id"]: r for r in self.records}, self.ballot_key,
                             counts=self.card_counts, kinds=self.kinds)


class _ExcerptState(WorkshopState):
    """A WorkshopState holding an `Excerpt`: reading what the excerpt left out is a bug (the rule
    reads more than its `READS`), and fails loudly instead of deciding on a part of the workshop."""

    def __init__(self, workshop_id, records, ballot_key, *, counts, kinds):
        super().__init__(workshop_id, records, ballot_key)
        self.counts, self.kinds = counts, kinds

    def _missing(self, what: str):
        raise RuntimeError(f"a heavy op read {what}, which its excerpt does not hold (heavy_jobs.READS)")

    def of_kind(self, kind: str):
        if kind not in self.kinds:
            self._missing(f"the records of kind {kind}")
        return super().of_kind(kind)

    def card_count_on(self, board_id: str) -> int:
        return self.counts.get(board_id, 0)

    def cards_on(self, board_id: str):
        self._missing("a board's cards")

    def data_cards_in(self, theme_id: str):
        self._missing("a theme's cards")

    def data_card_count(self, theme_id: str) -> int:
        self._missing("a theme's cards")

    def card_count_by(self, board_id: str, person_id: str) -> int:
        self._missing("a person's cards")

    def ballots_of(self, target_id: str, voter_id: str):
        self._missing("the ballots")


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


def decide_packed(op: str, packed: Packed, excerpt: Excerpt, actor_id: str | None, now: str):
    """In a child: the op parsed and decided against the workshop's `Excerpt`, through the gate.

    Returns `Decided`, or the Rejected (or, for a bug in a rule, the exception) to answer with."""
    from . import clock

    try:
        checked = gate.parse(op, packed.raw(), internal=True)
        state = excerpt.state()
        actor = state.get(actor_id) if actor_id is not None else None
        # ids in order: the op's records then sit together in the database's indexes (clock.ids_in_order)
        change = gate.decide(state, actor, checked, OpContext(now=now, new_id=clock.ids_in_order()))
    except Rejected as r:
        return r
    return Decided(checked.logged(), pack(change.put), pack(change.deleted), change.result, change.notices,
                   change.revoke, change.anonymous)
