"""Living action plans after the workshop: status, history, baseline, indicators and check-ins (K1–K6)."""
from datetime import date

import pytest

from server.domain.errors import Rejected
from server.domain.followup import add_months, follow_up_dates
from server.domain.views import visible
from server.protocol.labels import FOLLOW_UP
from server.protocol.records import RECORDS

from .facilitation_helpers import Workshop


@pytest.fixture
def plan():
    """A table's plan with Ada at the table, Bob its lead from another table, Cy elsewhere."""
    w = Workshop(people=["Ada", "Bob", "Cy"])
    table1, table2 = (w.run(w.fac, "room.create", type="table").result["room_id"] for _ in range(2))
    ideas = w.run(w.fac, "board.create", type="ideas", room_id=table1).result["board_id"]
    idea = w.run(w.fac, "card.create", board_id=ideas, type="idea", hat="C", text="A lift share").result["card_id"]
    (on_grid,) = w.run(w.fac, "grid.add", card_ids=[idea]).result["card_ids"]
    w.run(w.fac, "grid.place", card_id=on_grid, impact=0.9, effort=0.2)
    board = w.run(w.fac, "board.create", type="action_plan", room_id=table1).result["board_id"]
    ada, bob, cy = w.people
    w.run(w.fac, "room.assign", participant_id=ada, room_id=table1)
    w.run(w.fac, "room.assign", participant_id=bob, room_id=table2)
    plan_id = w.run(ada, "plan.create", board_id=board, idea_id=on_grid).result["plan_id"]
    w.run(ada, "plan.set_lead", plan_id=plan_id, participant_id=bob)
    return w, plan_id


def checked(w, record_id):
    record = w.get(record_id)
    RECORDS[record["kind"]].model_validate(record)  # every record as its model says
    return record


def test_K6_a_new_plan_is_planned_with_its_first_history_entry(plan):
    w, plan_id = plan
    p = checked(w, plan_id)
    assert p["status"] == "planned" and [h["status"] for h in p["history"]] == ["planned"]
    assert p["baseline"] == "" and p["indicators"] == ""


def test_plan_update_baseline_and_indicators_up_to_1000(plan):
    w, plan_id = plan
    ada = w.people[0]
    w.run(ada, "plan.update", plan_id=plan_id, field="baseline", text="  2 of 10 people get a lift  ")
    w.run(ada, "plan.update", plan_id=plan_id, field="indicators", text="x" * 1000)
    p = checked(w, plan_id)
    assert p["baseline"] == "2 of 10 people get a lift" and len(p["indicators"]) == 1000
    assert "baseline" not in p["fields"] and p["edited_by"]["baseline"] == ada
    with pytest.raises(Rejected) as e:
        w.run(ada, "plan.update", plan_id=plan_id, field="indicators", text="x" * 1001)
    assert e.value.code == "too_long" and w.get(plan_id)["indicators"] == "x" * 1000


def test_K2_the_three_check_ins_fall_3_weeks_3_months_and_6_months_after_the_start():
    assert [(d.isoformat(), label) for d, label in follow_up_dates(date(2026, 11, 26))] == [
        ("2026-12-17", "2–4 weeks: check and challenge"), ("2027-02-26", "3 months"), ("2027-05-26", "6 months")]
    assert [label for _, _, label in FOLLOW_UP] == ["2–4 weeks: check and challenge", "3 months", "6 months"]


def test_K2_month_ends_give_the_last_day_of_a_shorter_month():
    assert [d.isoformat() for d, _ in follow_up_dates(date(2027, 1, 31))] == ["2027-02-21", "2027-04-30",
                                                                              "2027-07-31"]
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)  # a leap year
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)  # across the year


