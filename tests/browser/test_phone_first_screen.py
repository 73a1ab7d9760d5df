"""A participant's phone at 390×844 (touch), through the workshop's activities (issue 10).

The header is one line; the screens, the workshop's title, purpose, display settings and "Follow the
facilitator" are in the Menu; on each activity the board it happens on starts inside the first
screen (no scrolling past a header, an agenda and a wall of tabs to find it).
"""
import os
import re

import pytest
from playwright.sync_api import expect

from .pages import Member, T, serious_axe_violations

pytestmark = pytest.mark.timeout(240)
SHOTS = os.environ.get("COBOARD_SHOTS")
W, H = 390, 844

# activity -> (the screen the participant follows to, the board content that must start on screen)
ACTIVITIES = [
    ("welcome", "welcome", ".welcome"),
    ("ww_theming", "theming", "#board-ww"),
    ("nww_theming", "theming", "#board-nww"),
    ("voting", "vote", ".vote-theme"),
    ("root_causes", "table", ".table-day1"),
    ("success", "table", ".success"),
]


def top_of(page, selector) -> float:
    return page.locator(selector).first.evaluate("e => e.getBoundingClientRect().top")


def seeded_workshop(server):
    """A workshop with themes on both theming boards, and Ada at a table."""
    w = server.create_workshop(title="Day services in Northtown, reviewed together",
                               facilitator_name="Sam", purpose="Better day services, planned with the people who use them")
    ada = server.join(w, "Ada")
    fac = Member(server, w["workshop_id"], w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    lonely = fac.op("card.create", board_id=boards["nww"], type="theme", text="I am lonely")["card_id"]
    fac.op("card.create", board_id=boards["nww"], type="data", text="Nobody asks me what I want", theme_id=lonely)
    fac.op("card.create", board_id=boards["ww"], type="theme", text="Staff listen to me")
    table = fac.op("room.create", type="table")["room_id"]
    fac.op("room.assign", participant_id=ada["participant_id"], room_id=table)
    return w, ada, fac, boards


def phone_page(browser):
    """A touch phone's page, collecting the page's errors."""
    context = browser.new_context(viewport={"width": W, "height": H}, has_touch=True, is_mobile=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


def walk_the_activities(page, fac, boards, shot):
    """The facilitator moves through every activity; on each, its board starts in the first screen."""
    round_id = None
    for activity, screen, content in ACTIVITIES:
        if activity == "voting":
            round_id = fac.op("round.open", board_id=boards["nww"])["round_id"]
        if activity == "root_causes":
            fac.op("round.close", round_id=round_id)
            fac.op("tables.give_themes", round_id=round_id, count=1)
        fac.op("workshop.update", activity=activity)
        expect(page.locator(f".screen-{screen}")).to_be_visible(timeout=T)
        expect(page.locator(content).first).to_be_visible(timeout=T)
        page.wait_for_timeout(300)  # let the move to the activity's board finish scrolling
        top = top_of(page, content)
        assert 0 <= top <= H - 250, (activity, top)  # it starts in the first screen, with room to read
        assert page.evaluate("document.documentElement.scrollWidth") <= W + 1, activity
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, f"{shot}-{activity}.png"))


def test_the_first_screen_shows_what_to_do_now_and_its_board(browser, live_server):
    server = live_server
    w, ada, fac, boards = seeded_workshop(server)
    wid = w["workshop_id"]
    context, page, errors = phone_page(browser)
    try:
        page.goto(f"{server.base_url}/w/{wid}#token={ada['token']}")
        expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
        header = page.locator(".site-header")
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, "phone-start.png"))
        assert header.bounding_box()["height"] <= 64, header.bounding_box()  # one line
        menu = page.locator(".page-menu")
        expect(page.get_by_role("button", name="Follow the facilitator")).to_be_hidden()
        expect(page.locator(".board-page > .purpose")).to_be_hidden()
        expect(page.locator("nav.screen-nav")).to_have_count(0)  # no row of tabs: the screens are in the Menu
        menu.locator("summary").click()
        expect(page.get_by_role("button", name="Follow the facilitator")).to_be_visible()
        screens = menu.get_by_role("navigation", name="Screens")
        expect(screens.get_by_role("button", name="Welcome")).to_have_attribute("aria-current", "page")
        expect(screens.get_by_role("button", name="Theming boards")).to_be_visible()
        expect(menu).to_contain_text("Better day services, planned with the people who use them")
        expect(menu.get_by_role("button", name="Large text")).to_be_visible()
        assert not serious_axe_violations(page), "menu open"
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, "phone-menu.png"))
        menu.locator("summary").click()
        walk_the_activities(page, fac, boards, "phone")
        assert not errors, errors
    finally:
        context.close()
        fac.close()


