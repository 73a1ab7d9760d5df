"""What every browser test needs: Debian's Chromium, a scripted WebSocket member, a board page, axe."""
import json
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
