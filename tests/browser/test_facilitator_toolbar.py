"""The facilitator's toolbar (issue 10): one compact row for the activity that is on now.

Now / Next, one board chosen with one "Show to everyone" and one "Take a picture", a timer; the
rest in a More menu. After "Next" the facilitator's own screen moves with the activity; the
facilitator never sees "Follow the facilitator"; no wall of repeated buttons.
On a phone it is one row (what is on, Next or the vote, More); the board's controls and the timer
are in More, each a labelled button reached by the keyboard.
"""
import os
import re

import pytest
from playwright.sync_api import expect

from .pages import Member, T, open_page, open_screen, screen_names, serious_axe_violations

PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.timeout(180)
SHOTS = os.environ.get("COBOARD_SHOTS")


def test_one_toolbar_moves_with_the_activity(browser, live_server):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    fac.op("workshop.update", activity="local_context")
    fctx, page = open_page(browser, server, wid, w["token"], viewport={"width": 1920, "height": 1080})
    try:
        bar = page.locator(".toolbar")
        expect(bar).to_have_count(1)
        expect(bar.locator("[data-testid=agenda-now]")).to_have_text("10:35 Local context")
        expect(page.get_by_role("button", name="Follow the facilitator")).to_have_count(0)
        expect(page.locator(".room-tools")).to_be_visible(timeout=T)
        expect(page.get_by_role("button", name="Raise hand")).to_have_count(0)  # hands are raised to them
        # Next: the facilitator's own screen goes to the activity's board.
        bar.get_by_role("button", name="Next: Working Well theming").click()
        expect(bar.locator("[data-testid=agenda-now]")).to_have_text("10:40 Working Well theming", timeout=T)
        expect(page.locator("[data-screen]")).to_have_attribute("data-screen", "theming", timeout=T)
        expect(page.locator(".screen-tab[aria-current=page]")).to_have_text("Theming boards")
        # One board at a time: one show button and one picture button, however many boards.
        expect(bar.locator("button.show-board")).to_have_count(1)
        expect(bar.locator("button.take-picture")).to_have_count(1)
        expect(page.locator("button", has_text=re.compile("^Show to everyone"))).to_have_count(1)
        bar.locator("#toolbar-board").select_option(label="NOT WORKING WELL")
        bar.get_by_role("button", name="Show to everyone: NOT WORKING WELL").click()
        expect(bar.get_by_role("button", name="Showing: NOT WORKING WELL")).to_have_attribute("aria-pressed", "true", timeout=T)
        # The timer: started from its menu, stopped from the toolbar.
        bar.locator(".toolbar-timers > summary").click()
        bar.get_by_role("button", name="Start 3 minutes").click()
        expect(bar.get_by_role("button", name=re.compile("^Stop the timer"))).to_be_visible(timeout=T)
        # The countdown is on the page once: the toolbar has its Stop, the banner its time.
        expect(page.locator(".room-banner [role=timer]")).to_be_visible(timeout=T)
        assert countdowns_shown(page) == 1, countdowns_shown(page)
        # Everything else is in More, closed until asked for.
        expect(page.get_by_role("button", name="Edit agenda")).to_be_hidden()
        bar.locator(".toolbar-more > summary").click()
        expect(page.get_by_role("button", name="Edit agenda")).to_be_visible()
        expect(page.get_by_role("button", name="Back to: Local context")).to_be_visible()
        expect(page.get_by_role("button", name="Large text")).to_be_visible()
        assert not serious_axe_violations(page)
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, "facilitator-toolbar.png"))
        one_row(page, 1920)
        bar.get_by_role("button", name=re.compile("^Stop the timer")).click()
        expect(bar.locator(".toolbar-timers > summary")).to_be_visible(timeout=T)
        # A laptop: still one row; the picture and the timers are first in More.
        page.set_viewport_size({"width": 1280, "height": 800})
        expect(bar.get_by_role("button", name="Take a picture of NOT WORKING WELL")).to_be_hidden(timeout=T)
        expect(bar.locator(".toolbar-timers")).to_have_count(0)
        one_row(page, 1280)
        bar.locator(".toolbar-more > summary").click()
        expect(bar.get_by_role("button", name="Take a picture of NOT WORKING WELL")).to_be_visible()
        bar.get_by_role("button", name="Start 1 minute").click()
        expect(page.locator(".room-banner [role=timer]")).to_be_visible(timeout=T)
        one_row(page, 1280)
        assert not page.errors, page.errors
    finally:
        fctx.close()
        fac.close()


