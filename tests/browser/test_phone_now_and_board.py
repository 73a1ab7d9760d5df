"""A participant's 390×844 touch phone, at every step of both days' agendas (issue 10): the first
screen shows what to do now (the agenda's Now line, whole) and the board it happens on, in English
and Welsh, normal and large text. Breaks and lunch keep the board of the step before.

Before: at Not Working Well theming, after lunch, at Identifying success and at the Important for
the Future feedback the page scrolled the activity's board to the top, pushing the Now line off the
screen (success's board came after the 1,000 px root causes board); in Welsh large text the theming
help, the agenda's board links and Day 2's hints put the board below the first screen.
Set COBOARD_SHOTS to a folder to keep a screenshot of each step.
"""
import os

import pytest
from playwright.sync_api import expect

from server.domain.agenda import DAY_1, DAY_2

from .pages import T
from .test_day2_walk import day1, records
from .test_phone_now_line import WHOLE, phone

pytestmark = pytest.mark.timeout(420)
SHOTS = os.environ.get("COBOARD_SHOTS")
W, H = 390, 844
KINDS = [("en", False), ("en", True), ("cy", False), ("cy", True)]
IDS = ["en", "en-large", "cy", "cy-large"]

# Each step's board as Ada (Table 1) sees it; None: the board of the step before (a break).
BOARD = {
    "welcome": ".welcome", "approach": ".welcome", "local_context": ".welcome",
    "ww_theming": "#board-ww", "break_1": None, "nww_theming": "#board-nww", "lunch_1": None,
    "reflecting": ".screen-theming .board.current", "voting": ".voting .vote-results",
    "root_causes": ".table-boards > .root-causes:first-child", "success": ".table-boards > .success:first-child",
    "table_feedback_1": ".table-boards > .root-causes", "closing_1": ".screen-parking .parking", "finish_1": None,
    "welcome_2": ".welcome", "recap": ".d2-recap-board", "iff_feedback": "#board-iff",
    "in_place": ".d2-inplace", "in_place_feedback": ".d2-inplace", "break_2": None,
    "ideas": ".d2-ideas", "ideas_feedback": ".d2-ideas", "idea_voting": ".d2-vote-item", "lunch_2": None,
    "grid": ".grid-idea", "action_plans": ".d2-plan", "plan_feedback": ".d2-plan",
    "closing_2": ".screen-parking .parking", "finish_2": None,
}


def box(page, selector) -> dict:
    return page.locator(selector).first.evaluate(
        "e => { const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom }; }")


@pytest.mark.parametrize("lang,large", KINDS, ids=IDS)
def test_every_step_shows_the_now_line_and_its_board_in_a_phones_first_screen(browser, live_server, lang, large):
    server = live_server
    d = day1(server)
    w, fac = d["w"], d["fac"]
    # Normal text: the board starts with room to read it (as test_phone_first_screen); large text
    # (150 %, a 260 px phone in effect): its heading and first line are in the first screen.
    room = 100 if large else 250
    context, page = phone(browser, server, w["workshop_id"], d["ada"]["token"], lang, large)
    try:
        board, round_id, ideas, made = None, None, [], []
        for key, day, time, *_ in DAY_1 + DAY_2:
            if key == "welcome_2":
                fac.op("day.begin", day=2)
                tb = {(r["room_id"], r["type"]): r["id"] for r in records(server, w) if r["kind"] == "board"}
                ideas = [tb[(d["t1"], "ideas")], tb[(d["t2"], "ideas")]]
                made = [fac.op("card.create", board_id=ideas[0], type="idea", hat=hat, text=text)["card_id"]
                        for hat, text in (("T", "Peer support coffee mornings"), ("C", "Befriending by neighbours"))]
            if key == "idea_voting":
                round_id = fac.op("round.open", board_id=ideas[0], board_ids=ideas)["round_id"]
            if key == "grid":
                for idea in made:
                    fac.op("vote.cast", round_id=round_id, target_id=idea)
                fac.op("round.close", round_id=round_id)
                fac.op("grid.add_top", round_id=round_id, per_table=3)
            fac.op("workshop.update", activity=key)
            board = BOARD[key] or board
            now = page.locator(".agenda-strip [data-testid=agenda-now]")
            expect(now).to_contain_text(time, timeout=T)
            expect(page.locator(board).first).to_be_visible(timeout=T)
            page.wait_for_timeout(400)  # the move to the new activity's screen and its scroll, done
            if SHOTS:
                page.screenshot(path=os.path.join(SHOTS, f"phone-steps-{lang}{'-large' if large else ''}-{key}.png"))
            line = box(page, ".agenda-strip .agenda-now")
            assert 0 <= line["top"] and line["bottom"] <= H, (key, "Now line", line)
            top = box(page, board)["top"]
            assert 0 <= top <= H - room, (key, board, top)
            whole = page.locator(".agenda-strip").evaluate(WHOLE)  # the agenda fits: nothing cut or wider than the phone
            assert not whole["cut"], (key, whole["cut"])
            assert whole["right"] <= W and whole["page"] <= W + 1, (key, whole)
        assert not page.errors, page.errors
    finally:
        context.close()
        fac.close()
