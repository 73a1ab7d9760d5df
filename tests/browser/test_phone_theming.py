"""Theming on a 390×844 touch phone: one board at a time, a long-press from a card's words drags it
(a quick swipe over the words still scrolls), the page scrolls by itself while the finger holds
near the bottom edge until a theme that started far off screen comes into reach, and a tap still
opens the "Move card to…" dialog (the keyboard path). Real Chromium, real touch input (CDP).
"""
import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .pages import Member, T, patient

pytestmark = pytest.mark.timeout(120)

PHONE = {"width": 390, "height": 844}
THEMES = [f"I statement number {i}: people listen to me" for i in range(1, 15)]
SHOTS = Path(os.environ.get("COBOARD_SHOTS", "/tmp/coboard-shots"))


@pytest.fixture
def board(live_server):
    """A workshop at NWW theming: 14 NWW themes (each holding a card) and 30 unthemed NWW cards; Ada joined."""
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    ada = live_server.join(w, "Ada")
    fac = Member(live_server, w["workshop_id"], w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    fac.op("workshop.update", activity="nww_theming")
    themes = {t: patient(fac, "card.create", board_id=boards["nww"], type="theme", text=t)["card_id"] for t in THEMES}
    for i, t in enumerate(THEMES):
        c = patient(fac, "card.create", board_id=boards["nww"], type="data", text=f"An answer already themed, number {i}")["card_id"]
        patient(fac, "card.group", card_id=c, theme_id=themes[t])
    more = Member(live_server, w["workshop_id"], w["token"])
    cards = [patient(more, "card.create", board_id=boards["nww"], type="data",
                     text=f"Card {i}: nobody asks me what I want from my support, and the staff change all the time")["card_id"]
             for i in range(30)]
    patient(more, "card.create", board_id=boards["ww"], type="data", text="Staff know me well")
    more.close()
    yield {"server": live_server, "w": w, "ada": ada, "fac": fac, "boards": boards, "themes": themes, "cards": cards}
    fac.close()


def phone(browser, server, wid, token):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{server.base_url}/w/{wid}#token={token}")
    expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
    expect(page.locator("[data-boards]")).to_be_visible(timeout=T)
    return context, page


def server_card(board, card_id):
    st = board["server"].state(board["w"]["workshop_id"], board["w"]["token"])
    return next(r for r in st["records"] if r["id"] == card_id)


def eventually(check, timeout=15):
    """Poll the server until check() is true (the op travels over the socket first)."""
    end = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < end, "the server never saw the change"
        time.sleep(0.1)


def settle(page):
    """Wait until the page has stopped scrolling (the page may bring the current board into view smoothly)."""
    page.evaluate("""() => new Promise((resolve) => {
      let last = -1, still = 0;
      (function check() {
        const now = scrollY + document.querySelector('.board.current .tray').scrollLeft;
        still = now === last ? still + 1 : 0;
        last = now;
        if (still >= 8) return resolve();
        requestAnimationFrame(check);
      })();
    })""")


def center(box):
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def touch(cdp, kind, x=None, y=None):
    points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def slide(cdp, page, start, end, steps=8):
    for i in range(1, steps + 1):
        touch(cdp, "touchMove", start[0] + (end[0] - start[0]) * i / steps, start[1] + (end[1] - start[1]) * i / steps)
        page.wait_for_timeout(20)


# The page waits, frame by frame, until the theme is wholly inside the screen above the auto-scroll
# edge: checked in the page so the scrolling finger can be lifted out of the edge at once.
WAIT_IN_REACH = """([text, ms]) => new Promise((resolve) => {
  const end = performance.now() + ms;
  (function check() {
    const li = [...document.querySelectorAll('.board.current li.theme')].find((el) => el.querySelector('h4').textContent === text);
    const r = li && li.getBoundingClientRect();
    if (r && r.top > 100 && r.bottom < innerHeight - 110) return resolve(true);
    if (performance.now() > end) return resolve(false);
    requestAnimationFrame(check);
  })();
})"""


def test_long_press_on_the_words_drags_a_card_to_a_theme_far_below(browser, board):
    server, w = board["server"], board["w"]
    context, page = phone(browser, server, w["workshop_id"], board["ada"]["token"])
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        # One board at a time: the activity's (NWW); the others are a tap away in the switcher.
        expect(page.locator(".board.current h2")).to_contain_text("NOT WORKING WELL")
        expect(page.locator("#board-ww")).to_be_hidden()
        expect(page.locator(".board-nav button[aria-pressed=true]")).to_contain_text("nww")
        page.screenshot(path=str(SHOTS / "phone-theming.png"))

        last = THEMES[-1]
        target = page.locator("li.theme").filter(has=page.locator("h4", has_text=last))
        assert target.bounding_box()["y"] > PHONE["height"] * 2, "the theme starts well off screen"
        words = page.locator("button.data-card .card-text", has_text="Card 0:")
        cdp = context.new_cdp_session(page)

        # A quick swipe over a card's words scrolls (the tray sideways); nothing is picked up.
        words.evaluate("e => e.scrollIntoView({block: 'center', inline: 'nearest'})")
        settle(page)
        x, y = center(words.bounding_box())
        tray = page.locator(".board.current .card-list.tray")
        touch(cdp, "touchStart", x, y)
        slide(cdp, page, (x, y), (x - 150, y), steps=6)
        touch(cdp, "touchEnd")
        expect(tray).not_to_have_js_property("scrollLeft", 0)
        assert page.locator(".drag-ghost").count() == 0
        # Back to the first card, once the swipe's fling has died down (it may carry on after a scrollTo).
        for _ in range(20):
            tray.evaluate("el => el.scrollTo(0, 0)")
            words.evaluate("e => e.scrollIntoView({block: 'center', inline: 'nearest'})")
            settle(page)
            box = words.bounding_box()
            if box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]:
                break

        # A long press on the words picks the card up; held by the bottom edge the page scrolls
        # until the last theme is in reach; the finger moves onto it and lets go.
        x, y = center(words.bounding_box())
        touch(cdp, "touchStart", x, y)
        page.wait_for_timeout(700)
        expect(page.locator(".drag-ghost")).to_have_count(1)
        edge = (PHONE["width"] / 2, PHONE["height"] - 12)
        slide(cdp, page, (x, y), edge)
        assert page.evaluate(WAIT_IN_REACH, [last, 20000]), "auto-scroll brought the theme into reach"
        mid = (PHONE["width"] / 2, PHONE["height"] / 2)
        slide(cdp, page, edge, mid, steps=3)
        goal = center(target.bounding_box())
        assert 0 < goal[1] < PHONE["height"], "the theme is on screen"
        slide(cdp, page, mid, goal, steps=4)
        page.screenshot(path=str(SHOTS / "phone-theming-drag.png"))
        touch(cdp, "touchEnd")
        expect(target.locator(".theme-count")).to_have_text("2 cards")
        eventually(lambda: server_card(board, board["cards"][0])["theme_id"] == board["themes"][last])
        expect(page.locator(".drag-ghost")).to_have_count(0)

        # A tap still opens "Move card to…": the keyboard and screen-reader path stays.
        page.evaluate("window.scrollTo(0, 0)")
        card = page.locator("button.data-card", has_text="Card 1:")
        card.tap()
        dialog = page.locator("dialog[open]")
        expect(dialog.locator("h2")).to_have_text("Move card to…")
        page.screenshot(path=str(SHOTS / "phone-theming-dialog.png"))
        dialog.get_by_role("button", name=f"{THEMES[0]} (1 card)", exact=True).click()
        expect(dialog).to_have_count(0)
        eventually(lambda: server_card(board, board["cards"][1])["theme_id"] == board["themes"][THEMES[0]])
        assert not page.errors, page.errors
    finally:
        context.close()