def test_open_and_close_a_vote_from_the_toolbar(browser, live_server):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    fac.op("card.create", board_id=boards["nww"], type="theme", text="I am lonely")
    fac.op("workshop.update", activity="voting")
    fctx, page = open_page(browser, server, wid, w["token"], viewport={"width": 1280, "height": 800})
    actx, phone = open_page(browser, server, wid, ada["token"], viewport={"width": 390, "height": 844})
    try:
        bar = page.locator(".toolbar")
        expect(page.locator(".screen-vote")).to_be_visible(timeout=T)
        bar.get_by_role("button", name="Open the vote: NOT WORKING WELL").click()
        # The participant can vote at once; the toolbar now offers to close it, and nothing else
        # in the toolbar opens a second vote.
        expect(phone.get_by_role("button", name="Add a dot to I am lonely")).to_be_visible(timeout=T)
        expect(bar.get_by_role("button", name=re.compile("^Open the vote"))).to_have_count(0)
        phone.get_by_role("button", name="Add a dot to I am lonely").click()
        expect(page.locator(".vote-progress")).to_contain_text("Ada", timeout=T)
        bar.get_by_role("button", name="Close the vote").click()
        expect(phone.locator(".vote-results")).to_contain_text("I am lonely", timeout=T)
        expect(page.locator(".vote-results")).to_be_visible(timeout=T)
        # Closed: the toolbar does not offer to open the same board's vote again (the screen does,
        # with its settings).
        expect(bar.get_by_role("button", name="Close the vote")).to_have_count(0)
        expect(bar.get_by_role("button", name=re.compile("^Open the vote"))).to_have_count(0)
        rounds = [r for r in server.state(wid, w["token"])["records"] if r["kind"] == "round"]
        assert [(r["board_id"], r["status"]) for r in rounds] == [(boards["nww"], "closed")]
        assert not page.errors and not phone.errors, (page.errors, phone.errors)
    finally:
        actx.close()
        fctx.close()
        fac.close()


def one_row(page, width=None):
    """The toolbar's visible parts all cross one horizontal line, and none sticks out of the screen."""
    width = width or PHONE["width"]
    boxes = page.locator(".toolbar").evaluate("""bar => [...bar.children].filter((e) => e.offsetParent !== null)
        .map((e) => { const r = e.getBoundingClientRect(); return {cls: e.className, top: r.top, bottom: r.bottom, right: r.right}; })""")
    assert len(boxes) >= 3, boxes
    assert max(b["top"] for b in boxes) < min(b["bottom"] for b in boxes), boxes
    assert max(b["right"] for b in boxes) <= width, boxes
    assert page.locator(".toolbar").evaluate("b => b.scrollWidth <= b.clientWidth + 1 && b.getBoundingClientRect().right >= Math.max(...[...b.children].map((e) => e.getBoundingClientRect().right))"), boxes  # nothing out of the bar
    return boxes


def countdowns_shown(page):
    """How many visible elements on the page show a countdown's mm:ss (the time of what is on now aside)."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')].filter((e) => !e.children.length && !e.closest('.toolbar-now')
        && /^\\s*\\d{2}:\\d{2}\\s*$/.test(e.textContent) && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden').length""")


