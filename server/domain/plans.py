"""Action plans: one idea from Quick Wins or Major Projects per table, the guide's six questions.

Each field saves on its own and the last write wins per field, so several people can write at
once; every version stays in the event log. A plan without a lead and a first step for next
week is incomplete. The lead must be someone in the room: a member of this workshop.
"""
from ..i18n import N_, Word
from ..protocol import PlanCreate, PlanSetLead, PlanUpdate, limits
from ..protocol.labels import PLAN_FOLLOW_UP_FIELDS, PLAN_QUESTIONS, PLANNABLE_QUADRANTS, QUADRANTS
from ..protocol.limits import char_count
from .errors import Change, Rejected
from .state import OpContext, WorkshopState, revise
from .texts import clean
from .themes import require_card

QUESTIONS = PLAN_QUESTIONS
PLANNABLE = {k: QUADRANTS[k] for k in PLANNABLE_QUADRANTS}
FIELD_LIMIT = limits.PLAN_FIELD


def _complete(plan: dict) -> bool:
    return bool(plan.get("lead_id")) and bool(plan["fields"].get("next_week"))


def create(state: WorkshopState, actor: dict, args: PlanCreate, ctx: OpContext) -> Change:
    """`plan.create`: the table picks its idea from Quick Wins or Major Projects."""
    board = state.require(args.board_id, "board", "board", "board_id")
    if board["type"] != "action_plan":
        raise Rejected("invalid", "Action plans are written on a table's action plan board.", "board_id")
    if any(p["board_id"] == board["id"] for p in state.of_kind("action_plan")):
        raise Rejected("conflict", "This table already has its action plan. Edit that one.", "board_id")
    idea = require_card(state, args.idea_id, "idea", "idea_id")
    if state.records[idea["board_id"]]["type"] != "grid" or idea.get("quadrant") not in PLANNABLE:
        if idea.get("quadrant") is None:
            raise Rejected("invalid", "Action plans are for ideas in Quick Wins or Major Projects on the Investment "
                                      "Grid; idea {code} is not placed on the grid yet. Place it there or pick "
                                      "another.", "idea_id", code=idea["code"])
        where = QUADRANTS.get(idea.get("quadrant"), N_("another quadrant"))
        raise Rejected("invalid", "Action plans are for ideas in Quick Wins or Major Projects on the Investment "
                                  "Grid; idea {code} is in {where}. Move it on the grid or pick another.",
                       "idea_id", code=idea["code"], where=Word(where))
    plan = {"id": ctx.new_id("a"), "kind": "action_plan", "v": 1, "board_id": board["id"], "idea_id": idea["id"],
            "code": idea["code"], "idea_text": idea["text"], "quadrant": idea["quadrant"], "lead_id": None,
            "fields": {k: "" for k in QUESTIONS}, "edited_by": {}, "complete": False, "created_at": ctx.now,
            "status": "planned", "history": [{"status": "planned", "reason": None, "by": actor["id"], "at": ctx.now}],
            "baseline": "", "indicators": "", "follow_up_start": None}
    return Change(put=[plan], result={"plan_id": plan["id"]})


def update(state: WorkshopState, actor: dict, args: PlanUpdate, ctx: OpContext) -> Change:
    """`plan.update`: one field's new text; other fields are left as they are.

    `baseline` and `indicators` (stage 7: where we are now, how we will know) sit beside the six
    questions on the record itself.
    """
    plan = state.require(args.plan_id, "action_plan", "action plan", "plan_id")
    if args.field not in QUESTIONS and args.field not in PLAN_FOLLOW_UP_FIELDS:
        raise Rejected("invalid", "That is not one of the action plan's questions.", "field")
    text = clean(args.text)
    if char_count(text) > FIELD_LIMIT:  # C1, as the browser counts it (web/model/day2.js planAnswerLength)
        raise Rejected("too_long", "An answer holds at most {limit} characters.", "text", limit=FIELD_LIMIT)
    if args.field in PLAN_FOLLOW_UP_FIELDS:
        return Change(put=[revise(plan, **{args.field: text}, edited_by={**plan["edited_by"], args.field: actor["id"]})])
    fields = {**plan["fields"], args.field: text}
    new = revise(plan, fields=fields, edited_by={**plan["edited_by"], args.field: actor["id"]})
    new["complete"] = _complete(new)
    return Change(put=[new])


def set_lead(state: WorkshopState, actor: dict, args: PlanSetLead, ctx: OpContext) -> Change:
    """`plan.set_lead`: no nominating someone not in the room."""
    plan = state.require(args.plan_id, "action_plan", "action plan", "plan_id")
    lead = state.get(args.participant_id) if args.participant_id else None
    if args.participant_id is not None and (lead is None or lead["kind"] != "participant" or lead["role"] == "projector"):
        raise Rejected("invalid", "The lead must be someone in the room: pick a person who has joined this workshop.",
                       "participant_id")
    new = revise(plan, lead_id=args.participant_id, lead_name=lead["name"] if lead else None)
    new["complete"] = _complete(new)
    return Change(put=[new])
