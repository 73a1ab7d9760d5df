"""After the workshop over HTTP: progress for every member, the mop-up view for staff, .ics calendars."""
import httpx
import pytest
from icalendar import Calendar

from .conftest import assert_error
from .data_helpers import auth, do_op, populated


@pytest.fixture(scope="module")
def followed(server):
    """The populated journey, its plan led by a participant and followed up."""
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        journey = populated(server, http)
        wid, token = journey["workshop_id"], journey["token"]
        lead = server.join(journey, "Lee")
        other = server.join(journey, "Oli")
        plan = next(r for r in server.state(wid, token)["records"] if r["kind"] == "action_plan")
        do_op(server, wid, token, "plan.set_lead", plan_id=plan["id"], participant_id=lead["participant_id"])
        do_op(server, wid, token, "plan.follow_up", plan_id=plan["id"], start="2026-01-31")
        do_op(server, wid, lead["token"], "plan.set_status", plan_id=plan["id"], status="stuck",
              reason="Waiting for the bus company")
        return {**journey, "lead": lead, "other": other, "plan_id": plan["id"]}


def get(http, journey, path, token=None):
    return http.get(f"/api/workshops/{journey['workshop_id']}/{path}", headers=auth(token or journey["token"]))


def test_progress_for_any_member_in_plain_words(http, followed):
    r = get(http, followed, "progress", followed["other"]["token"])
    assert r.status_code == 200
    (plan,) = r.json()["plans"]
    assert {"plan_id", "code", "idea", "lead", "status", "history", "next_checkin", "checkins"} <= set(plan)
    assert plan["idea"] == "Evening buddy scheme" and plan["lead"] == "Lee" and plan["status"] == "stuck"
    assert plan["status_words"] == "Stuck: Waiting for the bus company"
    assert [c["due"] for c in plan["checkins"]] == ["2026-02-21", "2026-04-30", "2026-07-31"]
    assert plan["next_checkin"]["label"] == "2–4 weeks: check and challenge" and plan["next_checkin"]["is_due"]
    assert r.json()["due_checkins"] == []  # Oli neither leads a plan nor is staff
    lead = get(http, followed, "progress", followed["lead"]["token"]).json()
    assert lead["my_plan_ids"] == [followed["plan_id"]] and len(lead["due_checkins"]) == 3  # all past by now
    assert_error(http.get(f"/api/workshops/{followed['workshop_id']}/progress"), 401, "unauthorized")


def test_mop_up_for_staff_only(http, followed):
    r = get(http, followed, "mop-up")
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"themes_not_chosen", "cross_cutting", "ideas_not_taken", "parking"}
    assert any(t["text"] == "I am lonely" and t["board"] == "nww" and t["cards"] == 1
               for t in body["themes_not_chosen"])
    assert body["parking"][0]["text"] == "=Ask about funding" and body["parking"][0]["reviewed"] is False
    assert all(i["text"] != "Evening buddy scheme" for i in body["ideas_not_taken"])  # it has its plan
    assert_error(get(http, followed, "mop-up", followed["other"]["token"]), 403, "forbidden")