def tab_to(page, name, limit=40):
    """Press Tab until the focused control's accessible text is `name` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        got = page.evaluate("""() => { const e = document.activeElement; if (!e) return '';
            return (e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].textContent) || e.textContent || '').trim(); }""")
        if got == name:
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_the_toolbar_is_one_row_on_a_phone_and_more_has_the_rest(browser, live_server):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    fac.op("card.create", board_id=boards["nww"], type="theme", text="I am lonely")
    fac.op("workshop.update", activity="ww_theming")
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{server.base_url}/w/{wid}#token={w['token']}")
        bar = page.locator(".toolbar")
        expect(bar.get_by_role("button", name="Next: Break")).to_be_visible(timeout=T)
        expect(page.locator("[data-screen=theming]")).to_be_visible(timeout=T)
        one_row(page)
        assert bar.bounding_box()["height"] <= 64, bar.bounding_box()
        # The board's controls and the timers wait in More, each with its words.
        for name in ("Show to everyone: WORKING WELL", "Take a picture of WORKING WELL", "Start 3 minutes"):
            expect(bar.get_by_role("button", name=name)).to_be_hidden()
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, "facilitator-toolbar-phone.png"))
        # By keyboard alone: More, the board, Show to everyone, a timer.
        page.locator(".site-header .brand a").focus()
        tab_to(page, "More")
        page.keyboard.press("Enter")
        expect(bar.get_by_role("button", name="Show to everyone: WORKING WELL")).to_be_visible()
        expect(bar.get_by_label("Board")).to_be_visible()
        assert not serious_axe_violations(page), "More open"
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, "facilitator-toolbar-phone-more.png"))
        tab_to(page, "Board")
        page.keyboard.press("ArrowDown")  # the next board: NOT WORKING WELL
        expect(bar.get_by_role("button", name="Show to everyone: NOT WORKING WELL")).to_be_visible(timeout=T)
        tab_to(page, "Show to everyone: NOT WORKING WELL")
        page.keyboard.press("Enter")
        expect(bar.get_by_role("button", name="Showing: NOT WORKING WELL", include_hidden=True)).to_have_attribute(
            "aria-pressed", "true", timeout=T)
        # The action closed More, the focus back on its button: Enter opens it again.
        expect(bar.get_by_role("button", name="Edit agenda")).to_be_hidden()
        assert page.evaluate("document.activeElement.closest('.toolbar-more') && document.activeElement.tagName") == "SUMMARY"
        page.keyboard.press("Enter")
        tab_to(page, "Start 3 minutes")
        page.keyboard.press("Enter")
        expect(page.locator(".room-banner [role=timer]")).to_be_visible(timeout=T)  # the room's countdown
        one_row(page)  # a running timer adds nothing to the row: its Stop is in More
        bar.locator(".toolbar-more > summary").click()
        expect(bar.get_by_role("button", name=re.compile("^Stop the timer"))).to_be_visible()
        bar.get_by_role("button", name=re.compile("^Stop the timer")).click()
        expect(page.locator(".room-banner [role=timer]")).to_have_count(0, timeout=T)
        expect(bar.get_by_role("button", name="Edit agenda")).to_be_hidden()  # More closed again
        # While a vote is open its Close is the row's one action; Next is first in More.
        fac.op("workshop.update", activity="voting")
        fac.op("round.open", board_id=boards["nww"])
        expect(bar.get_by_role("button", name="Close the vote")).to_be_visible(timeout=T)
        one_row(page)
        expect(bar.get_by_role("button", name="Next: Root causes")).to_be_hidden()
        bar.locator(".toolbar-more > summary").click()
        expect(bar.get_by_role("button", name="Next: Root causes")).to_be_visible()
        # Menus close as menus do: Escape (the focus back on More), or a tap outside.
        bar.get_by_role("button", name="Next: Root causes").focus()
        page.keyboard.press("Escape")
        expect(bar.get_by_role("button", name="Next: Root causes")).to_be_hidden()
        assert page.evaluate("document.activeElement.closest('.toolbar-more') && document.activeElement.tagName") == "SUMMARY"
        bar.locator(".toolbar-more > summary").click()
        expect(bar.get_by_role("button", name="Next: Root causes")).to_be_visible()
        bar.locator(".toolbar-now").tap()  # outside the menu
        expect(bar.get_by_role("button", name="Next: Root causes")).to_be_hidden()
        page.locator(".page-menu > summary").click()
        expect(page.locator(".page-menu nav.menu-screens")).to_be_visible()
        page.keyboard.press("Escape")  # the focus is on the Menu's button: Escape closes its menu
        expect(page.locator(".page-menu nav.menu-screens")).to_be_hidden()
        assert not errors, errors
    finally:
        context.close()
        fac.close()


def test_day_2_tabs_and_the_toolbar_are_one_row_from_800_to_1920_px(browser, live_server):
    """Day 2 has many screens: the tabs that do not fit go under "Other screens" (the one open now
    never does); the toolbar's board controls go into More under 1200 px; nothing scrolls sideways."""
    from .test_day2_walk import day1

    server = live_server
    d = day1(server)
    w, fac = d["w"], d["fac"]
    fac.op("day.begin", day=2)
    fac.op("workshop.update", activity="in_place")
    fctx, page = open_page(browser, server, w["workshop_id"], w["token"], viewport={"width": 1920, "height": 1080})
    try:
        expect(page.locator("[data-screen=in-place]")).to_be_visible(timeout=T)
        every = screen_names(page)
        for width in (820, 1024, 1200, 1280, 1920):
            page.set_viewport_size({"width": width, "height": 900})
            expect(page.locator(".screen-tab[aria-current=page]")).to_be_visible(timeout=T)
            # The tabs: one row, nothing to scroll to; the screen open now among them.
            row = page.locator("nav.screen-nav > ul")
            page.wait_for_function("""() => { const n = document.querySelector('nav.screen-nav');
                return n && n.dataset.fitted === String(n.clientWidth); }""", timeout=T)  # fitted to this width
            assert row.evaluate("r => r.scrollWidth <= r.clientWidth + 1"), width
            tops = row.evaluate("r => [...r.children].filter((li) => !li.hidden).map((li) => li.getBoundingClientRect().top)")
            assert tops and max(tops) - min(tops) < 2, (width, tops)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, width
            # Every screen is still there: a tab, or under "Other screens".
            shown = page.locator("nav.screen-nav > ul > li:not([hidden]) button").all_text_contents()
            page.locator("nav.screen-nav .screen-tools > summary").click()
            listed = [b.inner_text() for b in page.locator("nav.screen-nav .screen-tools li button").all() if b.is_visible()]
            page.keyboard.press("Escape")
            names = [" ".join(n.split()) for n in shown + listed]
            assert sorted(set(names)) == sorted(every) and len(names) == len(every), (width, names, every)
            one_row(page, width)
            if SHOTS:
                page.screenshot(path=os.path.join(SHOTS, f"day2-tabs-toolbar-{width}.png"))
        # Under 1200 px the board's controls are first in More.
        page.set_viewport_size({"width": 1024, "height": 900})
        bar = page.locator(".toolbar")
        expect(bar.locator("button.show-board")).to_be_hidden(timeout=T)
        bar.locator(".toolbar-more > summary").click()
        expect(bar.locator("button.show-board")).to_be_visible()
        page.keyboard.press("Escape")
        # A tab that gave way opens from "Other screens", and is then a tab in the row.
        expect(page.locator("nav.screen-nav > ul > li[data-tab=grid]")).to_be_hidden(timeout=T)
        open_screen(page, "Investment Grid")
        expect(page.locator(".screen-tab[aria-current=page]")).to_have_text(re.compile("Investment Grid"), timeout=T)
        expect(page.locator(".screen-tab[aria-current=page]")).to_be_visible()
        assert not page.errors, page.errors
    finally:
        fctx.close()
        fac.close()
