"""The facilitator's phone toolbar at every step of both days' agendas (issue 10): on a 390×844 touch
phone, at each step the toolbar (what is on now, Next or the vote, More with the board's Show and
picture, the timer and the rest) is one row inside the phone (in large text what is on now has a line of its own above it) with no button cut or covering another,
its More menu likewise, and the board of the activity starts inside the first screen.
Set COBOARD_SHOTS to a folder to keep a screenshot of each step.
"""
import os

import pytest
from playwright.sync_api import expect

from server.domain.agenda import DAY_1, DAY_2

from .pages import T
from .test_day2_walk import day1, records
from .test_phone_now_line import IDS, KINDS, phone

pytestmark = pytest.mark.timeout(600)
SHOTS = os.environ.get("COBOARD_SHOTS")
W, H = 390, 844

# The controls of a bar or menu that are seen: each inside `box` and the phone, its words not cut (an ellipsis
# or a clipped overflow is a cut), no two overlapping.
CONTROLS = """(el) => {
  const seen = (e) => { const r = e.getBoundingClientRect(); return e.checkVisibility({ visibilityProperty: true }) && r.width > 1 && r.height > 1; };
  const box = el.getBoundingClientRect();
  const controls = [...el.querySelectorAll('button, select, summary, a, input, [data-testid=agenda-now]')].filter(seen)
    .filter((e) => !e.closest('details:not([open]) > :not(summary)'));
  const boxes = controls.map((e) => { const r = e.getBoundingClientRect();
    const s = getComputedStyle(e);
    const cut = e.tagName !== 'SELECT' && e.tagName !== 'INPUT' && ((e.scrollWidth > e.clientWidth + 1 && s.overflowX !== 'visible')
      || (s.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth) || e.scrollHeight > e.clientHeight + 2 && s.overflowY !== 'visible');
    return { text: e.textContent.trim().slice(0, 40), left: r.left, right: r.right, top: r.top, bottom: r.bottom, cut,
             inside: r.left >= Math.max(box.left, 0) - 0.5 && r.right <= Math.min(box.right, innerWidth) + 0.5 }; });
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5
        && !controls[i].contains(controls[j]) && !controls[j].contains(controls[i])) overlaps.push([a.text, b.text]);
  }
  return { boxes, overlaps, over: el.scrollWidth > el.clientWidth + 1, right: box.right }; }"""


def assert_fits(el, where):
    got = el.evaluate(CONTROLS)
    assert got["boxes"], where
    assert not got["over"] and got["right"] <= W, (where, got)
    assert not [b for b in got["boxes"] if not b["inside"]], (where, "outside", got["boxes"])
    assert not [b for b in got["boxes"] if b["cut"]], (where, "cut", got["boxes"])
    assert not got["overlaps"], (where, "overlap", got["overlaps"])
    return got


def one_row(page, where, large):
    """The toolbar's parts cross one horizontal line; in large text what is on now has a line of its own above."""
    boxes = page.locator(".toolbar").evaluate("""bar => [...bar.children].filter((e) => e.offsetParent !== null)
        .map((e) => { const r = e.getBoundingClientRect(); return { cls: e.className, top: r.top, bottom: r.bottom }; })""")
    if large:
        now = next(b for b in boxes if b["cls"] == "toolbar-now")
        boxes = [b for b in boxes if b is not now]
        assert all(b["top"] >= now["bottom"] - 0.5 for b in boxes), (where, "now above", now, boxes)
    assert max(b["top"] for b in boxes) < min(b["bottom"] for b in boxes), (where, "one row", boxes)


def board_top(page):
    """The top of the first board-like thing of the screen on now (its board, its list, its grid)."""
    return page.locator("main#main [data-screen]").evaluate("""s => {
        const b = s.querySelector('.board, .welcome, .vote-results, .voting, .table-boards, .parking, .d2-recap-board, .d2-inplace, .d2-ideas, .d2-vote-item, .grid, .d2-plan, .projector-preview, section');
        return b ? b.getBoundingClientRect().top : null; }""")


@pytest.mark.parametrize("lang,large", KINDS, ids=IDS)
def test_the_facilitators_phone_toolbar_fits_at_every_step(browser, live_server, lang, large):
    server = live_server
    d = day1(server)
    w, fac = d["w"], d["fac"]
    context, page = phone(browser, server, w["workshop_id"], w["token"], lang, large)
    try:
        round_id, ideas, made = None, [], []
        for key, day, time, *_ in DAY_1 + DAY_2:
            if key == "welcome_2":
                fac.op("day.begin", day=2)
                tb = {(r["room_id"], r["type"]): r["id"] for r in records(server, w) if r["kind"] == "board"}
                ideas = [tb[(d["t1"], "ideas")], tb[(d["t2"], "ideas")]]
                made = [fac.op("card.create", board_id=ideas[0], type="idea", hat=hat, text=text)["card_id"]
                        for hat, text in (("T", "Peer support coffee mornings"), ("C", "Befriending by neighbours"))]
            if key == "grid":
                fac.op("grid.add_top", round_id=round_id, per_table=3)
            fac.op("workshop.update", activity=key)
            if key == "idea_voting":
                round_id = fac.op("round.open", board_id=ideas[0], board_ids=ideas)["round_id"]
                for idea in made:
                    fac.op("vote.cast", round_id=round_id, target_id=idea)
            if key == "lunch_2":
                fac.op("round.close", round_id=round_id)
            bar = page.locator(".toolbar")
            expect(bar.locator("[data-testid=agenda-now]")).to_contain_text(time, timeout=T)
            page.wait_for_timeout(400)  # the move to the new activity's screen and its scroll, done
            expect(page.locator("main#main")).not_to_have_attribute("aria-busy", "true", timeout=T)
            if SHOTS:
                page.screenshot(path=os.path.join(SHOTS, f"phone-toolbar-{lang}{'-large' if large else ''}-{key}.png"))
            one_row(page, key, large)
            if key == "idea_voting" and lang == "cy":  # who still has dots, said in Welsh ('Ada (3 dot left)' before)
                expect(page.locator(".d2-vote-progress")).to_contain_text("ar ôl", timeout=T)
                assert "left" not in page.locator(".d2-vote-progress").text_content()
            assert_fits(bar, (key, "toolbar"))
            top = board_top(page)
            assert top is not None and 0 <= top <= H - 100, (key, "board", top)
            bar.locator(".toolbar-more > summary").click()
            more = bar.locator(".toolbar-more > .menu-body, .toolbar-more > div").first
            expect(more).to_be_visible()
            if SHOTS:
                page.screenshot(path=os.path.join(SHOTS, f"phone-toolbar-{lang}{'-large' if large else ''}-{key}-more.png"))
            assert_fits(more, (key, "More"))
            page.keyboard.press("Escape")
            expect(more).to_be_hidden()
        assert not page.errors, page.errors
    finally:
        context.close()
        fac.close()
