"""The projector's stage at 1920×1080, through a workshop (issue 10).

One focus per activity, nothing to press or type in: how to join on the welcome (the code, the
short address and a QR code drawn by the server); during theming the themes with their counts and
the cards still to theme as one number, every theme on screen with 40 cards unthemed; the dots
and the results of a vote; during table feedback the table's board with one timer; and on Day 2
nothing left from Day 1 (a timer that ran out, "Time is up! Table 2 feedback 00:00", and its message
to every room), also after a reload. Chat messages are in the workshop throughout (axe's `listitem`
and `scrollable-region-focusable` were found once they were), and none is on the wall.
Set COBOARD_SHOTS to a folder to keep the screenshots.
"""
import os
import re
import time

import httpx
import pytest
from playwright.sync_api import Page, expect

from .pages import Member, T, serious_axe_violations

pytestmark = pytest.mark.timeout(240)
SHOTS = os.environ.get("COBOARD_SHOTS")
W, H = 1920, 1080
CONTROLS = "button, input, select, textarea, [role=button], [contenteditable=true]"


def shot(page: Page, name: str):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"projector-{name}.png"))


def no_controls(page: Page, where: str):
    visible = [el.evaluate("e => e.outerHTML.slice(0, 120)") for el in page.locator(CONTROLS).all() if el.is_visible()]
    assert not visible, (where, visible)


def inside_viewport(page: Page, selector: str) -> list:
    """The boxes of `selector` that are not wholly inside the viewport (none: all inside)."""
    return page.evaluate("""([sel, w, h]) => [...document.querySelectorAll(sel)].map((e) => {
        const r = e.getBoundingClientRect();
        return {text: e.textContent.slice(0, 40), left: r.left, top: r.top, right: r.right, bottom: r.bottom};
      }).filter((r) => r.left < 0 || r.top < 0 || r.right > w || r.bottom > h)""", [selector, W, H])


def seed(member: Member, op: str, **args) -> dict:
    """An op sent slowly enough to stay under the server's per-connection rate limit (20/s)."""
    time.sleep(0.06)
    return member.op(op, **args)


def all_inside(page: Page, selector: str):
    """Wait until every `selector` box is inside the viewport (the stage shrinks lists that overflow)."""
    try:
        page.wait_for_function("""([sel, w, h]) => [...document.querySelectorAll(sel)].length > 0 &&
            [...document.querySelectorAll(sel)].every((e) => { const r = e.getBoundingClientRect();
              return r.left >= 0 && r.top >= 0 && r.right <= w && r.bottom <= h; })""", arg=[selector, W, H], timeout=T)
    except Exception:
        pass
    outside = inside_viewport(page, selector)
    assert not outside, outside


def visible_timers(page: Page) -> int:
    return sum(1 for el in page.locator("[role=timer]").all() if el.is_visible())


