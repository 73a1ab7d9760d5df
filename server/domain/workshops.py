"""Workshops and the people in them: a new workshop, joining, `workshop.update`, roles."""
from ..protocol import ParticipantSetRole, WorkshopShow, WorkshopUpdate
from .agenda import welcome_defaults
from .boards import THEMING_BOARDS, new_board
from .errors import Change, Rejected
from .roles import FACILITATOR, STAFF, require_role
from .state import OpContext, WorkshopState, revise
from .texts import bounded, first_name

TITLE_LIMIT = 120
PURPOSE_LIMIT = 2000
ACTIVITY_LIMIT = 80


def new_participant(participant_id: str, name: str, role: str, room_id: str, now: str,
                    perspective: str | None = None) -> dict:
    return {"id": participant_id, "kind": "participant", "v": 1, "name": name, "role": role,
            "room_id": room_id, "table_id": None, "online": False, "hand_raised": False, "perspective": perspective,
            "joined_at": now}


def create(workshop_id: str, title: str, purpose: str | None, facilitator_name: str, join_code: str,
           ctx: OpContext) -> Change:
    """A new workshop: its main room, the three theming boards and its facilitator."""
    title = bounded(title, TITLE_LIMIT, "title", "title", required=True)
    purpose = bounded(purpose, PURPOSE_LIMIT, "purpose", "purpose")
    name = first_name(facilitator_name, "facilitator_name")
    workshop = {"id": workshop_id, "kind": "workshop", "v": 1, "title": title, "purpose": purpose,
                "activity": None, "join_code": join_code, "created_at": ctx.now,
                "showing": None, "breakout": None, "day": 1, **welcome_defaults()}
    room = {"id": ctx.new_id("r"), "kind": "room", "v": 1, "type": "main", "name": "Main room", "number": None}
    boards = [new_board(ctx.new_id("b"), t, room["id"], order) for order, t in enumerate(THEMING_BOARDS + ("parking",), 1)]
    facilitator = new_participant(ctx.new_id("p"), name, "facilitator", room["id"], ctx.now)
    return Change(put=[workshop, room, *boards, facilitator],
                  result={"participant_id": facilitator["id"]})


def join(state: WorkshopState, name: str, perspective: str | None, ctx: OpContext) -> Change:
    """Someone joins with a first name only; they start in the main room as a participant."""
    person = new_participant(ctx.new_id("p"), first_name(name), "participant", state.main_room()["id"],
                             ctx.now, perspective)
    return Change(put=[person], result={"participant_id": person["id"]})


def update(state: WorkshopState, actor: dict, args: WorkshopUpdate, ctx: OpContext) -> Change:
    """`workshop.update`: title, purpose, or the current agenda activity."""
    require_role(actor, FACILITATOR, "change the workshop's title, purpose or activity")
    sent = args.model_dump(exclude_unset=True)
    if not sent:
        raise Rejected("invalid", "Nothing to change: send a title, purpose or activity.")
    fields = {}
    if "title" in sent:
        fields["title"] = bounded(args.title, TITLE_LIMIT, "title", "title", required=True)
    if "purpose" in sent:
        fields["purpose"] = bounded(args.purpose, PURPOSE_LIMIT, "purpose", "purpose")
    if "activity" in sent:
        fields["activity"] = bounded(args.activity, ACTIVITY_LIMIT, "activity", "activity") or None
    return Change(put=[revise(state.workshop(), **fields)])


def set_role(state: WorkshopState, actor: dict, args: ParticipantSetRole, ctx: OpContext) -> Change:
    """`participant.set_role`: the facilitator makes someone a host, a facilitator, a projector…"""
    require_role(actor, FACILITATOR, "change people's roles")
    person = state.require(args.participant_id, "participant", "person", "participant_id")
    if person["role"] == "facilitator" and args.role != "facilitator":
        others = [p for p in state.of_kind("participant") if p["role"] == "facilitator" and p["id"] != person["id"]]
        if not others:
            raise Rejected("conflict", "A workshop always needs a facilitator. Make someone else a "
                                       "facilitator first.", "role")
    return Change(put=[revise(person, role=args.role)])


def show(state: WorkshopState, actor: dict, args: WorkshopShow, ctx: OpContext) -> Change:
    """`workshop.show`: "follow me" — everyone following jumps to this board (null: stop)."""
    require_role(actor, STAFF, "show a board to everyone")
    if args.board_id is not None:
        state.require(args.board_id, "board", "board", "board_id")
        showing = {"board_id": args.board_id, "by": actor["id"], "at": ctx.now}
    else:
        showing = None
    return Change(put=[revise(state.workshop(), showing=showing)])


def add_projector(state: WorkshopState, actor: dict, ctx: OpContext) -> Change:
    """A read-only member for the big screen; the facilitator makes its link."""
    require_role(actor, FACILITATOR, "make a projector link")
    screens = sum(1 for p in state.of_kind("participant") if p["role"] == "projector")
    screen = new_participant(ctx.new_id("p"), f"Projector {screens + 1}", "projector", state.main_room()["id"], ctx.now)
    return Change(put=[screen], result={"participant_id": screen["id"]})
