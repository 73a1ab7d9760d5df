"""The Investment Grid on a 390×844 touch phone, with 15 ideas, several placed on the same spot:
no idea covers another, none is cut off or sticks out of the grid (bounding boxes), the ideas
still to place wait in a tray above the grid, in large text too; a tap says an idea's words.
At 1920×1080 the grid shows the words on the ideas, still without overlaps.
"""
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .pages import Member, T, open_screen, patient
from .test_day2_walk import day1, records

pytestmark = pytest.mark.timeout(150)

SHOTS = Path(os.environ.get("COBOARD_SHOTS", "/tmp/coboard-shots"))
# (impact, effort) for 13 placed ideas: clusters on one spot, as a room really drops them.
SPOTS = [(0.8, 0.2)] * 5 + [(0.9, 0.9)] * 4 + [(0.2, 0.25)] * 2 + [(0.1, 0.8)] * 2
HATS = "RTC"


@pytest.fixture
def grid(live_server):
    d = day1(live_server)
    w, fac = d["w"], d["fac"]
    fac.op("day.begin", day=2)
    tb = {(r["room_id"], r["type"]): r["id"] for r in records(live_server, w) if r["kind"] == "board"}
    more = Member(live_server, w["workshop_id"], w["token"])
    ideas = []
    for i in range(15):
        table = d["t1"] if i < 8 else d["t2"]
        ideas.append(patient(more, "card.create", board_id=tb[(table, "ideas")], type="idea", hat=HATS[i % 3],
                             text=f"Idea {i}: a walking group on Saturday mornings that anyone can join")["card_id"])
    more.close()
    placer = Member(live_server, w["workshop_id"], w["token"])
    copies = patient(placer, "grid.add", card_ids=ideas)["card_ids"]
    for cid, (impact, effort) in zip(copies, SPOTS):
        patient(placer, "grid.place", card_id=cid, impact=impact, effort=effort)
    placer.close()
    d["server"] = live_server
    yield d
    fac.close()


CHECK = """() => {
  const plot = document.querySelector('.grid-plot').getBoundingClientRect();
  const all = [...document.querySelectorAll('.d2-grid .grid-idea')];
  const boxes = all.map((el) => ({ el, r: el.getBoundingClientRect(), placed: el.classList.contains('placed'), code: el.querySelector('.d2-code').textContent }));
  const problems = [];
  for (const b of boxes) {
    const { r, el } = b;
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) problems.push(`${b.code} is cut off`);
    const code = el.querySelector('.d2-code').getBoundingClientRect();
    if (code.right > r.right + 0.5 || code.bottom > r.bottom + 0.5 || code.width < 1) problems.push(`${b.code}: its code does not show`);
    if (r.right > innerWidth + 0.5 || r.left < -0.5) problems.push(`${b.code} sticks out of the screen`);
    if (b.placed && (r.left < plot.left - 0.5 || r.right > plot.right + 0.5 || r.top < plot.top - 0.5 || r.bottom > plot.bottom + 0.5)) problems.push(`${b.code} sticks out of the grid`);
  }
  for (let i = 0; i < boxes.length; i += 1) for (let j = i + 1; j < boxes.length; j += 1) {
    const a = boxes[i].r, b = boxes[j].r;
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) problems.push(`${boxes[i].code} covers ${boxes[j].code}`);
  }
  const quads = document.querySelectorAll('.grid-quad-label');
  return { problems, placed: boxes.filter((b) => b.placed).length, waiting: boxes.filter((b) => !b.placed).length, quads: quads.length };
}"""


def open_grid(browser, server, wid, token, viewport, large=False, touch=True):
    context = browser.new_context(viewport=viewport, has_touch=touch, is_mobile=touch, device_scale_factor=1)
    if large:
        context.add_init_script("localStorage.setItem('coboard.pref.largeText', '1')")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{server.base_url}/w/{wid}#token={token}")
    expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
    open_screen(page, "Investment Grid")
    expect(page.locator(".grid-idea.placed")).to_have_count(13, timeout=T)
    page.wait_for_timeout(300)  # the ideas are spread after the grid has been drawn
    return context, page


@pytest.mark.parametrize("large", [False, True], ids=["normal-text", "large-text"])
def test_fifteen_ideas_fit_a_phone_without_overlap_or_cut(browser, grid, large):
    w = grid["w"]
    context, page = open_grid(browser, grid["server"], w["workshop_id"], grid["ada"]["token"], {"width": 390, "height": 844}, large=large)
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(".d2-grid").scroll_into_view_if_needed()
        result = page.evaluate(CHECK)
        page.locator(".d2-grid").screenshot(path=str(SHOTS / f"grid-phone-{'large' if large else 'normal'}.png"))
        assert result["placed"] == 13 and result["waiting"] == 2, result
        assert not result["problems"], result["problems"]
        # The quadrant labels stay readable: no idea covers one.
        covered = page.evaluate("""() => [...document.querySelectorAll('.grid-quad-label')].filter((l) => {
          const a = l.getBoundingClientRect();
          return [...document.querySelectorAll('.grid-idea.placed')].some((el) => { const b = el.getBoundingClientRect();
            return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; });
        }).map((l) => l.textContent)""")
        assert not covered, covered
        # A tap on an idea (code only on a phone) says its words.
        chip = page.locator(".grid-idea.placed").first
        code = chip.locator(".d2-code").inner_text()
        chip.tap()
        expect(page.locator("#grid-status")).to_contain_text(f"{code}: Idea ")
        assert not page.errors, page.errors
    finally:
        context.close()


def test_the_grid_on_a_big_screen_shows_the_words_without_overlap(browser, grid):
    w = grid["w"]
    context, page = open_grid(browser, grid["server"], w["workshop_id"], w["token"], {"width": 1920, "height": 1080}, touch=False)
    try:
        result = page.evaluate(CHECK)
        page.locator(".d2-grid").screenshot(path=str(SHOTS / "grid-1920.png"))
        assert not result["problems"], result["problems"]
        assert page.evaluate("document.querySelector('.grid-plot').classList.contains('codes-only')") is False
        expect(page.locator(".grid-idea.placed .grid-idea-text").first).to_be_visible()
        assert not page.errors, page.errors
    finally:
        context.close()