def test_projector_stage_through_a_workshop(browser, live_server):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam", purpose="Better day services together")
    wid = w["workshop_id"]
    fac = Member(server, wid, w["token"])
    ada = server.join(w, "Ada")
    ada_ws = Member(server, wid, ada["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    fac.op("chat.send", text="Welcome, everyone", everyone=True)
    ada_ws.op("chat.send", text="Hello, can someone help?", everyone=True)
    link = httpx.post(f"{server.base_url}/api/workshops/{wid}/projector",
                      headers={"Authorization": f"Bearer {w['token']}"}, timeout=10).json()
    context = browser.new_context(viewport={"width": W, "height": H})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(link["url"])
        expect(page.locator(".conn")).to_have_text("Connected", timeout=T)

        # Welcome (not started yet): the join code, the short address and the QR code, big.
        code = page.locator("[data-testid=join-code]")
        expect(code).to_be_visible(timeout=T)
        assert re.sub(r"\W|Join code", "", code.inner_text()) == w["join_code"]
        expect(page.locator(".stage-address")).to_contain_text(re.sub(r"^https?://", "", server.base_url) + "/join")
        qr = page.locator("img.stage-qr")
        expect(qr).to_be_visible(timeout=T)
        assert qr.evaluate("img => img.complete && img.naturalWidth > 100"), "the QR code did not load"
        assert not inside_viewport(page, ".stage-join")
        assert "Ada" not in page.locator("body").inner_text()
        expect(page.locator("body")).not_to_contain_text("can someone help")  # the chat is not on the wall
        no_controls(page, "welcome")
        assert not serious_axe_violations(page), "welcome"
        shot(page, "welcome")

        # Working Well theming: 12 themes holding a few cards each, and 40 cards not yet themed.
        fac.op("workshop.update", activity="ww_theming")
        themes = [seed(fac, "card.create", board_id=boards["ww"], type="theme",
                         text=f"Theme {i + 1}: I am listened to when I ask for help with my care")["card_id"]
                  for i in range(12)]
        for i, t in enumerate(themes):
            for j in range(1 + i % 3):
                seed(fac, "card.create", board_id=boards["ww"], type="data", tag="ww", theme_id=t,
                     text=f"Staff know me and what matters to me {i}-{j}")
        for i in range(40):
            seed(fac, "card.create", board_id=boards["ww"], type="data", tag="ww",
                 text=f"An answer that nobody has themed yet, number {i + 1}, with a few more words")
        expect(page.locator("[data-testid=stage-now]")).to_have_text("Working Well theming", timeout=T)
        expect(page.locator("[data-testid=unthemed-count]")).to_have_text("40 cards not yet themed", timeout=T)
        expect(page.locator(".stage-theme")).to_have_count(12, timeout=T)
        all_inside(page, ".stage-theme")
        expect(page.locator(".stage-theme").first).to_contain_text("3 cards")
        no_controls(page, "theming")
        assert not serious_axe_violations(page), "theming"
        shot(page, "theming")

        # Voting on the NWW themes: the dots while open, the results once closed.
        lonely = fac.op("card.create", board_id=boards["nww"], type="theme", text="I am lonely")["card_id"]
        say = fac.op("card.create", board_id=boards["nww"], type="theme", text="I want a say in my support")["card_id"]
        fac.op("card.create", board_id=boards["nww"], type="theme", text="I can't get to town")
        fac.op("workshop.update", activity="voting")
        round_id = fac.op("round.open", board_id=boards["nww"])["round_id"]
        ada_ws.op("vote.cast", round_id=round_id, target_id=lonely)
        ada_ws.op("vote.cast", round_id=round_id, target_id=lonely)
        ada_ws.op("vote.cast", round_id=round_id, target_id=say)
        expect(page.locator(".stage-vote")).to_contain_text("the vote is open", timeout=T)
        expect(page.locator(".stage-result", has_text="I am lonely").locator(".stage-dot-count")).to_have_text("2", timeout=T)
        no_controls(page, "vote open")
        shot(page, "vote-open")
        fac.op("round.close", round_id=round_id)
        results = page.locator(".stage-result")
        expect(results.first).to_contain_text(re.compile(r"1st\s*I am lonely"), timeout=T)
        expect(results.nth(1)).to_contain_text("2nd")
        no_controls(page, "results")
        assert not serious_axe_violations(page), "results"
        shot(page, "results")

        # Table feedback: Table 1's board with ONE big timer; an earlier activity's timer is not shown.
        table1 = fac.op("room.create", type="table")["room_id"]
        fac.op("room.create", type="table")
        fac.op("tables.give_themes", round_id=round_id, count=2)
        fac.op("timer.start", seconds=120, label="Success statements")  # started during the last activity
        fac.op("workshop.update", activity="table_feedback_1")
        state = server.state(wid, w["token"])
        rc = next(r["id"] for r in state["records"] if r["kind"] == "board" and r["type"] == "root_causes"
                  and r.get("room_id") == table1)
        fac.op("card.create", board_id=rc, type="note", text="Why am I lonely? I stay at home")
        fac.op("card.create", board_id=rc, type="root_cause", text="No transport at weekends")
        fac.op("workshop.show", board_id=rc)
        table1_timer = fac.op("timer.start", seconds=180, label="Table 1 feedback")["timer_id"]
        fac.op("breakout.broadcast", text="Table 1 is sharing its work now")
        expect(page.locator(".stage-one")).to_contain_text("No transport at weekends", timeout=T)
        expect(page.locator(".stage-one .board-header")).to_contain_text("Table 1")
        expect(page.locator(".stage-timer")).to_contain_text("Table 1 feedback", timeout=T)
        expect(page.locator(".stage-message")).to_contain_text("Table 1 is sharing its work now")
        assert visible_timers(page) == 1
        assert page.locator(".stage").inner_text().count("Table 1 is sharing its work now") == 1  # once on the wall
        assert "Success statements" not in page.locator("body").inner_text()
        assert not inside_viewport(page, ".stage-timer, .stage-one .stage-card")
        no_controls(page, "table feedback")
        assert not serious_axe_violations(page), "table feedback"
        shot(page, "table-feedback")

        # Table 2's feedback: its 1 s timer runs out on the wall ("Time is up! Table 2 feedback 00:00").
        fac.op("timer.stop", timer_id=table1_timer)
        fac.op("workshop.update", activity="table_feedback_2")
        fac.op("breakout.broadcast", text="Two minutes left for Table 2")
        fac.op("timer.start", seconds=1, label="Table 2 feedback")
        ended = page.locator(".stage-timer.ended")
        expect(ended).to_be_visible(timeout=T)
        expect(ended).to_contain_text("Table 2 feedback")
        expect(ended.locator("[role=timer]")).to_have_text("00:00")
        assert ended.locator(".label").evaluate("e => getComputedStyle(e, '::before').content") == '"Time is up! "'
        expect(page.locator(".stage-message")).to_contain_text("Two minutes left for Table 2")
        shot(page, "time-is-up")

        # Day 2: nothing from Day 1 is left on the stage, also after the page is opened afresh.
        fac.op("workshop.show", board_id=None)
        fac.op("day.begin", day=2)
        fac.op("workshop.update", activity="recap")
        expect(page.locator("[data-testid=stage-now]")).to_contain_text("Recap", timeout=T)
        for where in ("day 2", "day 2 reloaded", "day 2 in a fresh browser"):
            expect(page.locator(".stage-theme")).to_have_count(15, timeout=T)  # WW's 12 beside NWW's 3
            all_inside(page, ".stage-theme")
            body = page.locator("#app")  # what is drawn (the screen reader's announcer keeps Day 1's last words)
            # "Time is up!" is drawn by CSS (not in the text): the ended timer itself must be gone.
            expect(page.locator(".stage-timer, [data-ended-label]")).to_have_count(0, timeout=T)
            expect(page.locator(".stage-message")).to_have_count(0)
            for leftover in ("Table 1 feedback", "Table 2 feedback", "00:00", "Table 1 is sharing its work now",
                             "Two minutes left for Table 2", "can someone help"):
                expect(body).not_to_contain_text(leftover)
            assert visible_timers(page) == 0, where
            assert not serious_axe_violations(page), where
            if where != "day 2":  # a page opened on Day 2 says nothing of Day 1's timer
                expect(page.locator("#announcer")).not_to_contain_text("Table 2 feedback")
            no_controls(page, where)
            shot(page, where.replace(" ", "-"))
            if where == "day 2":
                page.reload()
            else:  # a projector computer switched on for Day 2: nothing remembered from Day 1 in this browser
                context.close()
                context = browser.new_context(viewport={"width": W, "height": H})
                page = context.new_page()
                page.on("pageerror", lambda e: errors.append(str(e)))
                page.goto(link["url"])
            expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
            expect(page.locator("[data-testid=stage-now]")).to_contain_text("Recap", timeout=T)
        assert not errors, errors
    finally:
        context.close()
        ada_ws.close()
        fac.close()
