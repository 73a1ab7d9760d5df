"""Rooms, roles and the facilitation toolkit in Chromium (issue 3), plus the screen framework.

Pages of a facilitator (host console), participants and a projector against a real server:
breakouts put each participant at their own table; the chill-out button alerts the host page;
a poll answered from two pages shows its result on the host page; the projector follows the
facilitator's board; axe finds no serious or critical violation.
"""
import json

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright
from websockets.sync.client import connect

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
T = 15000  # generous bounded waits: the machine is shared

pytestmark = pytest.mark.timeout(90)


class Member:
    """A scripted member on the WebSocket."""

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


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def ws(live_server):
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    fac = Member(live_server, w["workshop_id"], w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    yield {"server": live_server, "w": w, "wid": w["workshop_id"], "fac": fac, "boards": boards}
    fac.close()


def open_page(browser, server, wid, token, viewport=None):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.base_url}/w/{wid}#token={token}")
    expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
    page.errors = errors
    return context, page


def projector(server, w):
    r = httpx.post(f"{server.base_url}/api/workshops/{w['workshop_id']}/projector",
                   headers={"Authorization": f"Bearer {w['token']}"}, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()


def axe_serious(page):
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]


def test_follow_me_jumps_to_the_board_the_facilitator_shows(browser, ws):
    server, w = ws["server"], ws["w"]
    ada = server.join(w, "Ada")
    fctx, fpage = open_page(browser, server, ws["wid"], w["token"])
    pctx, ppage = open_page(browser, server, ws["wid"], ada["token"])
    try:
        # Participants follow by default, staff do not.
        expect(ppage.get_by_role("button", name="Follow the facilitator")).to_have_attribute("aria-pressed", "true")
        expect(fpage.get_by_role("button", name="Follow the facilitator")).to_have_attribute("aria-pressed", "false")
        expect(ppage.get_by_role("button", name="Show to everyone: NOT WORKING WELL")).to_have_count(0)
        fpage.get_by_role("button", name="Show to everyone: NOT WORKING WELL").click()
        expect(ppage.locator("#board-nww.showing-board")).to_be_visible(timeout=T)
        expect(ppage.locator(".showing-now")).to_contain_text("NOT WORKING WELL")
        expect(fpage.get_by_role("button", name="Showing: NOT WORKING WELL")).to_have_attribute("aria-pressed", "true")
        fpage.get_by_role("button", name="Stop showing").click()
        expect(ppage.locator(".showing-now")).to_have_count(0, timeout=T)
        assert not fpage.errors and not ppage.errors, fpage.errors + ppage.errors
    finally:
        fctx.close()
        pctx.close()
