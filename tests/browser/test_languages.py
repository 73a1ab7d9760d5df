"""Languages in Chromium: the switch on every page, the workshop's default language, Welsh pages.

Welsh comes from web/i18n/cy.json (made from server/i18n/locales/cy/…/messages.po); a page in
Welsh says so with lang="cy" on <html>, and a person's own choice beats the workshop's default.
"""
import re

import pytest
from playwright.sync_api import expect

from .pages import T, Member, close_menu, open_menu, open_screen

pytestmark = pytest.mark.timeout(120)


def new_page(browser, locale="en-GB"):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale=locale)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return context, page


def test_the_language_switch_is_on_every_page_and_a_persons_choice_is_kept(browser, live_server):
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    ada = live_server.join(w, "Ada")
    ctx, page = new_page(browser)
    try:
        for path in ("/", "/join", f"/w/{w['workshop_id']}/join"):
            page.goto(live_server.base_url + path)
            switch = page.get_by_role("group", name="Language")
            expect(switch.get_by_role("button", name="Cymraeg")).to_be_visible(timeout=T)
            expect(page.locator("html")).to_have_attribute("lang", "en")
        page.goto(f"{live_server.base_url}/w/{w['workshop_id']}#token={ada['token']}")
        expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
        open_menu(page)  # the language is in the Menu when the header has no room for it
        page.get_by_role("group", name="Language").get_by_role("button", name="Cymraeg").click()
        expect(page.locator("html")).to_have_attribute("lang", "cy", timeout=T)
        expect(page.locator(".conn")).to_have_text("Wedi cysylltu", timeout=T)
        switch = page.get_by_role("group", name="Iaith")
        open_menu(page)
        expect(switch.get_by_role("button", name="Cymraeg")).to_have_attribute("aria-pressed", "true")
        page.goto(live_server.base_url + "/join")  # another page: the choice is kept on the device
        expect(page.locator("html")).to_have_attribute("lang", "cy", timeout=T)
        expect(page.locator("h1")).to_have_text("Ymuno â gweithdy")
        page.get_by_role("group", name="Iaith").get_by_role("button", name="English").click()
        expect(page.locator("h1")).to_have_text("Join a workshop", timeout=T)
        assert not page.errors, page.errors
    finally:
        ctx.close()


def test_the_facilitator_sets_the_workshops_language_and_pages_open_in_it(browser, live_server):
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = live_server.join(w, "Ada")
    fctx, fpage = new_page(browser)
    actx, apage = new_page(browser)
    try:
        apage.goto(f"{live_server.base_url}/w/{wid}#token={ada['token']}")
        expect(apage.locator(".conn")).to_have_text("Connected", timeout=T)
        fpage.goto(f"{live_server.base_url}/w/{wid}#token={w['token']}")
        expect(fpage.locator(".conn")).to_have_text("Connected", timeout=T)
        fpage.locator(".toolbar-more > summary").click()  # the invite is in the facilitator's More menu
        fpage.locator(".invite summary").click()
        fpage.get_by_label("Language of the workshop").select_option("cy")
        # Ada chose nothing herself: her page follows the workshop into Welsh. So does the facilitator's.
        expect(apage.locator("html")).to_have_attribute("lang", "cy", timeout=T)
        expect(apage.locator(".conn")).to_have_text("Wedi cysylltu", timeout=T)
        expect(fpage.locator("html")).to_have_attribute("lang", "cy", timeout=T)
        # A person's own choice comes first.
        open_menu(apage)
        apage.get_by_role("group", name="Iaith").get_by_role("button", name="English").click()
        expect(apage.locator(".conn")).to_have_text("Connected", timeout=T)
        expect(apage.locator("html")).to_have_attribute("lang", "en")
        state = live_server.state(wid, w["token"])
        assert next(r for r in state["records"] if r["kind"] == "workshop")["language"] == "cy"
        assert not apage.errors and not fpage.errors, apage.errors + fpage.errors
    finally:
        actx.close()
        fctx.close()


