"""Small defects of issue 10 that were fixed with no test to fail if they came back.

- The file chooser names the chosen file once: the browser's own words ("No file chosen") never beside
  "Chosen: answers.csv" (the field drawn again for each file is given the file: screens/data.js).
- With no answer ready, the send button is not a live "Send 0 answers to the boards": it is disabled and
  says "No answers ready to send".
- The toast fits a 390×844 phone, its "Dismiss" inside it and inside the screen, in large text and in
  Welsh too (bounding boxes).
- The card dialog with no theme to choose waits on Cancel: Enter does not send the card to another board.
- Counts say "1 card", "1 dot" (en) and "1 cerdyn", "1 dot" (cy), never "1 cards", "1 dots", "1 o gardiau":
  for the facilitator, a participant's phone and the projector.

The browser package's one server; each test makes its workshop through the API. Set COBOARD_SHOTS to a folder to
keep the screenshots (small-*.png).
"""
import csv
import io
import os
import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from .pages import Member, T, open_page, open_screen

pytestmark = pytest.mark.timeout(180)
SHOTS = os.environ.get("COBOARD_SHOTS")
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1920, "height": 1080}
LONG = ("I have not had a full night's sleep in three years because my husband wanders at night and I am "
        "scared he will go out of the front door while I am asleep, and nobody seems to think it is urgent")


@pytest.fixture
def server(live_server):
    """The browser package's shared server (tests/browser/conftest.py)."""
    return live_server


def shot(page: Page, name: str):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"small-{name}.png"))


def boards_of(member: Member) -> dict:
    return {r["type"]: r["id"] for r in member.welcome["records"] if r["kind"] == "board"}


def answers_csv() -> bytes:
    """Two people, three answers: two fit on a card, one is too long and waits for a change."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["Respondent", "What is working well for you?", "What is not working well for you?"])
    w.writerow(["R1", "My support worker helped me fill in the blue badge form", LONG])
    w.writerow(["R2", "The Wednesday coffee morning", ""])
    return out.getvalue().encode("utf-8")


def box(locator) -> dict:
    b = locator.bounding_box()
    assert b, locator
    return {"left": b["x"], "top": b["y"], "right": b["x"] + b["width"], "bottom": b["y"] + b["height"]}


def words_box(locator) -> dict:
    """The box of an element's words as drawn (they may spill out of the element's own box)."""
    return locator.evaluate("""e => { const range = document.createRange(); range.selectNodeContents(e);
        const r = range.getBoundingClientRect(); return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }; }""")


def inside(inner: dict, outer: dict) -> bool:
    return (inner["left"] >= outer["left"] - 0.5 and inner["top"] >= outer["top"] - 0.5
            and inner["right"] <= outer["right"] + 0.5 and inner["bottom"] <= outer["bottom"] + 0.5)


# ---- the data screens ---------------------------------------------------------------------------------

def chooser_state(page: Page) -> dict:
    """What the file field holds (the browser says "No file chosen" when it holds none) and the page's note."""
    return page.evaluate("""() => {
        const f = document.getElementById('answers-file');
        const note = document.querySelector('.drop-zone .chosen');
        return { field: f && f.files.length ? f.files[0].name : null, note: note ? note.textContent : null };
    }""")


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1920", "390"])
def test_the_file_chooser_names_the_file_once_and_nothing_to_send_is_not_a_button(browser, server, tmp_path, viewport):
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    data_file = tmp_path / "answers.csv"
    data_file.write_bytes(answers_csv())
    context, page = open_page(browser, server, w["workshop_id"], w["token"], viewport=viewport)
    size = viewport["width"]
    try:
        open_screen(page, "Import answers")
        field = page.get_by_label("Choose the spreadsheet of answers (CSV or Excel .xlsx)")
        expect(field).to_be_visible(timeout=T)
        assert chooser_state(page) == {"field": None, "note": None}  # "No file chosen", and nothing else
        field.set_input_files(str(data_file))
        expect(page.locator("section.preview").get_by_role("heading", name="What we found in answers.csv")).to_be_visible(timeout=T)
        # The field was drawn again for this file: it names the file itself, beside the page's note.
        assert chooser_state(page) == {"field": "answers.csv", "note": "Chosen: answers.csv"}
        page.locator(".drop-zone").scroll_into_view_if_needed()
        shot(page, f"file-chosen-{size}")

        page.get_by_role("button", name="Choose another file").click()
        expect(page.locator("section.preview")).to_have_count(0, timeout=T)
        assert chooser_state(page) == {"field": None, "note": None}

        field.set_input_files(str(data_file))
        expect(page.locator("section.preview")).to_be_visible(timeout=T)
        assert chooser_state(page) == {"field": "answers.csv", "note": "Chosen: answers.csv"}
        page.get_by_label("Put answers that need no change straight on the boards").uncheck()
        page.get_by_role("button", name="Import 3 answers").click()
        expect(page.locator("[data-focus-key=import-done]")).to_contain_text("Imported 3 answers from 2 people", timeout=T)
        assert chooser_state(page) == {"field": None, "note": None}  # imported: the field is empty again

        # Cleaning: two answers ready to send, the long one needs a change first.
        open_screen(page, re.compile("^Clean answers"))
        send = page.locator("[data-focus-key=publish]")
        expect(send).to_have_text("Send 2 answers to the boards", timeout=T)
        expect(send).to_be_enabled()
        send.click()
        expect(page.locator(".data-status", has_text="sent to the boards")).to_contain_text("2 cards sent to the boards", timeout=T)
        # Nothing is ready now: no live "Send 0 answers to the boards".
        expect(send).to_have_text("No answers ready to send", timeout=T)
        expect(send).to_be_disabled()
        expect(page.locator(".summary")).to_contain_text("1 needs a change before it can go on a card.")
        assert "Send 0" not in page.locator("main").inner_text()
        send.scroll_into_view_if_needed()
        shot(page, f"nothing-to-send-{size}")
        assert not page.errors, page.errors
    finally:
        context.close()