def test_plan_follow_up_makes_three_due_check_ins_and_K3_a_second_call_is_a_conflict(plan):
    w, plan_id = plan
    bob = w.people[1]  # the lead, sitting at another table
    ids = w.run(bob, "plan.follow_up", plan_id=plan_id, start="2027-01-31").result["checkin_ids"]
    checkins = [checked(w, i) for i in ids]
    assert [(c["due"], c["label"], c["status"]) for c in checkins] == [
        ("2027-02-21", "2–4 weeks: check and challenge", "due"), ("2027-04-30", "3 months", "due"),
        ("2027-07-31", "6 months", "due")]
    assert all(c["plan_id"] == plan_id for c in checkins)
    with pytest.raises(Rejected) as e:
        w.run(w.fac, "plan.follow_up", plan_id=plan_id)
    assert e.value.code == "conflict"
    assert sum(1 for _ in w.state.of_kind("checkin")) == 3


def test_plan_follow_up_defaults_to_today_and_refuses_a_bad_date(plan):
    w, plan_id = plan
    with pytest.raises(Rejected) as e:
        w.run(w.fac, "plan.follow_up", plan_id=plan_id, start="31/01/2027")
    assert e.value.field == "start" and not w.get(plan_id).get("follow_up_start")
    ids = w.run(w.host, "plan.follow_up", plan_id=plan_id).result["checkin_ids"]
    assert w.get(ids[0])["due"] == "2026-12-17"  # the workshop's clock says 26 November 2026


def test_K1_only_staff_and_the_lead_follow_a_plan_up(plan):
    w, plan_id = plan
    ada, bob, cy = w.people
    for person in (ada, cy):  # at the table but not the lead; elsewhere
        for op, args in (("plan.follow_up", {}), ("checkin.create", {"due": "2027-03-01", "label": "Extra"}),
                         ("plan.set_status", {"status": "started"})):
            with pytest.raises(Rejected) as e:
                w.run(person, op, plan_id=plan_id, **args)
            assert e.value.code == "forbidden" and "lead" in e.value.message
    with pytest.raises(Rejected) as e:
        w.run(w.projector, "plan.set_status", plan_id=plan_id, status="started")
    assert e.value.code == "forbidden"
    w.run(bob, "plan.set_status", plan_id=plan_id, status="started")
    w.run(bob, "plan.update", plan_id=plan_id, field="baseline", text="We start from nothing")
    assert w.get(plan_id)["status"] == "started" and w.get(plan_id)["baseline"] == "We start from nothing"


def test_checkin_create_adds_one_more_with_its_label(plan):
    w, plan_id = plan
    cid = w.run(w.fac, "checkin.create", plan_id=plan_id, due="2027-09-01", label="  Mop-up  meeting ").result[
        "checkin_id"]
    assert checked(w, cid)["label"] == "Mop-up meeting" and w.get(cid)["status"] == "due"
    for args, field in (({"due": "2027-02-30", "label": "x"}, "due"), ({"due": "2027-02-01", "label": " "}, "label"),
                        ({"due": "2027-02-01", "label": "x" * 81}, "label")):
        with pytest.raises(Rejected) as e:
            w.run(w.fac, "checkin.create", plan_id=plan_id, **args)
        assert (e.value.code, e.value.field) == ("invalid", field)


def test_checkin_record_K5_by_the_lead_or_the_table_and_K6_the_plan_follows(plan):
    w, plan_id = plan
    ada, bob, cy = w.people
    first, second, _ = w.run(w.fac, "plan.follow_up", plan_id=plan_id, start="2026-11-26").result["checkin_ids"]
    with pytest.raises(Rejected) as e:  # Cy is neither lead nor at the table
        w.run(cy, "checkin.record", checkin_id=first, note="All fine", plan_status="on_track")
    assert e.value.code == "forbidden"
    w.run(ada, "checkin.record", checkin_id=first, note="We met the bus company", plan_status="on_track")
    c = checked(w, first)
    assert (c["status"], c["note"], c["plan_status"], c["done_by"]) == ("done", "We met the bus company",
                                                                         "on_track", ada)
    p = w.get(plan_id)
    assert p["status"] == "on_track" and p["history"][-1] == {
        "status": "on_track", "reason": "We met the bus company", "by": ada, "at": w.ctx.now}
    with pytest.raises(Rejected) as e:
        w.run(bob, "checkin.record", checkin_id=first, note="again", plan_status="done")
    assert e.value.code == "conflict"
    for note, code in (("   ", "invalid"), ("x" * 2001, "too_long")):
        with pytest.raises(Rejected) as e:
            w.run(bob, "checkin.record", checkin_id=second, note=note, plan_status="stuck")
        assert (e.value.code, e.value.field) == (code, "note")
    w.run(bob, "checkin.record", checkin_id=second, note="Waiting for the bus company " * 40, plan_status="stuck")
    assert w.get(plan_id)["status"] == "stuck" and len(w.get(plan_id)["history"][-1]["reason"]) == 500


