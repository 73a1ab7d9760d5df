"""The review in the report (stage 8): plans' journeys, indicators, feedback over time, the review
questions, "What happened to what you said", and a true "You said, we did" on one A4 page."""
import io

import httpx
import pytest
from pypdf import PdfReader

from server.protocol.labels import REVIEW_QUESTIONS

from .data_helpers import auth, do_op, populated, records


@pytest.fixture(scope="module")
def reviewed(server):
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        journey = populated(server, http)
        wid, token = journey["workshop_id"], journey["token"]
        plan = records(server, journey, "action_plan")[0]["id"]
        do_op(server, wid, token, "plan.update", plan_id=plan, field="baseline", text="Two people go out at night")
        do_op(server, wid, token, "plan.update", plan_id=plan, field="indicators", text="Ten people go out at night")
        first, *_ = do_op(server, wid, token, "plan.follow_up", plan_id=plan, start="2026-01-05")["checkin_ids"]
        do_op(server, wid, token, "checkin.record", checkin_id=first, note="Six volunteers signed up",
              plan_status="on_track")
        do_op(server, wid, token, "plan.set_status", plan_id=plan, status="at_risk", reason="The grant is late")
        do_op(server, wid, token, "review.update", question="achieved", text="One plan is on its way")
        fid = do_op(server, wid, token, "feedback.open", place="Leeds", checkin_id=first)["feedback_id"]
        people = [server.join(journey, name) for name in ("Ada", "Bob", "Cy")]
        for person, word in zip(people, ("brave", "brave", "slow")):
            do_op(server, wid, person["token"], "feedback.answer", feedback_id=fid, equals=4, words=[word],
                  help=f"Help from {word}")
        do_op(server, wid, token, "feedback.close", feedback_id=fid)  # the results are worked out at the close
        # a second idea with one dot, never planned
        ideas = records(server, journey, "board")
        ideas_board = next(b["id"] for b in ideas if b["type"] == "ideas")
        taxi = do_op(server, wid, token, "card.create", board_id=ideas_board, type="idea", hat="R",
                     text="Free taxis at night")["card_id"]
        round_id = do_op(server, wid, token, "round.open", board_id=ideas_board)["round_id"]
        do_op(server, wid, token, "vote.cast", round_id=round_id, target_id=taxi)
        do_op(server, wid, token, "round.close", round_id=round_id)
        return journey


def get(http, journey, path):
    return http.get(f"/api/workshops/{journey['workshop_id']}/{path}", headers=auth(journey["token"]), timeout=30)


def test_report_has_each_plans_journey_indicators_feedback_and_review_questions(http, reviewed):
    html = get(http, reviewed, "report.html").text
    for words in ("After the workshop: the action plans", "Progress against the indicators", "Two people go out",
                  "Ten people go out", "The plan&#x27;s journey", "Six volunteers signed up", "At risk: The grant is late",
                  "2–4 weeks: check and challenge", "Reflective feedback", "3 answers",
                  "We work together as equals", "4.0", "brave (2)", "Help from slow",
                  "What happened to what you said", "You said: I am lonely", "One plan is on its way"):
        assert words in html, words
    for question in REVIEW_QUESTIONS.values():
        assert question in html
    for name in ("Ada", "Bob"):  # feedback answers name nobody
        assert name not in html


def test_you_said_we_did_is_true_and_fits_one_a4_page(http, reviewed):
    html = get(http, reviewed, "you-said-we-did.html").text
    said, did = html.split("We did")
    assert "I am lonely" in said and "1 card, 1 dot)" in said and "1 dots" not in html
    did, not_taken = did.split("Ideas not taken forward")
    assert "Evening buddy scheme" in did and "At risk: The grant is late" in did
    assert "Latest: Six volunteers signed up" in did
    assert "Free taxis at night (1 dot)" in not_taken and "Free taxis" not in did
    pdf = PdfReader(io.BytesIO(get(http, reviewed, "you-said-we-did.pdf").content))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)  # A4
    text = pdf.pages[0].extract_text()
    assert "You said" in text and "We did" in text and "Free taxis at night" in text


def test_report_pdf_carries_the_review(http, reviewed):
    pdf = PdfReader(io.BytesIO(get(http, reviewed, "report.pdf").content))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "What happened to what you said" in text and "Reflective feedback" in text
