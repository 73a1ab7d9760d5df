"""A phone joining during theming, a vote, a table's work or the parking space gets the board with
its first draw (issue 10): the screen's module (app/lazy.js: loaded only by those who need it) is
fetched beside the socket, because the board page names the activity on now (server/api/pages.py),
not one round trip after the welcome with "Loading…" meanwhile.
"""
import pytest
from playwright.sync_api import expect

from .pages import T
from .test_phone_first_screen import phone_page, seeded_workshop

pytestmark = pytest.mark.timeout(240)

# Records whether the screen area ever said "Loading…" (a screen whose module had not come yet:
# app/screens.js renderScreen), from the page's first paint on.
SAW_LOADING = """
(() => {
  window.__sawLoading = [];
  const look = () => {
    for (const el of document.querySelectorAll('[data-screen] .loading')) window.__sawLoading.push(el.closest('[data-screen]').dataset.screen);
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, characterData: true });
})();
"""

# activity → (its screen, what its board shows)
ACTIVITIES = [
    ("ww_theming", "theming", "#board-ww"),
    ("voting", "vote", ".vote-theme"),
    ("root_causes", "table", ".table-day1"),
    ("closing_1", "parking", ".board.parking"),
]


def test_the_activity_s_board_comes_with_the_first_draw(browser, live_server):
    server = live_server
    w, ada, fac, boards = seeded_workshop(server)
    wid = w["workshop_id"]
    round_id = None
    saw = {}
    try:
        for activity, screen, content in ACTIVITIES:
            if activity == "voting":
                round_id = fac.op("round.open", board_id=boards["nww"])["round_id"]
            if activity == "root_causes":
                fac.op("round.close", round_id=round_id)
                fac.op("tables.give_themes", round_id=round_id, count=1)
            fac.op("workshop.update", activity=activity)
            context, page, errors = phone_page(browser)  # a fresh phone: nothing cached, no screen remembered
            context.add_init_script(SAW_LOADING)
            try:
                page.goto(f"{server.base_url}/w/{wid}#token={ada['token']}")
                expect(page.locator(f"[data-screen={screen}] {content}").first).to_be_visible(timeout=T)
                expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
                saw[activity] = page.evaluate("window.__sawLoading")
                assert not errors, errors
            finally:
                context.close()
    finally:
        fac.close()
    assert saw == {a: [] for a, _, _ in ACTIVITIES}, saw
