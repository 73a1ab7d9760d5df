"""What every browser test needs: Debian's Chromium, a scripted WebSocket member, a board page, axe."""
import json
import re
import time

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from websockets.sync.client import connect

CHROMIUM = "/usr/bin/chromium"  # Debian's; a browser is never downloaded
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
T = 15000  # generous bounded waits (ms): the machine is shared


class Member:
    """A scripted member on the WebSocket (the facilitator seeding cards, or making remote changes)."""

    def __init__(self, server, wid, token):
        self._conn = connect(server.ws_url(wid), max_size=2**24)
        self.ws = self._conn.__enter__()
        self.ws.send(json.dumps({"op": "hello", "token": token}))
        self.welcome = self._until(lambda m: m.get("t") in ("welcome", "err"))
        assert self.welcome["t"] == "welcome", self.welcome
        self.n = 0

    def _until(self, pred, timeout=10):
        while True:
            m = json.loads(self.ws.recv(timeout=timeout))
            if pred(m):
                return m

    def op(self, op, **args):
        self.n += 1
        oid = f"t-{self.n}"
        self.ws.send(json.dumps({"op": op, "id": oid, "args": args}))
        reply = self._until(lambda m: m.get("id") == oid and m.get("t") in ("ack", "err"))
        assert reply["t"] == "ack", reply
        return reply.get("result") or {}

    def close(self):
        self._conn.__exit__(None, None, None)


def open_page(browser, server, wid, token, viewport=None) -> tuple:
    """A member's board page in its own browser context, connected; `page.errors` collects page errors."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.base_url}/w/{wid}#token={token}")
    expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
    page.errors = errors
    return context, page


def serious_axe_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def patient(member, op, **args):
    """member.op, waiting out the per-person op budget (20 a second after a burst) when seeding a lot."""
    for _ in range(100):
        try:
            return member.op(op, **args)
        except AssertionError as e:
            if "rate_limited" not in str(e):
                raise
            time.sleep(0.3)
    raise AssertionError("still rate limited")


PHONE_WIDTH = 800  # the 50rem breakpoint of web/styles/shell.css: at or under it, the screens are in the Menu


def _screen_buttons(page: Page):
    """Where this page's screens are chosen, the way a person at its width finds them: the Menu's
    Screens on a phone; on a wide page the tabs, and the tools under "Other screens"."""
    if page.viewport_size["width"] <= PHONE_WIDTH:
        return page.locator(".page-menu nav.menu-screens button")
    return page.locator("nav.screen-nav button")


def screen_names(page: Page) -> list[str]:
    """The labels of the screens this person can open now, in their order (tabs first on a wide page),
    once the screens this person loads lazily have come (the page is busy until then: app/lazy.js)."""
    expect(page.locator("main#main")).not_to_have_attribute("aria-busy", "true", timeout=T)
    buttons = _screen_buttons(page)
    expect(buttons.first).to_be_attached(timeout=T)
    names = [" ".join(n.split()) for n in buttons.all_text_contents()]
    return list(dict.fromkeys(names))  # a tool open now is a tab too


def open_screen(page: Page, name, exact: bool = True):
    """Open a screen by its label (text, or a compiled pattern) as a person does at this page's
    width: on a phone through the Menu; on a wide page its tab, or "Other screens" for a tool.
    Waits until the screen is drawn; returns its id."""
    phone = page.viewport_size["width"] <= PHONE_WIDTH
    if isinstance(name, str) and exact:
        name = re.compile(rf"^\s*{re.escape(name)}\s*$")
    buttons = _screen_buttons(page).filter(has_text=name)
    expect(buttons.first).to_be_attached(timeout=T)
    # The screen open now may be a tool: then it is a tab as well as under "Other screens".
    button = next((b for b in buttons.all() if b.is_visible()), buttons.first)
    sid = button.get_attribute("data-screen-id")
    if phone:
        menu = page.locator(".page-menu")
        if not menu.evaluate("d => d.open"):
            menu.locator("> summary").click()
    elif not button.is_visible():  # a tool, or a tab that did not fit the row: under "Other screens"
        page.locator("nav.screen-nav .screen-tools > summary").click()
        button = next((b for b in buttons.all() if b.is_visible()), button)
    button.click()
    expect(page.locator(f"[data-screen='{sid}']")).to_have_count(1, timeout=T)
    if phone:
        expect(page.locator(".page-menu nav.menu-screens")).to_be_hidden()  # the Menu closes again
    return sid


def open_menu(page: Page):
    """Open the page's Menu when it is a closed drop-down (on a phone, or when the header has no room
    for everything in its one line), so that what is in it can be pressed; a no-op while it is laid
    out in the line."""
    menu = page.locator(".page-menu")
    expect(menu).to_have_count(1, timeout=T)
    summary = menu.locator("> summary")
    if summary.is_visible() and not menu.evaluate("d => d.open"):
        summary.click()
        expect(menu.locator("> .menu-body")).to_be_visible()


def close_menu(page: Page):
    """Close the page's Menu if it is an open drop-down (so it covers nothing the test presses next)."""
    menu = page.locator(".page-menu")
    summary = menu.locator("> summary")
    if summary.is_visible() and menu.evaluate("d => d.open"):
        summary.click()
        expect(menu.locator("> .menu-body")).to_be_hidden()