# ---- the toast ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang,large", [("en", False), ("en", True), ("cy", True)], ids=["en", "en-large", "cy-large"])
def test_the_toast_and_its_dismiss_stay_on_a_phone(browser, server, lang, large):
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    nww = boards_of(fac)["nww"]
    fac.op("card.create", board_id=nww, type="theme", text="I am lonely and I see nobody from one week to the next")
    fac.op("workshop.update", activity="voting")
    fac.op("round.open", board_id=nww, per_person=3, per_target=1)
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    context.add_init_script(f"localStorage.setItem('coboard.pref.lang', '{lang}')")
    if large:
        context.add_init_script("localStorage.setItem('coboard.pref.largeText', '1')")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    try:
        page.goto(f"{server.base_url}/w/{wid}#token={ada['token']}")
        expect(page.locator("html")).to_have_attribute("lang", lang, timeout=T)
        add = page.locator(".vote-buttons button").first  # "Add a dot" / its Welsh
        expect(add).to_be_visible(timeout=T)
        add.tap()
        expect(page.locator("[data-testid=dots-left]")).to_have_text(
            "You have 2 dots left" if lang == "en" else "Mae gennych chi 2 ddot ar ôl", timeout=T)
        expect(add).to_have_attribute("aria-disabled", "true", timeout=T)  # one dot is the most on one theme here
        add.tap(force=True)  # aria-disabled still takes a tap (Playwright waits for "enabled"): it says why, in a toast
        toast = page.locator("#toast.shown")
        expect(toast).to_be_visible(timeout=T)
        expect(toast).to_contain_text("You already put 1 dot here, the most on one theme." if lang == "en"
                                      else "Rydych chi eisoes wedi rhoi 1 dot yma, y mwyaf ar un thema.")
        dismiss = toast.get_by_role("button", name="Dismiss" if lang == "en" else "Cau")
        screen = {"left": 0, "top": 0, "right": PHONE["width"], "bottom": PHONE["height"]}
        t_box, d_box, d_words = box(toast), box(dismiss), words_box(dismiss)
        shot(page, f"toast-390-{lang}{'-large' if large else ''}")
        assert inside(t_box, screen), t_box
        assert inside(d_box, t_box), (d_box, t_box)
        assert inside(d_words, d_box), ("Dismiss spills out of its button", d_words, d_box)
        assert inside(box(toast.locator("span").first), t_box)
        assert toast.evaluate("e => e.scrollWidth <= e.clientWidth"), "the toast's words spill out sideways"
        dismiss.tap()
        expect(page.locator("#toast")).to_be_hidden()
        assert not page.errors, page.errors
    finally:
        context.close()
        fac.close()


# ---- the card dialog ----------------------------------------------------------------------------------

