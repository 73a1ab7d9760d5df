"""On a 390×844 phone (touch), what is on now is read whole (issue 10): the participant's agenda
line ("NOW 10:40 Working Well theming") and the staff's toolbar wrap their words instead of cutting
them to "Working Well themi…", in English and Welsh, normal and large text.
"""
import os

import pytest
from playwright.sync_api import expect

from .pages import Member, T

pytestmark = pytest.mark.timeout(240)
SHOTS = os.environ.get("COBOARD_SHOTS")
KINDS = [("en", False), ("en", True), ("cy", False), ("cy", True)]
IDS = ["en", "en-large", "cy", "cy-large"]
TITLE = {"en": "Working Well theming", "cy": "Themâu Yn Gweithio’n Dda"}


def phone(browser, server, wid, token, lang, large):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    context.add_init_script(f"localStorage.setItem('coboard.pref.lang', '{lang}');"
                            + ("localStorage.setItem('coboard.pref.largeText', '1');" if large else ""))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.base_url}/w/{wid}#token={token}")
    expect(page.locator(".conn-live")).to_have_count(1, timeout=T)
    page.errors = errors
    return context, page


# Every element of the line and the line itself: nothing cut sideways or clamped (an ellipsis is a cut).
# (The words only a screen reader reads, in a 1 px box, are not on the screen to be cut.)
WHOLE = """e => { const seen = (x) => { const r = x.getBoundingClientRect(); return x.offsetParent !== null && r.width > 1 && r.height > 1; };
    const all = [e, ...e.querySelectorAll('*')].filter(seen);
    const cut = all.filter((x) => x.scrollWidth > x.clientWidth + 1 || x.scrollHeight > x.clientHeight + 1
        || (getComputedStyle(x).textOverflow === 'ellipsis' && getComputedStyle(x).whiteSpace === 'nowrap' && x.scrollWidth > x.clientWidth))
      .map((x) => ({ cls: x.className, text: x.textContent.slice(0, 40), sw: x.scrollWidth, cw: x.clientWidth, sh: x.scrollHeight, ch: x.clientHeight }));
    const r = e.getBoundingClientRect();
    return { text: e.textContent, cut, right: r.right, page: document.documentElement.scrollWidth }; }"""


@pytest.mark.parametrize("lang,large", KINDS, ids=IDS)
def test_what_is_on_now_is_read_whole_on_a_phone(browser, live_server, lang, large):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    fac.op("workshop.update", activity="ww_theming")
    try:
        for who, token, line in (("ada", ada["token"], ".agenda-strip .agenda-now"), ("sam", w["token"], ".toolbar .toolbar-now")):
            context, page = phone(browser, server, wid, token, lang, large)
            try:
                expect(page.locator("[data-screen=theming]")).to_be_visible(timeout=T)
                expect(page.locator(line)).to_be_visible(timeout=T)
                got = page.locator(line).evaluate(WHOLE)
                assert TITLE[lang] in " ".join(got["text"].split()), (who, got)
                assert not got["cut"], (who, got)
                assert got["right"] <= 390 and got["page"] <= 391, (who, got)
                if SHOTS:
                    page.screenshot(path=os.path.join(SHOTS, f"phone-now-{who}-{lang}{'-large' if large else ''}.png"))
                assert not page.errors, page.errors
            finally:
                context.close()
    finally:
        fac.close()
