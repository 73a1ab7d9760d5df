"""The one gate every op passes: schema, role, the op's rule, then the rules every op obeys.

`parse` checks an op's name and arguments against the registry (cheap, before the op waits
for its workshop); `decide` runs, against the current state, the role check, the op's own rule
and the cross-cutting guards (`guards.py`: locked and table boards, closed votes). Nothing here
touches the state: the caller applies the Change once it is stored.
"""
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

import orjson

from ..protocol.args import Args
from ..protocol.limits import ARGS_DEPTH, EPH_ARGS_BYTES, EPH_ARGS_DEPTH
from ..protocol.registry import OPS, Op
from . import guards
from .errors import Change, Rejected, allowed_values, plain_detail
from .roles import only
from .state import OpContext, WorkshopState


@dataclass(frozen=True)
class Checked:
    """An op whose name and arguments passed the schema: ready to be decided."""

    op: Op
    args: Args

    @property
    def name(self) -> str:
        return self.op.name

    def logged(self) -> dict:
        """The arguments as the event log keeps them."""
        return self.op.logged(self.args)


def parse(name: Any, raw: Any, *, internal: bool = False) -> Checked:
    """The op's arguments checked against its schema; `invalid` names the first field at fault.

    Internal ops (a workshop's creation, a join, an import…) exist only for the server's own
    callers: to a client they are ops that do not exist.
    """
    op = OPS.get(name) if isinstance(name, str) else None
    if op is None or (op.internal and not internal):
        raise Rejected("invalid", "There is no operation called “{name}”.", "op", name=str(name)[:60])
    if not isinstance(raw, dict):
        raise Rejected("invalid", "The arguments of an operation must be a JSON object.", "args")
    try:
        return Checked(op, op.args.model_validate(raw))
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "args"
        raise _plain(first, where) from None


def _plain(error: dict, where: str) -> Rejected:
    kind = error["type"]
    if kind == "missing":
        return Rejected("invalid", "The field “{name}” is needed.", where, name=where)
    if kind == "extra_forbidden":
        return Rejected("invalid", "The field “{name}” is not part of this operation.", where, name=where)
    if kind == "literal_error":
        return Rejected("invalid", "The field “{name}” must be one of the allowed values: {values}.", where,
                        name=where, values=allowed_values(error))
    # what is wrong in plain words from the catalogue (pydantic's own words are English only)
    return Rejected("invalid", "The field “{name}” has the wrong type or value: {detail}.", where, name=where,
                    detail=plain_detail(error))


def check_role(op: Op, actor: dict | None) -> None:
    """Who may send the op, from the registry; a projector is told it only watches (R2)."""
    if op.who is None:
        if actor is not None:
            raise Rejected("invalid", "There is no operation called “{name}”.", "op", name=op.name)
        return
    if actor is None:
        raise Rejected("unauthorized", "Please join the workshop first.")
    if actor["role"] in op.who:
        return
    if actor["role"] == "projector":
        raise Rejected("forbidden", "The projector view only shows the board; it cannot change anything.")
    raise only(op.who, op.doing)


def decide(state: WorkshopState, actor: dict | None, checked: Checked, ctx: OpContext) -> Change:
    """What the op changes, or Rejected; every op, from every caller, is decided here."""
    check_role(checked.op, actor)
    change = checked.op.rule(state, actor, checked.args, ctx)
    guards.check(state, actor, checked.name, change)
    return change


def apply_op(state: WorkshopState, actor: dict | None, name: str, raw: Any, ctx: OpContext,
             *, internal: bool = False) -> Change:
    """Parse and decide in one step (the state itself is not touched)."""
    return decide(state, actor, parse(name, raw, internal=internal), ctx)


def nesting_deeper_than(value, limit: int) -> bool:
    """Whether a JSON value nests more than `limit` levels (an object or a list is one level)."""
    level = [value]
    for _ in range(limit):
        level = [v for c in level for v in (c.values() if isinstance(c, dict) else c if isinstance(c, list) else ())
                 if isinstance(v, (dict, list))]
        if not level:
            return False
    return True


def check_nesting(raw) -> None:
    """An op's arguments nest no deeper than any op needs (checked before anything else reads them)."""
    if nesting_deeper_than(raw, ARGS_DEPTH):
        raise Rejected("invalid", "The arguments of an operation can be at most {n} levels deep.", "args", n=ARGS_DEPTH)


def check_ephemeral(args) -> int:
    """An ephemeral message's `args`: a JSON object of at most 2 KiB and 8 levels; never relayed otherwise.
    Its size in bytes as JSON (what the sender's ephemeral byte budget is charged)."""
    if not isinstance(args, dict):
        raise Rejected("invalid", "An ephemeral message needs `args`, a JSON object.", "args")
    if nesting_deeper_than(args, EPH_ARGS_DEPTH):
        raise Rejected("invalid", "An ephemeral message can be at most {n} levels deep.", "args", n=EPH_ARGS_DEPTH)
    size = len(orjson.dumps(args))
    if size > EPH_ARGS_BYTES:
        raise Rejected("too_large", "An ephemeral message can be at most {n} KiB.", "args", n=EPH_ARGS_BYTES // 1024)
    return size