def test_plain_words_are_per_person_and_short_in_both_languages(browser, live_server):
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = live_server.join(w, "Ada")
    ben = live_server.join(w, "Ben")
    fac = Member(live_server, wid, w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    fac.op("workshop.update", activity="nww_theming")
    fac.op("card.create", board_id=boards["nww"], type="theme", text="I am lonely")
    fac.op("round.open", board_id=boards["nww"])
    actx, apage = new_page(browser)
    bctx, bpage = new_page(browser)
    try:
        for page, token in ((apage, ada["token"]), (bpage, ben["token"])):
            page.goto(f"{live_server.base_url}/w/{wid}#token={token}")
            expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
        open_menu(apage)
        with apage.expect_navigation():  # the page is drawn again in plain words
            apage.get_by_role("button", name="Plain words").click()
        expect(apage.locator(".conn")).to_have_text("Connected", timeout=T)
        open_menu(apage)
        expect(apage.get_by_role("button", name="Plain words")).to_have_attribute("aria-pressed", "true", timeout=T)
        close_menu(apage)
        # The theming boards: what an I statement is, with the guide's example, and short instructions.
        open_screen(apage, "Theming boards")
        box = apage.locator(".plain-box")
        expect(box.get_by_role("heading", name="What is an I statement?")).to_be_visible()
        expect(box).to_contain_text("“I am lonely.”")
        expect(box).to_contain_text("Not: “Experiencing social isolation.”")
        expect(apage.locator("#card-help")).to_have_text("Put each card in the theme it fits. Hold it and drag it there, or press it and choose.")
        open_screen(apage, "Dot voting")
        expect(apage.locator(".vote-rules")).to_have_text("You can vote now. You have 3 dots. Put up to 2 on one theme.")
        # Ben did not ask for plain words: his page is as before.
        open_screen(bpage, "Dot voting")
        expect(bpage.locator(".vote-rules")).to_have_text("The vote is open. Each person has 3 dots, at most 2 on one theme.")
        expect(bpage.locator(".plain-box")).to_have_count(0)
        # Plain words in Welsh too.
        open_menu(apage)
        apage.get_by_role("group", name="Language").get_by_role("button", name="Cymraeg").click()
        expect(apage.locator(".vote-rules")).to_have_text(
            "Gallwch chi bleidleisio nawr. Mae gennych chi 3 dot. Rhowch hyd at 2 ar un thema.", timeout=T)
        open_menu(apage)
        expect(apage.get_by_role("button", name="Geiriau syml")).to_have_attribute("aria-pressed", "true")
        assert not apage.errors and not bpage.errors, apage.errors + bpage.errors
    finally:
        actx.close()
        bctx.close()
        fac.close()


def test_a_wrong_join_code_is_refused_in_the_language_of_the_join_page(browser, live_server):
    """Before joining, the page shows the browser's language (it cannot know the workshop's default yet) and says
    so on its calls: a wrong code in a join link is refused in Welsh on a Welsh page of a workshop set to English,
    and in English on an English page of a Welsh workshop (the server answered both in the workshop's default)."""
    from server.i18n import gettext

    wrong = "That join code is not right for this workshop. Check the link or ask the facilitator for the code."
    for language, browser_locale, page_lang in (("en", "cy-GB", "cy"), ("cy", "en-GB", "en")):
        w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
        fac = Member(live_server, w["workshop_id"], w["token"])
        fac.op("workshop.update", language=language)
        fac.close()
        ctx, page = new_page(browser, locale=browser_locale)
        try:
            page.goto(f"{live_server.base_url}/w/{w['workshop_id']}/join#code={'WRONGCOD'[:len(w['join_code'])]}")
            expect(page.locator("html")).to_have_attribute("lang", page_lang, timeout=T)
            expect(page.locator(".privacy-notice")).to_be_visible(timeout=T)  # fetched: the workshop is loaded
            page.locator("#name").fill("Ada")
            page.locator("form button[type=submit]").click()
            expect(page.locator(".error-summary")).to_contain_text(gettext(page_lang, wrong), timeout=T)
            assert not page.errors, page.errors
        finally:
            ctx.close()


def test_a_members_upload_is_refused_in_the_language_the_board_shows(browser, live_server, tmp_path):
    """A member's calls say the page's language too (app/http.js apiFetch): a Welsh browser whose Welsh catalogue
    cannot load shows the board in English, and the server, which would answer a Welsh Accept-Language in Welsh,
    refuses the facilitator's picture-for-a-spreadsheet in English, the words around it."""
    from server.i18n import gettext

    not_a_sheet = "This file is not a spreadsheet we can read. Please upload a CSV or an Excel (.xlsx) file."
    assert gettext("cy", not_a_sheet) != not_a_sheet
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    picture = tmp_path / "photo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    ctx, page = new_page(browser, locale="cy-GB")
    try:
        page.route("**/web/i18n/cy.json", lambda route: route.abort())
        page.goto(f"{live_server.base_url}/w/{w['workshop_id']}#token={w['token']}")
        expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        open_screen(page, "Import answers")
        page.get_by_label("Choose the spreadsheet of answers (CSV or Excel .xlsx)").set_input_files(str(picture))
        expect(page.locator(".error-summary")).to_contain_text(not_a_sheet, timeout=T)
        assert not page.errors, page.errors
    finally:
        ctx.close()
