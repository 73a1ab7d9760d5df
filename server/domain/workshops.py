"""Workshops and the people in them: a new workshop, joining, `workshop.update`, roles."""
from ..protocol import (ParticipantAddProjector, ParticipantJoin, ParticipantSetRole, WorkshopCreate, WorkshopShow,
                        WorkshopUpdate, limits)
from ..protocol.labels import PROJECTOR_NAME
from .agenda import welcome_defaults
from .boards import THEMING_BOARDS, new_board
from .errors import Change, Rejected
from .retention import MAX_DAYS
from .state import OpContext, WorkshopState, revise
from .texts import bounded, first_name

TITLE_LIMIT = limits.TITLE
PURPOSE_LIMIT = limits.PURPOSE
ACTIVITY_LIMIT = limits.ACTIVITY


def new_participant(participant_id: str, name: str, role: str, room_id: str, now: str,
                    perspective: str | None = None) -> dict:
    return {"id": participant_id, "kind": "participant", "v": 1, "name": name, "role": role,
            "room_id": room_id, "table_id": None, "online": False, "hand_raised": False, "perspective": perspective,
            "joined_at": now}


def create(state: WorkshopState, actor: None, args: WorkshopCreate, ctx: OpContext) -> Change:
    """`workshop.create`: a new workshop, its main room, the three theming boards and its facilitator."""
    if state.records:
        raise Rejected("conflict", "This workshop exists already.")
    title = bounded(args.title, TITLE_LIMIT, "title", "title", required=True)
    purpose = bounded(args.purpose, PURPOSE_LIMIT, "purpose", "purpose")
    name = first_name(args.facilitator_name, "facilitator_name")
    join_code = args.join_code
    workshop = {"id": state.workshop_id, "kind": "workshop", "v": 1, "title": title, "purpose": purpose,
                "activity": None, "join_code": join_code, "created_at": ctx.now,
                "showing": None, "breakout": None, "day": 1, **welcome_defaults()}
    room = {"id": ctx.new_id("r"), "kind": "room", "v": 1, "type": "main", "name": "Main room", "number": None}
    boards = [new_board(ctx.new_id("b"), t, room["id"], order) for order, t in enumerate(THEMING_BOARDS + ("parking",), 1)]
    facilitator = new_participant(ctx.new_id("p"), name, "facilitator", room["id"], ctx.now)
    return Change(put=[workshop, room, *boards, facilitator],
                  result={"participant_id": facilitator["id"]})


def join(state: WorkshopState, actor: None, args: ParticipantJoin, ctx: OpContext) -> Change:
    """`participant.join`: a first name only; they start in the main room as a participant."""
    person = new_participant(ctx.new_id("p"), first_name(args.name), "participant", state.main_room()["id"],
                             ctx.now, args.perspective)
    if args.notice_version:  # D5: what they were shown before they joined
        person["notice"] = {"version": args.notice_version[:64], "shown_at": ctx.now}
    if args.cards_unnamed and state.workshop().get("unnamed_cards", True):
        person["cards_unnamed"] = True
    return Change(put=[person], result={"participant_id": person["id"]})


def update(state: WorkshopState, actor: dict, args: WorkshopUpdate, ctx: OpContext) -> Change:
    """`workshop.update`: title, purpose, the current agenda activity, or the default language (W5)."""
    sent = args.model_dump(exclude_unset=True)
    if not sent:
        raise Rejected("invalid", "Nothing to change: send a title, purpose, activity or language.")
    fields = {}
    if "title" in sent:
        fields["title"] = bounded(args.title, TITLE_LIMIT, "title", "title", required=True)
    if "purpose" in sent:
        fields["purpose"] = bounded(args.purpose, PURPOSE_LIMIT, "purpose", "purpose")
    if "activity" in sent:
        fields["activity"] = bounded(args.activity, ACTIVITY_LIMIT, "activity", "activity") or None
        if fields["activity"] != state.workshop().get("activity"):
            fields["activity_at"] = ctx.now  # what was said and timed before belongs to the earlier activity
    if "language" in sent:
        fields["language"] = args.language or "en"
    if "unnamed_cards" in sent:
        fields["unnamed_cards"] = bool(args.unnamed_cards)
    if "finished" in sent:
        fields["finished_at"] = ctx.now if args.finished else None
    for name in ("erase_after_days", "delete_after_days"):
        if name in sent:
            days = sent[name]
            if days is not None and not 1 <= days <= MAX_DAYS:
                raise Rejected("invalid", "Keep personal data for 1 to {n} days.", name, n=MAX_DAYS)
            fields[name] = days
    if fields.get("delete_after_days") and (fields.get("erase_after_days") or state.workshop().get(
            "erase_after_days") or 0) > fields["delete_after_days"]:
        raise Rejected("invalid", "A workshop is deleted only after its personal data is erased: choose "
                                  "a later deletion.", "delete_after_days")
    return Change(put=[revise(state.workshop(), **fields)])


def set_role(state: WorkshopState, actor: dict, args: ParticipantSetRole, ctx: OpContext) -> Change:
    """`participant.set_role`: the facilitator makes someone a host, a facilitator, a projector…"""
    person = state.require(args.participant_id, "participant", "person", "participant_id")
    if person["role"] == "facilitator" and args.role != "facilitator":
        others = [p for p in state.of_kind("participant") if p["role"] == "facilitator" and p["id"] != person["id"]]
        if not others:
            raise Rejected("conflict", "A workshop always needs a facilitator. Make someone else a "
                                       "facilitator first.", "role")
    return Change(put=[revise(person, role=args.role)])


def show(state: WorkshopState, actor: dict, args: WorkshopShow, ctx: OpContext) -> Change:
    """`workshop.show`: "follow me" — everyone following jumps to this board (null: stop)."""
    if args.board_id is not None:
        state.require(args.board_id, "board", "board", "board_id")
        showing = {"board_id": args.board_id, "by": actor["id"], "at": ctx.now}
    else:
        showing = None
    return Change(put=[revise(state.workshop(), showing=showing)])


def add_projector(state: WorkshopState, actor: dict, args: ParticipantAddProjector, ctx: OpContext) -> Change:
    """`participant.add_projector`: a read-only member for the big screen; staff make its link."""
    screens = sum(1 for p in state.of_kind("participant") if p["role"] == "projector")
    screen = new_participant(ctx.new_id("p"), PROJECTOR_NAME.replace("{n}", str(screens + 1)), "projector", state.main_room()["id"], ctx.now)
    return Change(put=[screen], result={"participant_id": screen["id"]})