def test_a_facilitator_phone_has_the_same_one_line_shell(browser, live_server):
    """Staff on a phone: the header is one line with the Menu (who they are, room tools); the
    toolbar is one row with the display settings and the alert sound in its More; on each
    activity the board starts in the first screen."""
    server = live_server
    w, ada, fac, boards = seeded_workshop(server)
    wid = w["workshop_id"]
    context, page, errors = phone_page(browser)
    try:
        page.goto(f"{server.base_url}/w/{wid}#token={w['token']}")
        expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
        expect(page.locator(".toolbar")).to_be_visible(timeout=T)
        header = page.locator(".site-header")
        assert header.bounding_box()["height"] <= 64, header.bounding_box()  # one line
        assert page.locator(".toolbar").bounding_box()["height"] <= 64, page.locator(".toolbar").bounding_box()  # one row
        expect(page.locator(".me")).to_be_hidden()
        expect(page.get_by_role("button", name="Alert sound")).to_be_hidden()
        menu = page.locator(".page-menu")
        menu.locator("summary").click()
        expect(menu.locator(".me")).to_contain_text("You: Sam")
        expect(menu).to_contain_text("Better day services, planned with the people who use them")
        expect(page.get_by_role("button", name="Follow the facilitator")).to_have_count(0)
        assert not serious_axe_violations(page), "menu open"
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, "phone-staff-menu.png"))
        menu.locator("summary").click()
        page.locator(".toolbar-more > summary").click()  # the staff's settings: display, alert sound
        expect(page.locator(".toolbar-more").get_by_role("button", name="Alert sound")).to_be_visible()
        expect(page.locator(".toolbar-more").get_by_role("button", name="Large text")).to_be_visible()
        page.locator(".toolbar-more > summary").click()
        walk_the_activities(page, fac, boards, "phone-staff")
        assert not errors, errors
    finally:
        context.close()
        fac.close()


def test_a_phone_following_the_facilitator_goes_to_the_board_they_show(browser, live_server):
    """A phone shows one theming board at a time: the board the facilitator shows to everyone
    becomes that one (during Working Well theming they show NOT WORKING WELL), labelled in words;
    the next activity brings its own board forward again."""
    server = live_server
    w, ada, fac, boards = seeded_workshop(server)
    fac.op("workshop.update", activity="ww_theming")
    context, page, errors = phone_page(browser)
    try:
        page.goto(f"{server.base_url}/w/{w['workshop_id']}#token={ada['token']}")
        expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
        expect(page.locator("#board-ww")).to_be_visible(timeout=T)
        expect(page.locator("#board-nww")).to_be_hidden()
        fac.op("workshop.show", board_id=boards["nww"])
        shown = page.locator("#board-nww.showing-board")
        expect(shown).to_be_visible(timeout=T)
        assert shown.evaluate("e => getComputedStyle(e, '::before').content") == '"Being shown to everyone"'
        expect(page.locator("#board-ww")).to_be_hidden()
        page.wait_for_timeout(600)  # the shown board is brought into view
        assert 0 <= top_of(page, "#board-nww") <= H - 250
        fac.op("workshop.update", activity="nww_theming")
        fac.op("workshop.show", board_id=None)
        fac.op("workshop.update", activity="reflecting")
        fac.op("workshop.update", activity="ww_theming")
        expect(page.locator("#board-ww")).to_be_visible(timeout=T)
        assert not errors, errors
    finally:
        context.close()
        fac.close()
