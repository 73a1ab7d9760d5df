"""Both days in Welsh, for everyone who looks (issue 10): the facilitator at 1920×1080, a participant on a phone
(390×844, touch) and the projector, each of whom chose Cymraeg in a workshop whose default is English.

Through Day 1 (welcome, theming, a closed vote, table feedback) and Day 2 (recap, ideas, the grid, the action
plans, a plan followed up and stuck, a feedback questionnaire open), every screen each of them can open: no text
equal to an English message of the catalogue (test_welsh_board.english_patterns), and no default table name left
in English ("Table 1": its pattern has one word of its own, too few for english_patterns) and no English month
(the check-in dates read "December 24, 2026": Chromium's Intl has no Welsh dates). The English found by
this sweep before it was written: the tables' names everywhere (the participant's "Ein grŵp ni (Table 1)"), the
review and follow-up questions, the plan statuses, the feedback questionnaire, "our area".

And the labels that were cut: the phone's connection word beside the Welsh Menu in large text ("Wedi c…"), and
what is on now in the facilitator's phone toolbar broken inside a word ("Pleidlei / sio").
Set COBOARD_SHOTS to a folder to keep the screenshots (welsh-*.png).
"""
import os
import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from .pages import T, Member, open_screen, screen_names
from .test_day2_walk import day1, to_plans
from .test_welsh_board import TEXTS, english_patterns

pytestmark = pytest.mark.timeout(300)
SHOTS = os.environ.get("COBOARD_SHOTS")
ENGLISH_TABLE = re.compile(r"\bTable \d+\b")
# a date in English words ("December 24, 2026", "26 Feb 14:05"): Chromium's Intl has no Welsh dates
ENGLISH_MONTH = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|"
                           r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


def welsh_page(browser, url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=width < 500)
    context.add_init_script("localStorage.setItem('coboard.pref.lang', 'cy')")
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", "cy", timeout=T)
    return context, page


def english_on(page: Page, patterns) -> list[str]:
    page.wait_for_timeout(300)
    texts = page.evaluate(TEXTS)
    return sorted({s for s in texts if any(p.match(s) for p in patterns) or ENGLISH_TABLE.search(s) or ENGLISH_MONTH.search(s)})


def shot(page: Page, name: str):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"welsh-{re.sub(r'[^a-z0-9]+', '-', name.lower())}.png"))


def test_both_days_in_welsh_for_the_facilitator_a_participant_and_the_projector(browser, live_server):
    server = live_server
    d = day1(server)
    w, wid, fac = d["w"], d["w"]["workshop_id"], d["fac"]
    auth = {"Authorization": f"Bearer {w['token']}"}
    projector = httpx.post(f"{server.base_url}/api/workshops/{wid}/projector", headers=auth, timeout=10).json()
    patterns = english_patterns()
    pages = {}
    try:
        for who, url, size in (("facilitator", f"{server.base_url}/w/{wid}#token={w['token']}", (1920, 1080)),
                               ("participant", f"{server.base_url}/w/{wid}#token={d['ada']['token']}", (390, 844)),
                               ("projector", projector["url"], (1920, 1080))):
            pages[who] = welsh_page(browser, url, *size)
        found = {}

        def look(where, who, page):
            left = english_on(page, patterns)
            if left:
                found[f"{where} ({who})"] = left
            shot(page, f"{where}-{who}")

        def activities(day, keys):
            for key in keys:
                fac.op("workshop.update", activity=key)
                for who, (_ctx, page) in pages.items():
                    look(f"day {day} {key}", who, page)

        def screens(day):
            for who in ("facilitator", "participant"):
                page = pages[who][1]
                for name in screen_names(page):
                    open_screen(page, name)
                    look(f"day {day} {name}", who, page)

        activities(1, ("welcome", "ww_theming", "voting", "table_feedback_1"))
        screens(1)

        tb, plan = to_plans(server, d)
        fac.op("plan.update", plan_id=plan, field="aim", text="Penwythnosau yng nghwmni pobl")
        fac.op("plan.follow_up", plan_id=plan)
        fac.op("plan.set_status", plan_id=plan, status="stuck", reason="Aros am y cwmni bysiau")
        fac.op("feedback.open")
        httpx.post(f"{server.base_url}/api/workshops/{wid}/snapshots", headers=auth, json={}, timeout=60)
        activities(2, ("recap", "ideas", "grid", "action_plans"))
        screens(2)

        assert not found, f"English on the Welsh pages: {found}"
        for who, (_ctx, page) in pages.items():
            assert not page.errors, (who, page.errors)
    finally:
        for context, _page in pages.values():
            context.close()
        fac.close()


# Is a word of the element's text broken across two lines? (each word's Range has one box per line it is on)
BROKEN_WORDS = """(el) => {
  const out = [];
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (const m of n.data.matchAll(/\\S+/g)) {
      const r = document.createRange();
      r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
      const lines = new Set([...r.getClientRects()].filter((b) => b.width > 0).map((b) => Math.round(b.top)));
      if (lines.size > 1) out.push(m[0]);
    }
  }
  return out;
}"""
CUT = "(el) => el.scrollWidth > el.clientWidth + 1"
OUTSIDE = """(w) => [...document.querySelectorAll('.site-header > *')].filter((e) => e.checkVisibility())
  .map((e) => e.getBoundingClientRect()).filter((r) => r.left < 0 || r.right > w).length"""


INSIDE_TOOLBAR = """(bar) => { const box = bar.getBoundingClientRect();
  return [...bar.children].filter((e) => e.checkVisibility()).map((e) => [e.className, e.getBoundingClientRect()])
    .filter(([, r]) => r.right > box.right + 1 || r.left < box.left - 1).map(([c]) => c); }"""


@pytest.mark.parametrize("large", [False, True], ids=["plain", "large-text"])
def test_welsh_labels_on_a_phone_are_read_whole(browser, live_server, large):
    """The connection's word and what is on now, in Welsh at 390 px: never cut, never broken inside a word."""
    server = live_server
    w = server.create_workshop(title="Gwasanaethau dydd", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    fac.op("workshop.update", activity="voting")  # "Pleidleisio": one long Welsh word
    contexts = []
    try:
        for who, token in (("facilitator", w["token"]), ("participant", ada["token"])):
            context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
            contexts.append(context)
            context.add_init_script("localStorage.setItem('coboard.pref.lang', 'cy');"
                                    + ("localStorage.setItem('coboard.pref.largeText', '1');" if large else ""))
            page = context.new_page()
            page.goto(f"{server.base_url}/w/{wid}#token={token}")
            conn = page.locator(".site-header .conn")
            expect(conn).to_have_text("Wedi cysylltu", timeout=T)
            assert not conn.evaluate(CUT), (who, conn.evaluate("e => [e.clientWidth, e.scrollWidth]"))
            assert conn.evaluate(BROKEN_WORDS) == [], who
            assert page.evaluate(OUTSIDE, 390) == 0, who  # the Menu is on the screen, not pushed off it
            if who == "facilitator":
                now = page.locator(".toolbar .toolbar-now")
                expect(now).to_contain_text("Pleidleisio", timeout=T)
                assert now.evaluate(BROKEN_WORDS) == [], now.inner_text()
                assert not now.evaluate(CUT)
                assert page.locator(".toolbar").evaluate(INSIDE_TOOLBAR) == [], "a toolbar control outside its row"
            shot(page, f"phone-{who}-{'large' if large else 'plain'}")
    finally:
        for context in contexts:
            context.close()
        fac.close()
