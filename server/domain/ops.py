"""The one place that turns an op name and its arguments into a Change (or a Rejected)."""
from typing import Any, Callable

from pydantic import ValidationError

from ..protocol import OP_ARGS, Args
from . import boards, breakouts, cards, chat, grid, people, polls, rooms, themes, timers, voting, workshops
from .errors import Change, Rejected
from .state import OpContext, WorkshopState

Rule = Callable[[WorkshopState, dict, Args, OpContext], Change]

RULES: dict[str, Rule] = {
    "workshop.update": workshops.update,
    "participant.set_role": workshops.set_role,
    "board.create": boards.create,
    "card.create": cards.create,
    "card.update": cards.update,
    "card.group": themes.group,
    "card.duplicate": themes.duplicate,
    "card.split": themes.split,
    "card.delete": cards.delete,
    "round.open": voting.open_round,
    "round.close": voting.close_round,
    "round.abstain": voting.abstain,
    "vote.cast": voting.cast,
    "vote.retract": voting.retract,
    "room.create": rooms.create,
    "room.assign": rooms.assign,
    "room.enter": rooms.enter,
    "grid.add": grid.add,
    "card.merge": grid.merge,
    "grid.place": grid.place,
    "participant.rename": people.rename,
    "hand.raise": people.raise_hand,
    "hand.lower": people.lower_hand,
    "workshop.show": workshops.show,
    "timer.start": timers.start,
    "timer.stop": timers.stop,
    "chat.send": chat.send,
    "chat.hide": chat.hide,
    "poll.create": polls.create,
    "poll.answer": polls.answer,
    "poll.close": polls.close,
    "rooms.shuffle": breakouts.shuffle,
    "breakout.open": breakouts.open_breakout,
    "breakout.close": breakouts.close_breakout,
    "breakout.broadcast": breakouts.broadcast,
}
assert RULES.keys() == OP_ARGS.keys(), "every op of the protocol needs its rule"


def parse_args(op: str, raw: Any) -> Args:
    """The op's arguments checked against its schema; `invalid` names the first field at fault."""
    if op not in RULES:
        raise Rejected("invalid", f"There is no operation called {op!r}.", "op")
    if not isinstance(raw, dict):
        raise Rejected("invalid", "The arguments of an operation must be a JSON object.", "args")
    try:
        return OP_ARGS[op].model_validate(raw)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "args"
        raise Rejected("invalid", _plain(first, where), where) from None


def _plain(error: dict, where: str) -> str:
    kind = error["type"]
    if kind == "missing":
        return f"The field {where!r} is needed."
    if kind == "extra_forbidden":
        return f"The field {where!r} is not part of this operation."
    if kind == "literal_error":
        return f"The field {where!r} must be one of the allowed values: {error['msg'].split('Input should be ')[-1]}."
    return f"The field {where!r} has the wrong type or value: {error['msg']}."


def apply_op(state: WorkshopState, actor: dict, op: str, raw_args: Any, ctx: OpContext) -> Change:
    """Check and decide an op; the state itself is not touched."""
    args = parse_args(op, raw_args)
    return RULES[op](state, actor, args, ctx)
