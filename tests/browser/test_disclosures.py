"""Disclosures (issue 10): one arrow each, drawn by CSS, and not part of the name a screen reader reads.

The Menu, More, Timer, "Other screens", "Add a data card", "Change your name": a screen reader
read "▸ Menu", and the open tab "▸ Theming boards". Each keeps one arrow on screen.
"""
import re

import pytest
from playwright.sync_api import expect

from .pages import Member, T, open_page, serious_axe_violations

pytestmark = pytest.mark.timeout(180)
ARROWS = re.compile("[▸▾▶▼►]")


def check_disclosures(page, least=3):
    summaries = page.locator("summary:visible")
    assert summaries.count() >= least, summaries.count()
    for s in summaries.all():
        words = " ".join(s.text_content().split())
        assert words and not ARROWS.search(words), words
        expect(s).to_have_accessible_name(words)  # the words only, no arrow
        drawn = s.evaluate("""s => { const st = getComputedStyle(s); const before = getComputedStyle(s, '::before').content;
            return { marker: st.display === 'list-item' && st.listStyleType !== 'none', before: before !== 'none' && before !== 'normal' }; }""")
        assert drawn == {"marker": False, "before": True}, (words, drawn)  # one arrow: ours
    current = page.locator("nav.screen-nav .screen-tab[aria-current=page]:visible, .menu-screens [aria-current=page]:visible").first
    if current.count():
        expect(current).to_have_accessible_name(" ".join(current.text_content().split()))


def test_disclosures_have_one_arrow_that_is_not_read(browser, live_server):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    fac.op("workshop.update", activity="ww_theming")
    fctx, page = open_page(browser, server, wid, w["token"], viewport={"width": 1280, "height": 900})
    actx, phone = open_page(browser, server, wid, ada["token"], viewport={"width": 390, "height": 844})
    try:
        expect(page.locator("[data-screen=theming] .board").first).to_be_visible(timeout=T)
        check_disclosures(page)
        expect(page.locator(".toolbar-more > summary")).to_have_accessible_name("More")
        page.locator(".toolbar-more > summary").click()
        check_disclosures(page)  # open: the other arrow, still not read
        assert not serious_axe_violations(page)
        expect(phone.locator(".page-menu > summary")).to_have_accessible_name("Menu")
        phone.locator(".page-menu > summary").click()
        expect(phone.locator(".page-menu nav.menu-screens")).to_be_visible(timeout=T)
        check_disclosures(phone, least=2)
        assert not serious_axe_violations(phone)
        assert not page.errors and not phone.errors, (page.errors, phone.errors)
    finally:
        actx.close()
        fctx.close()
        fac.close()
