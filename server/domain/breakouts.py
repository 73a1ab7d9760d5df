"""Breakouts: people at tables (by hand, at random, or by choice), opened with an optional
countdown, a message to every room, and everyone back to the main room in one action.

Random tables (rule B1): sizes differ by at most one, and people who said which perspective they
bring (lived experience, provider, commissioner) are spread across the tables.
"""
from ..protocol import BreakoutBroadcast, BreakoutClose, BreakoutOpen, RoomsShuffle, limits
from .chat import message_text, new_message
from .errors import Change, Rejected
from .roles import STAFF
from .state import OpContext, WorkshopState, revise

MAX_SECONDS = limits.TIMER_SECONDS


def tables(state: WorkshopState) -> list[dict]:
    return sorted((r for r in state.of_kind("room") if r["type"] == "table"), key=lambda r: r["number"])


def deal(people: list[dict], table_ids: list[str], rng) -> dict[str, str]:
    """participant id → table id: each perspective shuffled, then dealt round-robin across tables."""
    groups: dict[str, list[dict]] = {}
    for person in people:
        groups.setdefault(person.get("perspective") or "unknown", []).append(person)
    order = []
    for key in sorted(groups, key=lambda k: (k == "unknown", -len(groups[k]), k)):
        members = groups[key]
        rng.shuffle(members)
        order += members
    start = rng.randrange(len(table_ids))
    return {p["id"]: table_ids[(start + i) % len(table_ids)] for i, p in enumerate(order)}


def shuffle(state: WorkshopState, actor: dict, args: RoomsShuffle, ctx: OpContext) -> Change:
    """`rooms.shuffle`: random tables, balanced, perspectives mixed."""
    if args.room_ids is not None:
        chosen = [state.require(rid, "room", "table", f"room_ids.{i}") for i, rid in enumerate(args.room_ids)]
        if any(r["type"] != "table" for r in chosen):
            raise Rejected("invalid", "People can be shared out only among tables.", "room_ids")
    else:
        chosen = tables(state)
    if not chosen:
        raise Rejected("invalid", "Add tables first, then share people out among them.", "room_ids")
    if args.participant_ids is not None:
        people = [state.require(pid, "participant", "person", f"participant_ids.{i}")
                  for i, pid in enumerate(args.participant_ids)]
    else:
        people = [p for p in state.of_kind("participant") if p["role"] == "participant"]
    plan = deal(people, [t["id"] for t in chosen], ctx.rng)
    moving = _breakout_open(state)
    put = []
    for person in people:
        fields = {"table_id": plan[person["id"]]}
        if moving and person.get("room_id") != _chill_out_id(state):
            fields["room_id"] = plan[person["id"]]
        put.append(revise(person, **fields))
    return Change(put=put)


def _breakout_open(state: WorkshopState) -> bool:
    return (state.workshop().get("breakout") or {}).get("status") == "open"


def _chill_out_id(state: WorkshopState) -> str | None:
    return next((r["id"] for r in state.of_kind("room") if r["type"] == "chill_out"), None)


def open_breakout(state: WorkshopState, actor: dict, args: BreakoutOpen, ctx: OpContext) -> Change:
    """`breakout.open`: everyone with a table goes to it; an optional countdown for all rooms."""
    if args.seconds is not None and not 1 <= args.seconds <= MAX_SECONDS:
        raise Rejected("invalid", "A breakout lasts from 1 second to 4 hours.", "seconds")
    if not tables(state):
        raise Rejected("invalid", "Add tables first.", "seconds")
    breakout = {"status": "open", "opened_at": ctx.now, "choose": args.choose,
                "ends_at": ctx.later(args.seconds) if args.seconds else None}
    chill = _chill_out_id(state)
    put = [revise(state.workshop(), breakout=breakout)]
    for person in state.of_kind("participant"):
        if person["role"] != "participant" or not person.get("table_id"):
            continue
        if person.get("room_id") == chill:
            put.append(revise(person, return_room_id=person["table_id"]))
        elif person.get("room_id") != person["table_id"]:
            put.append(revise(person, room_id=person["table_id"]))
    return Change(put=put)


def close_breakout(state: WorkshopState, actor: dict, args: BreakoutClose, ctx: OpContext) -> Change:
    """`breakout.close`: everyone back to the main room in one action (the chill-out room stays calm)."""
    main, chill = state.main_room()["id"], _chill_out_id(state)
    put = [revise(state.workshop(), breakout={"status": "closed", "closed_at": ctx.now, "choose": False,
                                              "ends_at": None})]
    for person in state.of_kind("participant"):
        if person.get("room_id") == chill and chill is not None:
            put.append(revise(person, return_room_id=main))
        elif person.get("room_id") != main:
            put.append(revise(person, room_id=main))
    return Change(put=put)


def broadcast(state: WorkshopState, actor: dict, args: BreakoutBroadcast, ctx: OpContext) -> Change:
    """`breakout.broadcast`: one message shown in every room."""
    message = new_message(ctx, actor, None, message_text(args.text), announcement=True)
    return Change(put=[message], result={"message_id": message["id"]})


def choosing_tables(state: WorkshopState) -> bool:
    return (state.workshop().get("breakout") or {}).get("choose", False)


__all__ = ["STAFF"]
