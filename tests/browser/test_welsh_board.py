"""The board in Welsh, end to end: a participant's screens hold no English left, checked against the catalogue.

Ada chose Cymraeg; Ben kept English. Both walk the same participant screens (welcome, theming
boards, dot voting with a vote open, who is here, polls and chat, the agenda strip). On Ada's
page: <html lang="cy">, no text equal to an English message of the catalogue, and no text that
Ben's English page shows too except the workshop's own content (names, cards, times); axe-core
finds no serious problem in Welsh.

Day 2 likewise: Ada (Cymraeg) and Ben (English) walk the recap, What's in place, new ideas, the
vote on ideas, the Investment Grid and the action plans; what people wrote is the only text both
pages share (read from the workshop's records).
"""
import json
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .pages import T, Member, open_screen, serious_axe_violations

pytestmark = pytest.mark.timeout(150)
CATALOGUE = json.loads((Path(__file__).resolve().parents[2] / "web/i18n/cy.json").read_text())

# Every text node and every label a screen reader reads, on the page as it is now.
TEXTS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest('script, style, noscript')) continue;
    const s = n.data.trim();
    if (s) out.push(s);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
    for (const a of ['aria-label', 'title', 'placeholder']) { const v = el.getAttribute(a); if (v && v.trim()) out.push(v.trim()); }
  }
  out.push(document.title);
  return out;
}"""
NOT_WORDS = re.compile(r"^[\d\s:.,()/%–·⠿✓*-]*$")


def english_patterns():
    """A pattern for each English message whose Welsh differs: {placeholders} match anything."""
    pats = []
    for msgid, welsh in CATALOGUE["messages"].items():
        english = [msgid] if isinstance(welsh, str) else [msgid]
        if isinstance(welsh, str) and welsh == msgid:
            continue
        for text in english:
            body = re.escape(text.strip()).replace(r"\{", "{").replace(r"\}", "}")
            body = re.sub(r"\{\w+\}", ".+", body)
            # A message that is mostly placeholders ("{n} dot") would match Welsh too: those need two words of their own.
            if len(re.findall(r"[A-Za-z’']{2,}", re.sub(r"\{\w+\}", "", text))) >= (2 if "{" in text else 1):
                pats.append(re.compile(f"^{body}$"))
    return pats


def screen_texts(page: Page) -> list[str]:
    return page.evaluate(TEXTS)



@pytest.fixture
def room(live_server):
    w = live_server.create_workshop(title="Gwasanaethau dydd", facilitator_name="Sam", purpose="Gwella gwasanaethau dydd gyda’n gilydd")
    ada = live_server.join(w, "Ada")
    ben = live_server.join(w, "Ben")
    fac = Member(live_server, w["workshop_id"], w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    fac.op("workshop.update", activity="nww_theming")
    themes = [fac.op("card.create", board_id=boards["nww"], type="theme", text=x)["card_id"] for x in ("Rwy’n unig", "Dwi eisiau llais")]
    fac.op("card.create", board_id=boards["nww"], type="data", text="Does neb yn gofyn i mi")
    data = fac.op("card.create", board_id=boards["nww"], type="data", text="Mae’r staff yn newid o hyd")["card_id"]
    fac.op("card.group", card_id=data, theme_id=themes[0])
    fac.op("round.open", board_id=boards["nww"])
    yield {"server": live_server, "w": w, "ada": ada, "ben": ben, "fac": fac}
    fac.close()


def open_in(browser, server, wid, token, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(f"localStorage.setItem('coboard.pref.lang', '{lang}')")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{server.base_url}/w/{wid}#token={token}")
    return context, page


def test_a_participants_board_in_welsh_has_no_english_left(browser, room):
    server, w = room["server"], room["w"]
    actx, ada = open_in(browser, server, w["workshop_id"], room["ada"]["token"], "cy")
    bctx, ben = open_in(browser, server, w["workshop_id"], room["ben"]["token"], "en")
    try:
        expect(ada.locator(".conn")).to_have_text("Wedi cysylltu", timeout=T)
        expect(ben.locator(".conn")).to_have_text("Connected", timeout=T)
        expect(ada.locator("html")).to_have_attribute("lang", "cy")
        welsh, english = [], []
        for cy_name, en_name in (("^Croeso$", "^Welcome$"), ("Byrddau themâu", "Theming boards"), ("Pleidleisio â dotiau", "Dot voting")):
            open_screen(ada, re.compile(cy_name))
            open_screen(ben, re.compile(en_name))
            if cy_name.startswith("Pleidleisio"):
                expect(ada.locator("[data-testid=dots-left]")).to_have_text("Mae gennych chi 3 dot ar ôl")
                ada.get_by_role("button", name="Ychwanegu dot at Rwy’n unig").click()
                expect(ada.locator("[data-testid=dots-left]")).to_have_text("Mae gennych chi 2 ddot ar ôl")  # dau + soft mutation
                expect(ben.locator("[data-testid=dots-left]")).to_have_text("You have 3 dots left")
            else:
                ada.wait_for_timeout(300)
            if os.environ.get("COBOARD_SHOTS"):
                ada.screenshot(path=os.path.join(os.environ["COBOARD_SHOTS"], f"cy-{en_name.strip('^$').replace(' ', '-')}.png"), full_page=True)
            welsh += screen_texts(ada)
            english += screen_texts(ben)
            assert not serious_axe_violations(ada), cy_name

        patterns = english_patterns()
        left_in_english = sorted({s for s in welsh if any(p.match(s) for p in patterns)})
        assert not left_in_english, f"English messages on the Welsh page: {left_in_english}"

        # Texts that read the same in both languages are the workshop's own content, or strings
        # that never went through the catalogue.
        content = {"Gwasanaethau dydd", "Gwella gwasanaethau dydd gyda’n gilydd", "Sam", "Ada", "Ben", "Rwy’n unig", "Dwi eisiau llais",
                   "Does neb yn gofyn i mi", "Mae’r staff yn newid o hyd", "Coboard", "English", "Cymraeg", "ww", "nww", "iff",
                   "Agenda"}  # "Agenda" is Welsh as well
        same = sorted({s for s in set(welsh) & set(english) if s not in content and not NOT_WORDS.match(s)
                       and not any(s.startswith(c) or s.endswith(c) for c in ("Gwasanaethau dydd",))})
        assert not same, f"the same words on the Welsh and the English page: {same}"
        assert not ada.errors and not ben.errors, ada.errors + ben.errors
    finally:
        actx.close()
        bctx.close()


# ---- Day 2 --------------------------------------------------------------------------------------

DAY2_TABS = (("Crynodeb o Ddiwrnod 1", "Day 1 recap"), ("Beth sydd ar waith", "What's in place"),
             ("Syniadau newydd", "New ideas"), ("Pleidleisio ar syniadau", "Vote on ideas"),
             ("Grid Buddsoddi", "Investment Grid"), ("Cynlluniau gweithredu", "Action plans"))


def workshop_content(records) -> set[str]:
    """What people wrote (cards, names, titles): the same words on every page, whatever its language."""
    out = {"Coboard", "English", "Cymraeg", "ww", "nww", "iff", "Agenda", "Radical", "data"}  # Welsh as well
    for r in records:
        for key in ("text", "name", "title", "theme_text", "idea_text", "code", "purpose"):
            if isinstance(r.get(key), str) and r[key].strip():
                out.add(r[key].strip())
    return out


def test_day2_participant_screens_in_welsh_have_no_english_left(browser, live_server):
    from .test_day2_walk import day1, to_plans  # Day 1 and Day 2 up to a plan, over the WebSocket

    d = day1(live_server)
    w, wid = d["w"], d["w"]["workshop_id"]
    tb, plan = to_plans(live_server, d)
    fac = d["fac"]
    fac.op("card.create", board_id=tb[(d["t1"], "in_place")], type="in_place", text="Grŵp cyfeillio’r llyfrgell")
    fac.op("card.create", board_id=tb[(d["t1"], "ideas")], type="idea", hat="T", text="Bws cymunedol gyda’r nos")
    fac.op("plan.update", plan_id=plan, field="aim", text="Penwythnosau yng nghwmni pobl")
    actx, ada = open_in(browser, live_server, wid, d["ada"]["token"], "cy")
    bctx, ben = open_in(browser, live_server, wid, d["ben"]["token"], "en")
    try:
        expect(ada.locator(".conn")).to_have_text("Wedi cysylltu", timeout=T)
        expect(ben.locator(".conn")).to_have_text("Connected", timeout=T)
        expect(ada.locator("html")).to_have_attribute("lang", "cy")
        welsh, english = [], []
        for cy_name, en_name in DAY2_TABS:
            open_screen(ada, cy_name)
            open_screen(ben, en_name)
            ada.wait_for_timeout(400)
            if os.environ.get("COBOARD_SHOTS"):
                ada.screenshot(path=os.path.join(os.environ["COBOARD_SHOTS"], f"cy-day2-{en_name.replace(' ', '-')}.png"), full_page=True)
            texts = screen_texts(ada)
            welsh += texts
            english += screen_texts(ben)
            bad = serious_axe_violations(ada)
            assert not bad, (cy_name, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in bad])

        patterns = english_patterns()
        left_in_english = sorted({s for s in welsh if any(p.match(s) for p in patterns)})
        assert not left_in_english, f"English messages on the Welsh Day 2 page: {left_in_english}"
        content = workshop_content(live_server.state(wid, w["token"])["records"])
        content |= {"1 dot"}  # Welsh says "1 dot" too (dot, dotiau)
        same = sorted({s for s in set(welsh) & set(english) if s not in content and not NOT_WORDS.match(s)
                       and len(s) > 1 and not any(c in s for c in content if len(c) > 3)})  # one letter: a hat (T, C, R), an arrow
        assert not same, f"the same words on the Welsh and the English Day 2 page: {same}"
        assert not ada.errors and not ben.errors, ada.errors + ben.errors
    finally:
        actx.close()
        bctx.close()
        fac.close()
