"""Progress for everyone who took part: each plan, its lead, its status in words, its last update
and its next check-in, in plain language (PROTOCOL.md `GET …/progress`).

Names are read from the participant records when the view is made, never copied into the plan's
history, so an erased person is "Erased person" here too.
"""
from ..i18n import DEFAULT, day_in_words, gettext
from ..protocol.labels import PLAN_STATUSES
from .state import WorkshopState


def status_words(status: str, reason: str | None, lang: str = DEFAULT) -> str:
    """"On track", or with its reason: "Stuck: Waiting for the bus company" (the label in `lang`, the reason as written)."""
    label = gettext(lang, PLAN_STATUSES[status]) if status in PLAN_STATUSES else status
    if not reason:
        return label
    return f"{label}: {reason}"  # as the person wrote it (a name or a place keeps its capital)


def name_of(state: WorkshopState, participant_id: str | None) -> str | None:
    person = state.get(participant_id) if participant_id else None
    return person["name"] if person and person["kind"] == "participant" else None


def plans_in_table_order(state: WorkshopState) -> list[dict]:
    def order(plan):
        board = state.get(plan["board_id"]) or {}
        room = state.get(board.get("room_id")) or {}
        return (room.get("number") is None, room.get("number") or 0, plan["created_at"], plan["id"])
    return sorted(state.of_kind("action_plan"), key=order)


def checkins_of(state: WorkshopState, plan_id: str) -> list[dict]:
    return sorted((c for c in state.of_kind("checkin") if c["plan_id"] == plan_id), key=lambda c: (c["due"], c["id"]))


def checkin_view(state: WorkshopState, checkin: dict, today: str, lang: str = DEFAULT) -> dict:
    """A check-in in words. Its label is the guide's ("3 months", said in `lang`) or one someone wrote (as written)."""
    overdue = checkin["status"] == "due" and checkin["due"] < today
    when = day_in_words(checkin["due"], lang)
    label = gettext(lang, checkin["label"])
    if checkin["status"] == "done":
        words = gettext(lang, "{label}: done", label=label)
    elif checkin["due"] <= today:
        words = (gettext(lang, "{label}: due now (since {when})", label=label, when=when) if overdue
                 else gettext(lang, "{label}: due today", label=label))
    else:
        words = f"{label}: {when}"
    return {"checkin_id": checkin["id"], "label": label, "due": checkin["due"], "due_words": when,
            "status": checkin["status"], "is_due": checkin["status"] == "due" and checkin["due"] <= today,
            "note": checkin["note"] or None, "plan_status": checkin.get("plan_status"),
            "done_by": name_of(state, checkin.get("done_by")), "done_at": checkin.get("done_at"), "words": words}


def plan_view(state: WorkshopState, plan: dict, today: str, lang: str = DEFAULT) -> dict:
    """A plan in words; `lang` is the language of the words made here (people's text stays as written)."""
    history = [{"status": h["status"], "status_words": status_words(h["status"], h.get("reason"), lang),
                "reason": h.get("reason"), "by": name_of(state, h.get("by")), "at": h["at"]}
               for h in plan.get("history") or []]
    checkins = [checkin_view(state, c, today, lang) for c in checkins_of(state, plan["id"])]
    upcoming = [c for c in checkins if c["status"] == "due"]
    latest = history[-1] if history else None
    status = plan.get("status", "planned")
    board = state.get(plan["board_id"]) or {}
    room = state.get(board.get("room_id")) or {}
    return {"plan_id": plan["id"], "code": plan.get("code"), "idea": plan["idea_text"],
            "lead": plan.get("lead_id") and name_of(state, plan["lead_id"]), "lead_id": plan.get("lead_id"),
            "table": room.get("name") if room.get("type") == "table" else None,
            "theme": board.get("theme_text"),
            "status": status, "status_label": gettext(lang, PLAN_STATUSES[status]) if status in PLAN_STATUSES else status,
            "status_words": status_words(status, latest["reason"] if latest and latest["status"] == status else None,
                                         lang),
            "aim": plan["fields"].get("aim") or None, "baseline": plan.get("baseline") or None,
            "indicators": plan.get("indicators") or None,
            "last_update": ({"at": latest["at"], "words": latest["status_words"], "by": latest["by"]}
                            if latest and len(history) > 1 else None),
            "history": history, "next_checkin": upcoming[0] if upcoming else None, "checkins": checkins}


def progress(state: WorkshopState, viewer: dict, today: str, lang: str = DEFAULT) -> dict:
    """`GET …/progress`: every plan, in table order; `due_checkins`: what the viewer should follow up now
    (every plan's for staff, their own plans' for a lead). Its words in the reader's language."""
    plans = [plan_view(state, p, today, lang) for p in plans_in_table_order(state)]
    staff = viewer["role"] in ("facilitator", "host")
    mine = [p["plan_id"] for p in plans if p["lead_id"] == viewer["id"]]
    due = [{**c, "plan_id": p["plan_id"], "code": p["code"], "idea": p["idea"]}
           for p in plans if staff or p["plan_id"] in mine for c in p["checkins"] if c["is_due"]]
    return {"today": today, "plans": plans, "my_plan_ids": mine, "due_checkins": due}
