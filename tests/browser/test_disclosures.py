"""Disclosures (issue 10): one arrow each, drawn by CSS, and not part of the name a screen reader reads.

The Menu, More, Timer, "Other screens", "Add a data card", "Change your name": a screen reader
read "▸ Menu", and the open tab "▸ Theming boards". Each keeps one arrow on screen.
"""
import os
import re

import httpx
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


def test_every_screens_collapsible_sections_have_one_arrow(browser, live_server):
    """Each screen the facilitator can open, with something in every collapsible section: Day 2's recap of
    Day 1's themes ("I am lonely – 1 card", two arrows once), the amendment key, an answer to type in, the
    imports so far, the agenda's boards. None shows the browser's marker beside ours."""
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    fac = Member(server, wid, w["token"])
    nww = next(r["id"] for r in fac.welcome["records"] if r["kind"] == "board" and r["type"] == "nww")
    theme = fac.op("card.create", board_id=nww, type="theme", text="I am lonely")["card_id"]
    fac.op("card.create", board_id=nww, type="data", tag="nww", theme_id=theme, text="I see nobody at weekends")
    sheet = b"Respondent,What is not working well for you?\nR1,Nobody asks me what I want\n"
    r = httpx.post(f"{server.base_url}/api/workshops/{wid}/responses", params={"publish": "false"},
                   headers={"Authorization": f"Bearer {w['token']}"}, files={"file": ("answers.csv", sheet)}, timeout=30)
    assert r.status_code in (200, 201), r.text
    fac.op("day.begin", day=2)
    fac.op("workshop.update", activity="recap")
    context, page = open_page(browser, server, wid, w["token"], viewport={"width": 1920, "height": 1080})
    try:
        expect(page.locator(".d2-recap-themes summary")).to_contain_text("I am lonely – 1 card", timeout=T)
        if os.environ.get("COBOARD_SHOTS"):
            page.locator(".d2-recap-themes summary").click()  # open: "▾" only
            page.locator(".d2-recap-themes").screenshot(path=os.path.join(os.environ["COBOARD_SHOTS"], "disclosure-recap-open.png"))
        ids = page.evaluate("async () => (await import('/web/app/screens.js')).allScreens().map((s) => s.id)")
        seen = 0
        for sid in ids:
            page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"coboard.screen.{wid}", sid])
            page.reload()
            expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
            expect(page.locator("[data-screen]")).to_have_count(1, timeout=T)
            try:  # a lazily loaded screen takes its place once its module has arrived
                expect(page.locator(f"[data-screen='{sid}']")).to_have_count(1, timeout=3000)
            except AssertionError:
                pass  # not open to the facilitator now: the page fell back to another screen
            expect(page.locator("main#main")).not_to_have_attribute("aria-busy", "true", timeout=T)
            page.wait_for_timeout(300)
            seen += page.locator("summary:visible").count()
            check_disclosures(page, least=1)  # the toolbar's Timer and More at least
        assert seen >= len(ids) * 2, seen
        assert not page.errors, page.errors
    finally:
        context.close()
        fac.close()
