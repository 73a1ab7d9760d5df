"""Living action plans (stage 7): a status with its history, and check-ins months after the workshop.

The guide: "this is where your work really starts", check and challenge the plan within 2–4
weeks, look again at 3 and 6 months, and when a plan changes "be open and transparent about
where you go from here". So every change of status goes into the plan's `history` with who
and when, and the statuses that mean trouble (stuck, stopped, at risk) need a reason (K4).

Who follows a plan up: facilitators, hosts and the plan's lead (K1); a check-in may also be
recorded by the people of the plan's table (K5). A recorded check-in with a wrong note or status
is corrected by staff or the plan's lead, saying why; what it said before is kept in its
`corrections`, and the plan's status follows when nothing has changed it since (K7).
Dates are calendar days (`YYYY-MM-DD`).
"""
import calendar
from datetime import date, timedelta

from ..i18n import Lower, Word
from ..protocol import CheckinCorrect, CheckinCreate, CheckinRecord, PlanFollowUp, PlanSetStatus, ReviewUpdate, limits
from ..protocol.labels import FOLLOW_UP, PLAN_STATUSES, REVIEW_QUESTIONS, STATUS_NEEDS_REASON
from .errors import Change, Rejected
from .roles import is_staff
from .state import OpContext, WorkshopState, revise
from .texts import clean

LABEL_LIMIT = limits.CHECKIN_LABEL
NOTE_LIMIT = limits.CHECKIN_NOTE
REASON_LIMIT = limits.REASON


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1 → 28/29 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_dates(start: date) -> list[tuple[date, str]]:
    """K2: the guide's three check-ins: 3 weeks, 3 months and 6 months after `start`."""
    return [(add_months(start, months) + timedelta(weeks=weeks), label) for weeks, months, label in FOLLOW_UP]


def parse_day(text: str | None, field: str) -> date:
    try:
        if text is None or len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise Rejected("invalid", "Give the date as year-month-day, like 2027-03-15.", field) from None


def today(ctx: OpContext) -> date:
    return date.fromisoformat(ctx.now[:10])


def leads(plan: dict, actor: dict) -> bool:
    return plan.get("lead_id") is not None and plan["lead_id"] == actor["id"]


def at_table(state: WorkshopState, plan: dict, actor: dict) -> bool:
    board = state.get(plan["board_id"])
    return board is not None and actor.get("table_id") is not None and actor.get("table_id") == board["room_id"]


def require_follower(plan: dict, actor: dict, doing: str) -> None:
    """K1: facilitators, hosts and the plan's lead follow a plan up."""
    if not (is_staff(actor) or leads(plan, actor)):
        raise Rejected("forbidden", "Only a facilitator, a host or the plan's lead can {doing}.", doing=Word(doing))


def status_entry(status: str, reason: str | None, actor: dict, ctx: OpContext) -> dict:
    return {"status": status, "reason": reason or None, "by": actor["id"], "at": ctx.now}


def check_reason(status: str, reason: str | None, field: str = "reason") -> str | None:
    """K4: stuck, stopped and at risk say why; every reason fits in 500 characters."""
    reason = clean(reason or "")
    if len(reason) > REASON_LIMIT:
        raise Rejected("invalid", "A reason can be at most {limit} characters.", field, limit=REASON_LIMIT)
    if status in STATUS_NEEDS_REASON and not reason:
        raise Rejected("invalid", "Please say why the plan is {status}: people who took "
                                  "part will read it.", field, status=Lower(PLAN_STATUSES[status]))
    return reason or None


def with_status(plan: dict, status: str, reason: str | None, actor: dict, ctx: OpContext) -> dict:
    """K6: the plan's new status, added to its history (oldest first)."""
    history = list(plan.get("history") or []) + [status_entry(status, reason, actor, ctx)]
    return revise(plan, status=status, history=history)


def follow_up(state: WorkshopState, actor: dict, args: PlanFollowUp, ctx: OpContext) -> Change:
    """`plan.follow_up`: the guide's three check-ins, counted from `start` (default today)."""
    plan = state.require(args.plan_id, "action_plan", "action plan", "plan_id")
    require_follower(plan, actor, "plan the check-ins")
    if plan.get("follow_up_start"):
        raise Rejected("conflict", "This plan's check-ins were planned already, from {start}. "
                                   "Add another check-in if you need one.", "plan_id", start=plan["follow_up_start"])
    start = parse_day(args.start, "start") if args.start is not None else today(ctx)
    checkins = [new_checkin(plan, due.isoformat(), label, ctx) for due, label in follow_up_dates(start)]
    new_plan = revise(plan, follow_up_start=start.isoformat())
    return Change(put=[new_plan, *checkins], result={"checkin_ids": [c["id"] for c in checkins]})


def new_checkin(plan: dict, due: str, label: str, ctx: OpContext) -> dict:
    return {"id": ctx.new_id("k"), "kind": "checkin", "v": 1, "plan_id": plan["id"], "due": due, "label": label,
            "status": "due", "note": "", "plan_status": None, "done_by": None, "done_at": None, "corrections": [],
            "created_at": ctx.now}


def create_checkin(state: WorkshopState, actor: dict, args: CheckinCreate, ctx: OpContext) -> Change:
    """`checkin.create`: one more check-in, on any day, with its own label."""
    plan = state.require(args.plan_id, "action_plan", "action plan", "plan_id")
    require_follower(plan, actor, "add check-ins")
    due = parse_day(args.due, "due")
    label = " ".join(clean(args.label).split())
    if not 1 <= len(label) <= LABEL_LIMIT:
        raise Rejected("invalid", "A check-in needs a name of 1 to {limit} characters, like “3 months”.",
                       "label", limit=LABEL_LIMIT)
    checkin = new_checkin(plan, due.isoformat(), label, ctx)
    return Change(put=[checkin], result={"checkin_id": checkin["id"]})


