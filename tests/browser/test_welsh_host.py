"""The host console in Welsh: a facilitator who chose Cymraeg reads no English message of the
catalogue on it (people list with a raised hand and a rename form, rooms with breakouts open,
a timer, a poll, the projector link), <html lang="cy">, axe-core finds no serious problem, and
the console fits a phone's width (390 px) as well as a projector's (1920 px).
"""
import os
import re

import pytest
from playwright.sync_api import expect

from .pages import T, Member, open_screen, serious_axe_violations
from .test_welsh_board import english_patterns

pytestmark = pytest.mark.timeout(150)

# Every text node and every label a screen reader reads, inside the host console only.
CONSOLE_TEXTS = """() => {
  const root = document.querySelector('.host-console');
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { const s = n.data.trim(); if (s) out.push(s); }
  for (const el of root.querySelectorAll('[aria-label], [title], [placeholder]')) {
    for (const a of ['aria-label', 'title', 'placeholder']) { const v = el.getAttribute(a); if (v && v.trim()) out.push(v.trim()); }
  }
  for (const el of root.querySelectorAll('label, legend, button, h2, h3, h4, p, li')) { const s = el.textContent.trim(); if (s) out.push(s); }
  return out;
}"""


@pytest.fixture
def ws(live_server):
    w = live_server.create_workshop(title="Gwasanaethau dydd", facilitator_name="Sam")
    fac = Member(live_server, w["workshop_id"], w["token"])
    ada_join = live_server.join(w, "Ada")
    ada = Member(live_server, w["workshop_id"], ada_join["token"])
    t1 = fac.op("room.create", type="table")["room_id"]
    fac.op("room.assign", participant_id=ada_join["participant_id"], room_id=t1)
    ada.op("hand.raise")
    fac.op("breakout.open", seconds=600)
    fac.op("timer.start", seconds=300, label="Te")
    fac.op("poll.create", question="Sut ydych chi?", options=["Da", "Iawn"], multiple=False, anonymous=True, show="live")
    yield {"server": live_server, "w": w, "ada": ada_join}
    ada.close()
    fac.close()


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1920, "height": 1080}], ids=["phone", "projector"])
def test_the_host_console_in_welsh_has_no_english_left(browser, ws, viewport):
    server, w = ws["server"], ws["w"]
    context = browser.new_context(viewport=viewport)
    context.add_init_script("localStorage.setItem('coboard.pref.lang', 'cy')")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{server.base_url}/w/{w['workshop_id']}#token={w['token']}")
        expect(page.locator(".conn")).to_have_text("Wedi cysylltu", timeout=T)
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        open_screen(page, re.compile("^Consol y gwesteiwr"))
        console = page.locator(".host-console")
        expect(console.get_by_role("heading", name="Consol y gwesteiwr", exact=True)).to_be_visible(timeout=T)
        expect(console.locator(".host-person", has_text="Ada")).to_contain_text("llaw wedi’i chodi (1af)")
        expect(console.locator(".breakout-state")).to_have_text("Mae’r ystafelloedd grŵp ar agor.")
        expect(console.locator(".table-list")).to_contain_text("Grŵp 1: 1 person")
        console.get_by_role("button", name="Ailenwi Ada").click()
        expect(console.get_by_label("Enw newydd i Ada")).to_be_visible()
        console.get_by_role("button", name="Gwneud dolen taflunydd").click()
        expect(console.get_by_role("button", name="Gwneud dolen taflunydd arall")).to_be_visible(timeout=T)
        # the projector member the link made is named in Welsh ("Projector 1" is stored)
        expect(console.locator(".host-person", has_text="Taflunydd 1")).to_contain_text("Sgrin taflunydd", timeout=T)

        texts = page.evaluate(CONSOLE_TEXTS)
        patterns = english_patterns()
        left_in_english = sorted({s for s in texts if any(p.match(s) for p in patterns)})
        assert not left_in_english, f"English messages in the Welsh host console: {left_in_english}"
        assert not serious_axe_violations(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        if os.environ.get("COBOARD_SHOTS"):
            page.screenshot(path=os.path.join(os.environ["COBOARD_SHOTS"], f"cyhost-host-cy-{viewport['width']}.png"), full_page=True)
        assert not errors, errors
    finally:
        context.close()
