"""A phone's header is one readable line at every width from 320 px (issue 10): "Coboard", the
connection's dot with its words, and the Menu, in English and Welsh, normal and large text, for the
facilitator and a participant. Before, at 360 px in large text the name was cut to "Coboa" (and to
"Co" in Welsh at 320 px) beside "Wedi cysylltu" and "Dewislen".
Set COBOARD_SHOTS to a folder to keep a screenshot of each header.
"""
import os

import pytest
from playwright.sync_api import expect

from .pages import Member, T
from .test_phone_now_line import IDS, KINDS, phone

pytestmark = pytest.mark.timeout(300)
SHOTS = os.environ.get("COBOARD_SHOTS")
WIDTHS = (320, 340, 360, 375, 390, 412, 430)
SMALLEST = 12  # px: no word of the header is smaller than this to make it fit

# The header's visible parts: each whole (nothing cut, clamped or ellipsed, no word broken), all crossing one
# horizontal line, none overlapping the next, all inside the header and the phone; and the smallest font.
LINE = """h => {
  const seen = (e) => { const r = e.getBoundingClientRect(); return e.checkVisibility({ visibilityProperty: true }) && r.width > 1 && r.height > 1; };
  const inDropDown = (e) => { for (let a = e; a && a !== h; a = a.parentElement) if (getComputedStyle(a).position === 'absolute') return true; return false; };
  const parts = [...h.children].filter((e) => seen(e) && !inDropDown(e));
  const all = parts.flatMap((p) => [p, ...p.querySelectorAll('*')]).filter((e) => seen(e) && !inDropDown(e));
  const cut = all.filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible'
      || (getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth))
    .map((e) => ({ cls: e.className, text: e.textContent.slice(0, 30), sw: e.scrollWidth, cw: e.clientWidth }));
  const boxes = parts.map((e) => { const r = e.getBoundingClientRect(); return { cls: e.className, text: e.textContent.slice(0, 30), left: r.left, right: r.right, top: r.top, bottom: r.bottom }; });
  const fonts = all.filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
    .map((e) => ({ text: e.textContent.trim().slice(0, 20), px: parseFloat(getComputedStyle(e).fontSize) }));
  const r = h.getBoundingClientRect();
  return { boxes, cut, fonts, over: h.scrollWidth > h.clientWidth + 1, right: r.right, page: document.documentElement.scrollWidth,
           brand: h.querySelector('.brand').textContent }; }"""


def assert_one_readable_line(page, width, where):
    got = page.locator(".site-header").evaluate(LINE)
    boxes = sorted(got["boxes"], key=lambda b: b["left"])
    assert [b["cls"].split()[0] for b in boxes][:1] == ["brand"] and got["brand"] == "Coboard", (where, got)
    assert len(boxes) == 3, (where, boxes)  # Coboard, the connection, the Menu
    assert not got["cut"], (where, got["cut"])
    assert max(b["top"] for b in boxes) < min(b["bottom"] for b in boxes), (where, "one line", boxes)
    for a, b in zip(boxes, boxes[1:]):
        assert a["right"] <= b["left"] + 0.5, (where, "overlap", a, b)
    assert boxes[0]["left"] >= 0 and boxes[-1]["right"] <= width, (where, boxes)
    assert not got["over"] and got["page"] <= width + 1, (where, got)
    small = [f for f in got["fonts"] if f["px"] < SMALLEST]
    assert not small, (where, small)


@pytest.mark.parametrize("lang,large", KINDS, ids=IDS)
def test_a_phones_header_is_one_readable_line_from_320_px(browser, live_server, lang, large):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    fac.op("workshop.update", activity="ww_theming")
    try:
        for who, token in (("sam", w["token"]), ("ada", ada["token"])):
            context, page = phone(browser, server, wid, token, lang, large)
            try:
                expect(page.locator("[data-screen=theming]")).to_be_visible(timeout=T)
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 740})
                    page.wait_for_function("w => document.documentElement.clientWidth === w", arg=width)
                    page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
                    if SHOTS:
                        page.screenshot(path=os.path.join(SHOTS, f"phone-header-{who}-{lang}{'-large' if large else ''}-{width}.png"),
                                        clip={"x": 0, "y": 0, "width": width, "height": 120})
                    assert_one_readable_line(page, width, (who, width))
                assert not page.errors, page.errors
            finally:
                context.close()
    finally:
        fac.close()