def test_checkin_correct_K7_a_wrong_note_or_status_put_right_by_staff_or_the_lead_with_a_reason(plan):
    w, plan_id = plan
    ada, bob, cy = w.people  # Ada sits at the plan's table, Bob leads it, Cy is elsewhere
    first, second, _ = w.run(w.fac, "plan.follow_up", plan_id=plan_id, start="2026-11-26").result["checkin_ids"]
    with pytest.raises(Rejected) as e:  # not recorded yet: record it
        w.run(bob, "checkin.correct", checkin_id=first, note="x", reason="typo")
    assert (e.value.code, e.value.field) == ("invalid", "checkin_id")
    w.run(ada, "checkin.record", checkin_id=first, note="We met the bus compnay", plan_status="done")
    before = {k: dict(v) for k, v in w.state.records.items()}
    for who, args, code, field in (
            (ada, {"note": "We met the bus company", "reason": "typo"}, "forbidden", None),  # the table records, only
            (cy, {"note": "We met the bus company", "reason": "typo"}, "forbidden", None),  # staff and the lead correct
            (w.projector, {"note": "We met the bus company", "reason": "typo"}, "forbidden", None),
            (bob, {"note": "We met the bus company", "reason": "   "}, "invalid", "reason"),  # K7: say why
            (bob, {"note": "We met the bus company", "reason": "x" * 501}, "invalid", "reason"),
            (bob, {"note": "  ", "reason": "typo"}, "invalid", "note"),
            (bob, {"note": "x" * 2001, "reason": "typo"}, "too_long", "note"),
            (bob, {"note": "We met the bus compnay", "reason": "typo"}, "invalid", "note"),  # nothing changes
            (bob, {"plan_status": "done", "reason": "typo"}, "invalid", "plan_status")):
        with pytest.raises(Rejected) as e:
            w.run(who, "checkin.correct", checkin_id=first, **args)
        assert e.value.code == code and (field is None or e.value.field == field), (args, e.value.message)
    assert w.state.records == before  # a refusal changes nothing

    # The lead: the plan is not done, it is on track, and the note had a typo
    at = w.ctx.now
    r = w.run(bob, "checkin.correct", checkin_id=first, note="We met the bus company", plan_status="on_track",
              reason="Typed done by mistake")
    assert r.result == {"plan_followed": True}
    c = checked(w, first)
    assert (c["note"], c["plan_status"], c["status"], c["done_by"]) == ("We met the bus company", "on_track", "done",
                                                                         ada)
    assert c["corrections"] == [{"note": "We met the bus compnay", "plan_status": "done",
                                 "reason": "Typed done by mistake", "by": bob, "at": at, "plan_followed": True}]
    p = checked(w, plan_id)
    assert p["status"] == "on_track"
    assert [(h["status"], h["reason"], h["by"]) for h in p["history"]] == [
        ("planned", None, ada), ("done", "We met the bus compnay", ada), ("on_track", "We met the bus company", bob)]

    # staff correct it again (the note only): kept in order; the plan follows, its status unchanged
    w.run(w.host, "checkin.correct", checkin_id=first, note="We met the bus company twice", reason="Two meetings")
    assert [x["reason"] for x in checked(w, first)["corrections"]] == ["Typed done by mistake", "Two meetings"]
    assert w.get(plan_id)["history"][-1]["reason"] == "We met the bus company twice"
    assert w.get(plan_id)["status"] == "on_track"

    # once the plan has moved on, a correction of the old check-in leaves the plan's status alone
    w.run(bob, "plan.set_status", plan_id=plan_id, status="stuck", reason="The bus company went quiet")
    r = w.run(w.fac, "checkin.correct", checkin_id=first, plan_status="started", reason="It had only started")
    assert r.result == {"plan_followed": False} and checked(w, first)["plan_status"] == "started"
    assert w.get(plan_id)["status"] == "stuck"
    assert w.get(plan_id)["history"][-1]["reason"] == "The bus company went quiet"
    assert checked(w, first)["corrections"][-1]["plan_followed"] is False
    assert w.get(second)["status"] == "due" and w.get(second)["corrections"] == []


