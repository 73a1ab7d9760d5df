"""Rooms as channels: the main room, numbered tables (breakout rooms) and one chill-out room.

Rules: R3 participants may enter the main room, the chill-out room and their own table;
R4 entering the chill-out room tells every facilitator and host at once; R5 only facilitators
and hosts create rooms and assign people.
"""
from ..protocol import ChillOutSeen, RoomAssign, RoomCreate, RoomEnter
from .errors import Change, Rejected
from .roles import is_staff
from .state import OpContext, WorkshopState, revise
from .texts import bounded


def create(state: WorkshopState, actor: dict, args: RoomCreate, ctx: OpContext) -> Change:
    """`room.create`: a new table (numbered) or the chill-out room."""
    rooms = list(state.of_kind("room"))
    name = bounded(args.name, 60, "room name", "name")
    if args.type == "main":
        raise Rejected("conflict", "The workshop already has its main room.", "type")
    if args.type == "chill_out":
        if any(r["type"] == "chill_out" for r in rooms):
            raise Rejected("conflict", "There is already a chill-out room.", "type")
        room = {"id": ctx.new_id("r"), "kind": "room", "v": 1, "type": "chill_out",
                "name": name or "Chill-out room", "number": None}
    else:
        number = 1 + max((r["number"] for r in rooms if r["type"] == "table"), default=0)
        room = {"id": ctx.new_id("r"), "kind": "room", "v": 1, "type": "table", "name": name or f"Table {number}",
                "number": number}
    return Change(put=[room], result={"room_id": room["id"]})


def assign(state: WorkshopState, actor: dict, args: RoomAssign, ctx: OpContext) -> Change:
    """`room.assign`: put someone at a table (or back in the main room)."""
    person = state.require(args.participant_id, "participant", "person", "participant_id")
    room = state.require(args.room_id, "room", "room", "room_id")
    fields = {"room_id": room["id"]}
    if room["type"] == "table":
        fields["table_id"] = room["id"]
    return Change(put=[revise(person, **fields)])


def enter(state: WorkshopState, actor: dict, args: RoomEnter, ctx: OpContext) -> Change:
    """`room.enter`: go to a room yourself; the chill-out room alerts the facilitators and hosts."""
    room = state.require(args.room_id, "room", "room", "room_id")
    choosing = (state.workshop().get("breakout") or {}).get("choose", False)
    fields = {"room_id": room["id"]}
    if room["type"] == "table" and choosing and not is_staff(actor):
        fields["table_id"] = room["id"]  # people choose their own table
    elif not is_staff(actor) and room["type"] == "table" and actor.get("table_id") != room["id"]:
        raise Rejected("forbidden", "You can go to your own table, the main room or the chill-out room.",
                       "room_id")
    if room["type"] == "chill_out" and actor.get("room_id") != room["id"]:
        fields["return_room_id"] = actor.get("room_id")
        # stays until a facilitator or host says they have seen it, even if the person comes back first
        fields["chill_out_alert"] = {"at": ctx.now, "seen_by": None, "seen_at": None}
    change = Change(put=[revise(actor, **fields)])
    if room["type"] == "chill_out":
        change.notices.append({"kind": "chill_out_entered", "participant_id": actor["id"], "at": ctx.now})
    return change


def chill_out_seen(state: WorkshopState, actor: dict, args: ChillOutSeen, ctx: OpContext) -> Change:
    """`chill_out.seen`: a facilitator or host has seen that someone went to the chill-out room.

    The alert is part of the person's record, so every staff page shows it (also after a reload)
    until one of them says they have seen it.
    """
    person = state.require(args.participant_id, "participant", "person", "participant_id")
    alert = person.get("chill_out_alert")
    if not alert or alert.get("seen_by"):
        return Change()
    return Change(put=[revise(person, chill_out_alert={**alert, "seen_by": actor["id"], "seen_at": ctx.now})])