def test_plan_checkins_ics_parses_with_the_icalendar_library(http, followed):
    r = get(http, followed, f"plans/{followed['plan_id']}/checkins.ics", followed["other"]["token"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    assert "attachment" in r.headers["content-disposition"]
    cal = Calendar.from_ical(r.content)
    events = cal.walk("VEVENT")
    assert [(str(e["summary"]).split(":")[0], e.decoded("dtstart").isoformat()) for e in events] == [
        ("Check-in 2–4 weeks", "2026-02-21"), ("Check-in 3 months", "2026-04-30"),
        ("Check-in 6 months", "2026-07-31")]
    assert all(str(e["uid"]).endswith(f"@{followed['workshop_id']}.coboard") for e in events)
    assert "Evening buddy scheme" in str(events[0]["summary"]) and "Stuck" in str(events[0]["description"])
    assert_error(get(http, followed, "plans/a_nope/checkins.ics"), 404, "not_found")


def test_card_trail_from_answer_to_plan_for_staff(http, followed):
    wid, token = followed["workshop_id"], followed["token"]
    records = http.get(f"/api/workshops/{wid}/state", headers=auth(token)).json()["records"]
    card = next(c for c in records if c["kind"] == "card" and c.get("theme_id") == followed["theme_id"])
    r = get(http, followed, f"cards/{card['id']}/trail")
    assert r.status_code == 200
    t = r.json()
    assert t["text"] == card["text"] and t["answer"]["original"] and t["theme"]["text"] == "I am lonely"
    assert t["theme"]["dots"] == 1 and t["table"] is None and t["plans"] == []  # no table took it in this journey
    assert_error(get(http, followed, f"cards/{card['id']}/trail", followed["other"]["token"]), 403, "forbidden")
    assert_error(get(http, followed, f"cards/{followed['theme_id']}/trail"), 404, "not_found")


def test_the_workshop_xlsx_has_each_plans_status_baseline_indicators_and_its_check_ins(server, http, followed):
    """Runs last in this module: it records the first check-in and writes the baseline and indicators."""
    import io

    from openpyxl import load_workbook

    wid, token, lead = followed["workshop_id"], followed["token"], followed["lead"]
    plan_id = followed["plan_id"]
    do_op(server, wid, lead["token"], "plan.update", plan_id=plan_id, field="baseline",
          text="Two people get out in the evening")
    do_op(server, wid, lead["token"], "plan.update", plan_id=plan_id, field="indicators",
          text="=Ten people a week")  # a formula-looking answer stays text
    first = next(r for r in http.get(f"/api/workshops/{wid}/state", headers=auth(token)).json()["records"]
                 if r["kind"] == "checkin" and r["plan_id"] == plan_id and r["due"] == "2026-02-21")
    do_op(server, wid, lead["token"], "checkin.record", checkin_id=first["id"],
          note="Met the bus company; waiting for their answer", plan_status="stuck")

    r = get(http, followed, "export.xlsx")
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    head, *rows = list(book["Action plans"].iter_rows(values_only=True))
    plan = next(row for row in rows if row[head.index("Idea")] == "Evening buddy scheme")
    assert plan[head.index("Lead")] == "Lee" and plan[head.index("Status")] == "Stuck"
    assert plan[head.index("Why (latest reason)")] == "Met the bus company; waiting for their answer"
    assert plan[head.index("Where we started (baseline)")] == "Two people get out in the evening"
    assert plan[head.index("How we will know (indicators)")] == "'=Ten people a week"

    head, *rows = list(book["Check-ins"].iter_rows(values_only=True))
    assert head == ("Table", "Code", "Plan", "Check-in", "Due", "Status", "Note", "Plan status then", "Recorded by",
                    "Recorded on")
    assert [(row[2], row[3], row[4], row[5]) for row in rows] == [
        ("Evening buddy scheme", "2–4 weeks: check and challenge", "2026-02-21", "Done"),
        ("Evening buddy scheme", "3 months", "2026-04-30", "Due"),
        ("Evening buddy scheme", "6 months", "2026-07-31", "Due")]
    assert rows[0][6] == "Met the bus company; waiting for their answer" and rows[0][7] == "Stuck"
    assert rows[0][8] == "Lee" and rows[1][6] is None and rows[1][8] is None
    csv = get(http, followed, "export/check-ins.csv")
    assert csv.status_code == 200 and "Met the bus company" in csv.content.decode("utf-8-sig")


def test_progress_and_the_calendar_in_the_askers_language(http, followed):
    """Progress and a plan's .ics are the asker's own reading: in their language (the cookie the page sets);
    what people wrote (the idea, the reason) as written. Reports stay in the workshop's default language."""
    welsh = {**auth(followed["other"]["token"]), "Cookie": "coboard_lang=cy"}
    wid = followed["workshop_id"]
    r = http.get(f"/api/workshops/{wid}/progress", headers=welsh)
    (plan,) = r.json()["plans"]
    assert plan["status"] == "stuck" and plan["status_words"].startswith("Yn sownd: ")
    assert [c["label"] for c in plan["checkins"]] == ["2–4 wythnos: gwirio a herio", "3 mis", "6 mis"]
    assert plan["checkins"][0]["due_words"] == "21 Chwefror 2026"
    ics = http.get(f"/api/workshops/{wid}/plans/{followed['plan_id']}/checkins.ics", headers=welsh)
    events = Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(events[1]["summary"]) == "Sesiwn wirio 3 mis: Evening buddy scheme"
    assert "Statws nawr: Yn sownd" in str(events[0]["description"]) and "Status now" not in str(events[0]["description"])
