"""Day 2 on a participant's 390×844 touch phone (issue 10): on each activity the board it happens
on starts inside the first screen, and nothing is wider than the screen. Day 1 is set up over the
WebSocket as in test_day2_walk; Ada follows the facilitator through Day 2's activities.
Set COBOARD_SHOTS to a folder to keep the screenshots.
"""
import os

import pytest
from playwright.sync_api import expect

from .pages import T
from .test_day2_walk import day1, records
from .test_phone_first_screen import H, W, phone_page, top_of

pytestmark = pytest.mark.timeout(240)
SHOTS = os.environ.get("COBOARD_SHOTS")

# activity -> (the screen Ada follows to, the board content that must start on screen)
DAY2 = [
    ("recap", "recap", ".d2-recap-board"),
    ("in_place", "in-place", ".d2-inplace"),
    ("ideas", "ideas", ".d2-hat"),
    ("idea_voting", "idea-vote", ".d2-vote-item"),
    ("grid", "grid", ".grid-idea"),
    ("action_plans", "plans", ".d2-plan"),
]


def test_each_day2_activity_starts_its_board_in_a_phones_first_screen(browser, live_server):
    server = live_server
    d = day1(server)
    w, fac = d["w"], d["fac"]
    fac.op("day.begin", day=2)
    tb = {(r["room_id"], r["type"]): r["id"] for r in records(server, w) if r["kind"] == "board"}
    ideas = [tb[(d["t1"], "ideas")], tb[(d["t2"], "ideas")]]
    made = [fac.op("card.create", board_id=board, type="idea", hat=hat, text=text)["card_id"]
            for board, hat, text in ((ideas[0], "T", "Peer support coffee mornings"), (ideas[0], "C", "Befriending by neighbours"),
                                     (ideas[1], "R", "A community choir"))]
    context, page, errors = phone_page(browser)
    try:
        page.goto(f"{server.base_url}/w/{w['workshop_id']}#token={d['ada']['token']}")
        expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
        round_id = None
        for activity, screen, content in DAY2:
            if activity == "idea_voting":
                round_id = fac.op("round.open", board_id=ideas[0], board_ids=ideas)["round_id"]
            if activity == "grid":
                for idea in made:
                    fac.op("vote.cast", round_id=round_id, target_id=idea)
                fac.op("round.close", round_id=round_id)
                fac.op("grid.add_top", round_id=round_id, per_table=3)
            fac.op("workshop.update", activity=activity)
            expect(page.locator(f".screen-{screen}")).to_be_visible(timeout=T)
            expect(page.locator(content).first).to_be_visible(timeout=T)
            page.wait_for_timeout(300)  # let the move to the activity's board finish scrolling
            top = top_of(page, content)
            if SHOTS:
                page.screenshot(path=os.path.join(SHOTS, f"phone-day2-{activity}.png"))
            assert 0 <= top <= H - 250, (activity, top)  # it starts in the first screen, with room to read
            assert page.evaluate("document.documentElement.scrollWidth") <= W + 1, activity
        assert not errors, errors
    finally:
        context.close()
        fac.close()