def record_checkin(state: WorkshopState, actor: dict, args: CheckinRecord, ctx: OpContext) -> Change:
    """`checkin.record`: what happened, in plain words, and the plan's status now (K5, K6)."""
    checkin = state.require(args.checkin_id, "checkin", "check-in", "checkin_id")
    plan = state.require(checkin["plan_id"], "action_plan", "action plan", "checkin_id")
    if not (is_staff(actor) or leads(plan, actor) or at_table(state, plan, actor)):
        raise Rejected("forbidden", "Only a facilitator, a host, the plan's lead or the people of its table can "
                                    "record a check-in.")
    if checkin["status"] == "done":
        raise Rejected("conflict", "This check-in has been recorded already. Add another check-in for news.",
                       "checkin_id")
    note = check_note(args.note)
    done = revise(checkin, status="done", note=note, plan_status=args.plan_status, done_by=actor["id"],
                  done_at=ctx.now)
    return Change(put=[done, with_status(plan, args.plan_status, note_reason(note), actor, ctx)])


def check_note(text: str) -> str:
    note = clean(text)
    if not note:
        raise Rejected("invalid", "Please write what has happened, in a few plain words.", "note")
    if len(note) > NOTE_LIMIT:
        raise Rejected("too_long", "A check-in note holds at most {limit} characters.", "note", limit=NOTE_LIMIT)
    return note


def note_reason(note: str) -> str:
    """A check-in's note as the reason in the plan's history (at most 500 characters)."""
    return note if len(note) <= REASON_LIMIT else note[:REASON_LIMIT - 1] + "…"


def entry_of(checkin: dict) -> dict:
    """The history entry this check-in last wrote into its plan's history."""
    moved = [c for c in checkin.get("corrections") or [] if c.get("plan_followed")]
    by, at = (moved[-1]["by"], moved[-1]["at"]) if moved else (checkin["done_by"], checkin["done_at"])
    return {"status": checkin["plan_status"], "reason": note_reason(checkin["note"]), "by": by, "at": at}


def correct_checkin(state: WorkshopState, actor: dict, args: CheckinCorrect, ctx: OpContext) -> Change:
    """`checkin.correct`: a recorded check-in's wrong note or status put right, saying why (K7).

    The check-in keeps what it said before in `corrections` (with the reason, who and when); the
    plan's status and history follow only when the plan's latest news is still this check-in's, so
    a correction never undoes what happened to the plan since."""
    checkin = state.require(args.checkin_id, "checkin", "check-in", "checkin_id")
    plan = state.require(checkin["plan_id"], "action_plan", "action plan", "checkin_id")
    require_follower(plan, actor, "correct a check-in")
    if checkin["status"] != "done":
        raise Rejected("invalid", "This check-in has not been recorded yet: record it instead of correcting it.",
                       "checkin_id")
    reason = clean(args.reason)
    if not reason:
        raise Rejected("invalid", "Please say why the check-in is corrected: the correction is kept in its story.",
                       "reason")
    if len(reason) > REASON_LIMIT:
        raise Rejected("invalid", "A reason can be at most {limit} characters.", "reason", limit=REASON_LIMIT)
    note = check_note(args.note) if args.note is not None else checkin["note"]
    plan_status = args.plan_status or checkin["plan_status"]
    if note == checkin["note"] and plan_status == checkin["plan_status"]:
        raise Rejected("invalid", "The note and the status are as they were: change one of them to correct it.",
                       "note" if args.note is not None else "plan_status")
    history = plan.get("history") or []
    follows = bool(history) and history[-1] == entry_of(checkin)
    correction = {"note": checkin["note"], "plan_status": checkin["plan_status"], "reason": reason,
                  "by": actor["id"], "at": ctx.now, "plan_followed": follows}
    corrected = revise(checkin, note=note, plan_status=plan_status,
                       corrections=list(checkin.get("corrections") or []) + [correction])
    put = [corrected]
    if follows:
        put.append(with_status(plan, plan_status, note_reason(note), actor, ctx))
    return Change(put=put, result={"plan_followed": follows})


def set_status(state: WorkshopState, actor: dict, args: PlanSetStatus, ctx: OpContext) -> Change:
    """`plan.set_status`: the plan's status between check-ins, with a reason when it is in trouble."""
    plan = state.require(args.plan_id, "action_plan", "action plan", "plan_id")
    require_follower(plan, actor, "change a plan's status")
    reason = check_reason(args.status, args.reason)
    if args.status == plan.get("status", "planned") and not reason:
        raise Rejected("invalid", "The plan is {status} already. Give a reason to "
                                  "add news to its story.", "status", status=Lower(PLAN_STATUSES[args.status]))
    return Change(put=[with_status(plan, args.status, reason, actor, ctx)])


def update_review(state: WorkshopState, actor: dict, args: ReviewUpdate, ctx: OpContext) -> Change:
    """`review.update`: the facilitator's answer to one of the guide's review questions (stage 8)."""
    if args.question not in REVIEW_QUESTIONS:
        raise Rejected("invalid", "That is not one of the review questions.", "question")
    text = clean(args.text)
    if len(text) > limits.REVIEW_ANSWER:
        raise Rejected("too_long", "An answer holds at most {limit} characters.", "text", limit=limits.REVIEW_ANSWER)
    workshop = state.workshop()
    review = {k: v for k, v in {**(workshop.get("review") or {}), args.question: text}.items() if v}
    if review == (workshop.get("review") or {}):
        raise Rejected("invalid", "That answer is there already.", "text")
    return Change(put=[revise(workshop, review=review)])
