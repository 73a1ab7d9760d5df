"""The app runs under its strict Content-Security-Policy with no violation (issue 12).

Every page a person opens (start, join, the board with each of its screens, the projector) at
projector and phone sizes, with the page's `securitypolicyviolation` events and the console's
CSP errors collected from before the first script runs.
"""
import httpx
import pytest
from playwright.sync_api import expect

from .pages import Member, T, open_screen, screen_names

pytestmark = pytest.mark.timeout(180)

LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(
  {directive: e.violatedDirective, blocked: e.blockedURI, file: e.sourceFile, line: e.lineNumber, sample: e.sample}));
"""
SIZES = {"projector": {"width": 1920, "height": 1080}, "phone": {"width": 390, "height": 844}}


def watched_page(browser, viewport):
    context = browser.new_context(viewport=viewport)
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.console_csp = []
    page.errors = []
    page.on("console", lambda m: page.console_csp.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return context, page


def violations(page) -> list:
    return page.evaluate("window.__cspViolations") + page.console_csp


def visit_every_screen(page):
    """Open each screen as a person at this width does (tabs, "Other screens" or the Menu), letting
    each one draw (and load its pictures)."""
    names = screen_names(page)
    for name in names:
        open_screen(page, name)
        page.wait_for_timeout(300)
    return names


@pytest.fixture
def workshop(live_server):
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    fac = Member(live_server, w["workshop_id"], w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    theme = fac.op("card.create", board_id=boards["ww"], type="theme", text="Being listened to")["card_id"]
    card = fac.op("card.create", board_id=boards["ww"], type="data", text="Staff listen to me", tag="ww")["card_id"]
    fac.op("card.group", card_id=card, theme_id=theme)
    httpx.post(f"{live_server.base_url}/api/workshops/{w['workshop_id']}/snapshots", json={},
               headers={"Authorization": f"Bearer {w['token']}"}, timeout=30).raise_for_status()
    yield w
    fac.close()


@pytest.mark.parametrize("size", SIZES)
def test_every_screen_runs_under_the_csp_without_a_violation(browser, live_server, workshop, size, tmp_path):
    ada = live_server.join(workshop, "Ada")
    projector = httpx.post(f"{live_server.base_url}/api/workshops/{workshop['workshop_id']}/projector",
                           headers={"Authorization": f"Bearer {workshop['token']}"}, timeout=10).json()
    pages = []
    try:
        context, page = watched_page(browser, SIZES[size])
        pages.append((context, page))
        page.goto(f"{live_server.base_url}/")
        page.wait_for_load_state("networkidle")
        page.goto(f"{live_server.base_url}/w/{workshop['workshop_id']}/join#code={workshop['join_code']}")
        page.wait_for_load_state("networkidle")
        assert not violations(page), violations(page)

        for who, token in (("facilitator", workshop["token"]), ("participant", ada["token"])):
            context, page = watched_page(browser, SIZES[size])
            pages.append((context, page))
            page.goto(f"{live_server.base_url}/w/{workshop['workshop_id']}#token={token}")
            expect(page.locator(".conn")).to_have_text("Connected", timeout=T)  # the socket is allowed
            screens = visit_every_screen(page)
            assert who == "participant" or "Board pictures" in screens, screens
            # the staff's screens come by dynamic import(): every one is visited, none raced past
            assert who == "participant" or "Import answers" in screens, screens
            page.screenshot(path=str(tmp_path / f"csp-{who}-{size}.png"))
            assert not violations(page), (who, violations(page))
            assert not page.errors, (who, page.errors)

        context, page = watched_page(browser, SIZES[size])
        pages.append((context, page))
        page.goto(projector["url"])
        expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
        page.wait_for_timeout(500)
        assert not violations(page), ("projector", violations(page))
    finally:
        for context, _ in pages:
            context.close()


def test_the_listener_does_see_a_violation(browser, live_server):
    """The check above can fail: an inline script is refused and reported."""
    context, page = watched_page(browser, SIZES["phone"])
    try:
        page.goto(f"{live_server.base_url}/")
        page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';
                                 document.head.append(s); }""")
        page.wait_for_timeout(300)
        assert page.evaluate("window.ran") is None
        seen = violations(page)
        assert any(v["directive"].startswith("script-src") for v in seen if isinstance(v, dict)), seen
    finally:
        context.close()