def test_plan_set_status_K4_reason_required_for_stuck_stopped_at_risk(plan):
    w, plan_id = plan
    bob = w.people[1]
    for status in ("stuck", "stopped", "at_risk"):
        with pytest.raises(Rejected) as e:
            w.run(bob, "plan.set_status", plan_id=plan_id, status=status, reason="  ")
        assert (e.value.code, e.value.field) == ("invalid", "reason")
    with pytest.raises(Rejected) as e:
        w.run(bob, "plan.set_status", plan_id=plan_id, status="stuck", reason="x" * 501)
    assert e.value.field == "reason"
    assert w.get(plan_id)["status"] == "planned" and len(w.get(plan_id)["history"]) == 1
    w.run(bob, "plan.set_status", plan_id=plan_id, status="stuck", reason="Waiting for the bus company")
    w.run(bob, "plan.set_status", plan_id=plan_id, status="stuck", reason="Still waiting")  # news, same status
    with pytest.raises(Rejected) as e:
        w.run(bob, "plan.set_status", plan_id=plan_id, status="stuck")
    assert e.value.code == "invalid"
    w.run(w.fac, "plan.set_status", plan_id=plan_id, status="done")
    p = checked(w, plan_id)
    assert [(h["status"], h["reason"]) for h in p["history"]] == [
        ("planned", None), ("stuck", "Waiting for the bus company"), ("stuck", "Still waiting"), ("done", None)]
    assert [h["by"] for h in p["history"][1:]] == [bob, bob, w.fac]


def test_check_ins_and_plan_status_are_seen_by_every_member(plan):
    w, plan_id = plan
    (cid, *_) = w.run(w.fac, "plan.follow_up", plan_id=plan_id).result["checkin_ids"]
    cy = w.get(w.people[2])
    assert visible(w.get(cid), cy) == w.get(cid)
    assert visible(w.get(plan_id), cy)["history"] == w.get(plan_id)["history"]
    assert visible(w.get(cid), w.get(w.projector)) == w.get(cid)


def test_review_update_the_facilitator_answers_the_guides_review_questions():
    w = Workshop(people=["Ada"])
    w.run(w.fac, "review.update", question="achieved", text="  Two plans are on track ")
    assert w.state.workshop()["review"] == {"achieved": "Two plans are on track"}
    for who, args, code in ((w.host, {"question": "achieved", "text": "x"}, "forbidden"),
                            (w.fac, {"question": "colour", "text": "x"}, "invalid"),
                            (w.fac, {"question": "next", "text": "x" * 2001}, "too_long"),
                            (w.fac, {"question": "achieved", "text": "Two plans are on track"}, "invalid")):
        with pytest.raises(Rejected) as e:
            w.run(who, "review.update", **args)
        assert e.value.code == code
    w.run(w.fac, "review.update", question="achieved", text="")
    assert w.state.workshop()["review"] == {}
