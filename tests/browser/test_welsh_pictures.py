"""The Board pictures screen in Welsh (issue 10): the server stores a picture's board title in English
("NOT WORKING WELL", "Root causes – Table 1"); the screen says a default board title and table name in
the reader's language, as the ZIP's index.csv does (history.board_title_in), and a title someone
typed as written. Set COBOARD_SHOTS to a folder to keep the screenshot (projector-pictures-cy.png).
"""
import os
import re

import httpx
import pytest
from playwright.sync_api import expect

from .pages import Member, T, open_screen, patient

pytestmark = pytest.mark.timeout(180)


def test_the_pictures_screen_says_stored_board_titles_in_welsh(browser, live_server):
    server = live_server
    w = server.create_workshop(title="Gwasanaethau dydd", facilitator_name="Sam")
    wid = w["workshop_id"]
    auth = {"Authorization": f"Bearer {w['token']}"}
    fac = Member(server, wid, w["token"])
    try:
        boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
        theme = patient(fac, "card.create", board_id=boards["nww"], type="theme", text="Aros yn rhy hir")["card_id"]
        patient(fac, "card.create", board_id=boards["ww"], type="theme", text="Staff caredig")
        patient(fac, "tables.give_themes", theme_ids=[theme])
        mine = patient(fac, "board.create", type="parking", title="Ein syniadau ni")  # a title someone typed
    finally:
        fac.close()
    taken = httpx.post(f"{server.base_url}/api/workshops/{wid}/snapshots", headers=auth, json={}, timeout=60)
    assert taken.status_code == 201, taken.text
    stored = {s["board_title"] for s in taken.json()["snapshots"]}
    assert {"NOT WORKING WELL", "Root causes – Table 1", "Ein syniadau ni"} <= stored, stored  # stored in English

    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.add_init_script("localStorage.setItem('coboard.pref.lang', 'cy')")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    pictures = []  # the thumbnails as the server sent them to the page (with the page's own request)

    def keep(route):
        sent = route.fetch()
        pictures.append(sent.text())
        route.fulfill(response=sent)
    page.route(re.compile(r"/snapshots/[^/]+\.svg$"), keep)
    try:
        page.goto(f"{server.base_url}/w/{wid}#token={w['token']}")
        expect(page.locator(".conn")).to_have_text("Wedi cysylltu", timeout=T)
        open_screen(page, "Lluniau o’r byrddau")
        titles = page.locator("li.shot figcaption strong")
        expect(titles).to_have_count(len(stored), timeout=T)
        titles.first.scroll_into_view_if_needed()
        if os.environ.get("COBOARD_SHOTS"):
            page.screenshot(path=os.path.join(os.environ["COBOARD_SHOTS"], "projector-pictures-cy.png"))
        said = titles.all_inner_texts()
        assert "DDIM YN GWEITHIO’N DDA" in said, said
        assert "Achosion sylfaenol – Grŵp 1" in said, said
        assert "Ein syniadau ni" in said, said
        english = [s for s in said if "NOT WORKING WELL" in s or "WORKING WELL" in s or "Root causes" in s or "Table " in s]
        assert not english, english
        # The thumbnails themselves: the pictures' own words in Welsh too (drawn in English when taken)
        for item in page.locator("li.shot").all():
            item.scroll_into_view_if_needed()  # a thumbnail loads when it comes into view
        thumbs = page.locator("li.shot .thumb img")
        expect(thumbs).to_have_count(len(stored), timeout=T)
        drawn = list(pictures)
        assert len(drawn) == len(stored), len(drawn)
        assert all('lang="cy"' in svg[:400] for svg in drawn), [svg[:200] for svg in drawn]
        joined = " ".join(drawn)
        assert "DDIM YN GWEITHIO’N DDA (nww)" in joined and "Achosion sylfaenol – Grŵp 1" in joined
        assert not [w for w in ("NOT WORKING WELL", "Root causes", "Table 1", "Whole group", "Themes:") if w in joined]
        alts = page.locator("li.shot [role=group]").evaluate_all("els => els.map((e) => e.getAttribute('aria-label'))")
        assert not [a for a in alts if "NOT WORKING WELL" in a or "Table " in a], alts
        assert not errors, errors
    finally:
        context.close()
