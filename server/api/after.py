"""After the workshop over HTTP: progress for everyone, the mop-up view for staff, check-ins as calendars."""
from datetime import date, datetime, timezone

from fastapi import APIRouter
from fastapi.responses import ORJSONResponse, Response
from icalendar import Calendar, Event

from ..domain.mop_up import mop_up
from ..domain.progress import checkins_of, progress
from ..domain.trail import trail
from ..i18n import gettext
from ..protocol.labels import PLAN_STATUSES
from .data import Staff, download
from .deps import Member, MemberContext
from .errors import ApiError

router = APIRouter(prefix="/api/workshops")


def today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


@router.get("/{workshop_id}/progress")
async def plans_progress(member: Member):
    """Every plan for every member, in words a participant can read (read-only)."""
    return ORJSONResponse(progress(member.hub.state, member.participant, today(), member.language))


@router.get("/{workshop_id}/mop-up")
async def mop_up_view(member: MemberContext = Staff):
    return ORJSONResponse(mop_up(member.hub.state, member.language))


@router.get("/{workshop_id}/cards/{card_id}/trail")
async def card_trail(card_id: str, member: MemberContext = Staff):
    """A data card's trail: its answer, theme, dots, the table's root causes, the plan and its status."""
    found = trail(member.hub.state, card_id, today(), member.language)
    if found is None:
        raise ApiError(404, "not_found", "That is not a data card of this workshop.")
    return ORJSONResponse(found)


@router.get("/{workshop_id}/plans/{plan_id}/checkins.ics")
async def plan_calendar(plan_id: str, member: Member):
    """A plan's check-ins as an iCalendar file (RFC 5545), one all-day event each, for any calendar."""
    state = member.hub.state
    plan = state.get(plan_id)
    if plan is None or plan["kind"] != "action_plan":
        raise ApiError(404, "not_found", "That action plan is not here any more.")
    workshop = state.workshop()
    lang = member.language  # a file for the asker's own calendar: in their language

    def _(msgid: str, **params) -> str:
        return gettext(lang, msgid, **params)

    cal = Calendar()
    cal.add("prodid", "-//Coboard//Working Together for Change//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Check-ins: {plan}", plan=f"{plan.get('code') or ''} {plan['idea_text']}".strip())[:120])
    stamp = datetime.now(timezone.utc)
    for checkin in checkins_of(state, plan_id):
        event = Event()
        event.add("uid", f"{checkin['id']}@{workshop['id']}.coboard")
        event.add("dtstamp", stamp)
        due = date.fromisoformat(checkin["due"])
        event.add("dtstart", due)
        event.add("dtend", date.fromordinal(due.toordinal() + 1))
        event.add("summary", _("Check-in {label}: {idea}", label=_(checkin["label"]), idea=plan["idea_text"])[:200])
        status = plan.get("status", "planned")
        lines = [_("Action plan from {workshop}: {idea}", workshop=workshop["title"], idea=plan["idea_text"]),
                 _("Status now: {status}", status=_(PLAN_STATUSES[status]) if status in PLAN_STATUSES else status)]
        if plan["fields"].get("aim"):
            lines.append(_("Aim: {aim}", aim=plan["fields"]["aim"]))
        if checkin["status"] == "done":
            lines.append(_("Recorded: {note}", note=checkin["note"]))
        event.add("description", "\n".join(lines))
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    name = f"checkins-{(plan.get('code') or 'plan').replace('+', '-')}.ics"
    return download(cal.to_ical(), "text/calendar; charset=utf-8", name)