def test_the_board_switcher_shows_another_board_and_takes_a_dropped_card_there(browser, board):
    server, w = board["server"], board["w"]
    context, page = phone(browser, server, w["workshop_id"], board["ada"]["token"])
    try:
        page.locator(".board-nav button.type-ww").click()
        expect(page.locator(".board.current h2")).to_contain_text("WORKING WELL")
        expect(page.locator("#board-nww")).to_be_hidden()
        expect(page.locator(".board.current")).to_contain_text("Staff know me well")
        page.locator(".board-nav button.type-nww").click()
        # A card dropped on a board's button goes to that board.
        words = page.locator("button.data-card .card-text", has_text="Card 2:")
        cdp = context.new_cdp_session(page)
        page.evaluate("window.scrollTo(0, 0)")
        words.evaluate("e => e.scrollIntoView({block: 'center', inline: 'nearest'})")
        settle(page)
        x, y = center(words.bounding_box())
        goal = center(page.locator(".board-nav button.type-iff").bounding_box())
        touch(cdp, "touchStart", x, y)
        page.wait_for_timeout(700)
        slide(cdp, page, (x, y), goal)
        touch(cdp, "touchEnd")
        iff = board["boards"]["iff"]
        expect(page.locator(".board-nav button.type-iff")).to_contain_text("1 not yet themed")
        eventually(lambda: server_card(board, board["cards"][2])["board_id"] == iff)
        assert not page.errors, page.errors
    finally:
        context.close()