def test_the_card_dialog_with_no_theme_yet_keeps_the_card_on_enter(browser, server):
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    ww = boards_of(fac)["ww"]
    fac.op("workshop.update", activity="ww_theming")
    card = fac.op("card.create", board_id=ww, type="data", tag="ww", text="Staff know me and what matters to me")["card_id"]
    fctx, sam = open_page(browser, server, wid, w["token"], viewport=WIDE)
    actx = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    phone = actx.new_page()
    phone.errors = []
    phone.on("pageerror", lambda e: phone.errors.append(str(e)))
    try:
        phone.goto(f"{server.base_url}/w/{wid}#token={ada['token']}")
        expect(phone.locator(".conn")).to_have_text("Connected", timeout=T)
        for page, how, size in ((sam, "keys", 1920), (phone, "tap", 390)):
            words = page.locator("button.data-card", has_text="Staff know me")
            expect(words).to_be_visible(timeout=T)
            if how == "keys":
                words.focus()
                page.keyboard.press("Enter")
            else:
                words.tap()
            dialog = page.locator("dialog[open]")
            expect(dialog).to_be_visible(timeout=T)
            expect(dialog).to_contain_text("There are no other themes on this board yet.")
            expect(dialog.get_by_role("button", name="Cancel")).to_be_focused(timeout=T)
            shot(page, f"card-dialog-no-themes-{size}")
            page.keyboard.press("Enter")
            expect(page.locator("dialog[open]")).to_have_count(0, timeout=T)
            expect(words).to_be_focused(timeout=T)  # back on the card, which has not moved
            record = next(r for r in server.state(wid, w["token"])["records"] if r["id"] == card)
            assert record["board_id"] == ww and not record.get("theme_id"), record
        # With a theme to choose, focus waits on it, and Enter puts the card there.
        theme = fac.op("card.create", board_id=ww, type="theme", text="I am listened to")["card_id"]
        words = sam.locator("button.data-card", has_text="Staff know me")
        words.focus()
        sam.keyboard.press("Enter")
        expect(sam.locator("dialog[open]").get_by_role("button", name="I am listened to (0 cards)")).to_be_focused(timeout=T)
        sam.keyboard.press("Enter")
        expect(sam.locator("dialog[open]")).to_have_count(0, timeout=T)
        for _ in range(50):
            record = next(r for r in server.state(wid, w["token"])["records"] if r["id"] == card)
            if record.get("theme_id") == theme:
                break
            sam.wait_for_timeout(100)
        assert record["board_id"] == ww and record.get("theme_id") == theme, record
        assert not sam.errors and not phone.errors, sam.errors + phone.errors
    finally:
        actx.close()
        fctx.close()
        fac.close()


# ---- one card, one dot ----------------------------------------------------------------------------------

ONE_PLURAL = {"en": re.compile(r"\b1 (cards|dots|answers|themes|ideas|people|votes)\b"),
              "cy": re.compile(r"\b1 (gerdyn|cherdyn|o gardiau|cardiau|ddot|dotiau|o ddotiau)\b")}
ONE = {"en": ("1 card", "1 dot"), "cy": ("1 cerdyn", "1 dot")}


def open_as(browser, url, viewport, lang, touch=False):
    context = browser.new_context(viewport=viewport, has_touch=touch, is_mobile=touch)
    context.add_init_script(f"localStorage.setItem('coboard.pref.lang', '{lang}')")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", lang, timeout=T)
    return context, page


def test_one_card_and_one_dot_are_said_in_the_singular(browser, server):
    """A theme of 1 card, 1 card not yet themed, 1 dot on the theme: said so for the facilitator, a phone and the
    projector, in English and in Welsh (where 1 is "1 cerdyn", 2 "2 gerdyn", many "o gardiau")."""
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    ada_ws = Member(server, wid, ada["token"])
    nww = boards_of(fac)["nww"]
    theme = fac.op("card.create", board_id=nww, type="theme", text="I want a say in my support")["card_id"]
    fac.op("card.create", board_id=nww, type="data", tag="nww", theme_id=theme, text="Nobody asks me what I want")
    fac.op("card.create", board_id=nww, type="data", tag="nww", text="The bus stopped coming down our road")
    projector = httpx.post(f"{server.base_url}/api/workshops/{wid}/projector",
                           headers={"Authorization": f"Bearer {w['token']}"}, timeout=10).json()["url"]
    member_url = f"{server.base_url}/w/{wid}#token="
    voted = False
    try:
        for lang in ("en", "cy"):
            fac.op("workshop.update", activity="nww_theming")
            pages = [("facilitator", *open_as(browser, member_url + w["token"], WIDE, lang)),
                     ("phone", *open_as(browser, member_url + ada["token"], PHONE, lang, touch=True)),
                     ("projector", *open_as(browser, projector, WIDE, lang))]
            try:
                for step in ("theming", "vote"):
                    if step == "vote":
                        if not voted:
                            round_id = fac.op("round.open", board_id=nww, per_person=3, per_target=2)["round_id"]
                            ada_ws.op("vote.cast", round_id=round_id, target_id=theme)
                            fac.op("round.close", round_id=round_id)
                            voted = True
                        fac.op("workshop.update", activity="voting")
                    seen = ""
                    for who, _, page in pages:
                        if who == "phone" and step == "theming":
                            expect(page.locator(".theme-count").first).to_be_visible(timeout=T)
                        expect(page.locator("#app")).to_contain_text("I want a say in my support", timeout=T)
                        if step == "vote":
                            expect(page.locator(".vote-results .result, .stage-result").first).to_be_visible(timeout=T)
                        page.wait_for_timeout(300)
                        text = page.locator("#app").inner_text()
                        shot(page, f"one-{lang}-{step}-{who}")
                        wrong = ONE_PLURAL[lang].findall(text)
                        assert not wrong, (lang, step, who, wrong)
                        seen += text
                    for words in ONE[lang][:1] if step == "theming" else ONE[lang][1:]:
                        assert re.search(rf"\b{words}\b", seen), (lang, step, words)
                for _, _, page in pages:
                    assert not page.errors, page.errors
            finally:
                for _, context, _ in pages:
                    context.close()
    finally:
        ada_ws.close()
        fac.close()
