"""The one place that turns an op name and its arguments into a Change (or a Rejected)."""
from typing import Any, Callable

from pydantic import ValidationError

from ..protocol import OP_ARGS, Args
from . import (agenda, boards, breakouts, cards, chat, grid, people, plans, polls, rooms, tables, themes, timers,
               voting, workshops)
from . import amendments
from .errors import Change, Rejected
from .roles import is_staff
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
    "chill_out.seen": rooms.chill_out_seen,
    "grid.add": grid.add,
    "card.merge": grid.merge,
    "grid.place": grid.place,
    "answer.create": amendments.create,
    "answer.amend": amendments.amend,
    "answer.resolve": amendments.resolve,
    "answer.publish": amendments.publish,
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
    "agenda.update": agenda.update_agenda,
    "welcome.update": agenda.update_welcome,
    "parking.review": cards.review_parking_item,
    "tables.give_themes": tables.give_themes,
    "day.begin": tables.begin_day,
    "grid.add_top": grid.add_top,
    "plan.create": plans.create,
    "plan.update": plans.update,
    "plan.set_lead": plans.set_lead,
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
    change = RULES[op](state, actor, args, ctx)
    check_boards_writable(state, actor, change)
    return change


def _boards_touched(state: WorkshopState, change: Change):
    for record in change.put + change.deleted:
        if record["kind"] in ("card", "action_plan"):
            yield record["board_id"]
            before = state.get(record["id"])
            if before is not None and before.get("board_id") != record["board_id"]:
                yield before["board_id"]


def check_boards_writable(state: WorkshopState, actor: dict | None, change: Change) -> None:
    """Whatever the op, cards change only on boards that are open to this person (rules L1, L2).

    L1: Day 1's boards are kept as they were left once Day 2 begins. L2: a table's boards are
    written by the people at that table (and facilitators and hosts); What's-in-place lists are
    open to the whole group, who add to every table's list during feedback.
    """
    if actor is None:
        return
    new_boards = {r["id"]: r for r in change.put if r["kind"] == "board"}
    for board_id in set(_boards_touched(state, change)):
        board = state.get(board_id) or new_boards.get(board_id)
        if board is None:
            continue
        if board.get("locked"):
            raise Rejected("conflict", f"The {board['title']} board is kept as it was at the end of Day 1, "
                                       "so it cannot change now.", "board_id")
        room = state.get(board["room_id"])
        if (room is not None and room["type"] == "table" and not is_staff(actor)
                and actor.get("table_id") != room["id"] and board["type"] != "in_place"):
            raise Rejected("forbidden", f"This board belongs to {room['name']}. You can write on your own "
                                        "table's boards.", "board_id")
