"""A network that blocks WebSockets: the page moves to the HTTP transport by itself, and back.

Chromium refuses every WebSocket of two pages (Playwright's route_web_socket closes them before
the server is reached), as a council proxy does. Both pages still join over plain HTTP; Ada
groups a card and votes, sees the facilitator's changes live, and is shown nothing alarming while
the facilitator sees a small "Slow connection mode" note. Once sockets get through again, both
pages move back to the socket by themselves and go on working there.
"""
import re

import pytest
from playwright.sync_api import Page, expect

from .pages import T, Member, open_screen

pytestmark = pytest.mark.timeout(180)
BACK_ON_SOCKET = 60000  # the page tries the socket again every 10-30 s while on HTTP


def blocked_page(browser, server, wid, token, gate):
    """A member's page whose WebSockets are refused while gate["blocked"]; its API calls are counted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors, page.posts = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.posts.append(r.url) if r.method == "POST" and r.url.endswith("/ops") else None)

    def socket(ws):
        if gate["blocked"]:
            gate["refused"] += 1
            ws.close(code=1011, reason="blocked by the network")
        else:
            gate["through"] += 1
            ws.connect_to_server()

    page.route_web_socket(re.compile(r"/ws/workshops/"), socket)
    page.goto(f"{server.base_url}/w/{wid}#token={token}")
    return context, page



def dots_left(page: Page):
    return page.locator("[data-testid=dots-left]")


def test_a_page_whose_websocket_is_refused_works_over_http_and_moves_back(browser, live_server):
    server = live_server
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    try:
        boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
        fac.op("workshop.update", activity="nww_theming")
        lonely = fac.op("card.create", board_id=boards["nww"], type="theme", text="I am lonely")["card_id"]
        fac.op("card.create", board_id=boards["nww"], type="theme", text="I want a say in my support")
        card = fac.op("card.create", board_id=boards["nww"], type="data", text="Nobody asks me what I want")["card_id"]

        gate = {"blocked": True, "refused": 0, "through": 0}
        fctx, fpage = blocked_page(browser, server, wid, w["token"], gate)
        actx, apage = blocked_page(browser, server, wid, ada["token"], gate)
        try:
            # Both join over HTTP. Ada sees an ordinary "Connected"; staff get a small note.
            for page in (apage, fpage):
                expect(page.locator(".conn")).to_have_attribute("data-transport", "http", timeout=T)
            expect(apage.locator(".conn")).to_have_text("Connected", timeout=T)
            expect(fpage.locator(".conn")).to_contain_text("Slow connection mode", timeout=T)
            assert gate["refused"] >= 4 and gate["through"] == 0

            # Ada groups the card with the keyboard; it reaches the server by POST.
            open_screen(apage, re.compile("Theming"))
            apage.locator("button.data-card", has_text="Nobody asks me").focus()
            apage.keyboard.press("Enter")
            apage.locator("dialog[open]").get_by_role("button", name=re.compile("^I am lonely")).click()
            expect(apage.locator("li.theme", has_text="I am lonely").locator("button.data-card")).to_have_count(1)
            expect(fpage.locator("li.theme", has_text="I am lonely").locator("button.data-card")).to_have_count(1)
            assert card_in(server, w, card)["theme_id"] == lonely
            assert apage.posts, "the op went by POST"

            # A change made by someone on a socket reaches Ada live, through her long poll.
            fac.op("card.create", board_id=boards["nww"], type="theme", text="I want to go out")
            expect(apage.locator("li.theme", has_text="I want to go out")).to_be_visible()

            # The facilitator (on HTTP too) opens the vote; Ada votes.
            open_screen(fpage, re.compile("Dot voting"))
            fpage.get_by_role("button", name="Open the vote: NOT WORKING WELL").click()  # the toolbar's one click
            expect(fpage.get_by_role("button", name="Close the vote")).to_be_visible()
            open_screen(apage, re.compile("Dot voting"))
            expect(dots_left(apage)).to_have_text("You have 3 dots left")
            apage.get_by_role("button", name="Add a dot to I am lonely").click()
            expect(dots_left(apage)).to_have_text("You have 2 dots left")
            expect(fpage.locator(".vote-progress")).to_contain_text("Ada: 2 dots left")
            assert voted(server, w) == 1

            # The network lets sockets through again: both pages move back by themselves.
            gate["blocked"] = False
            for page in (apage, fpage):
                expect(page.locator(".conn")).to_have_attribute("data-transport", "socket", timeout=BACK_ON_SOCKET)
            expect(fpage.locator(".conn")).to_have_text("Connected")
            assert gate["through"] >= 2
            posts_before = len(apage.posts)
            apage.get_by_role("button", name="Add a dot to I am lonely").click()
            expect(dots_left(apage)).to_have_text("You have 1 dot left")
            expect(fpage.locator(".vote-progress")).to_contain_text("Ada: 1 dot left")
            assert voted(server, w) == 2
            assert len(apage.posts) == posts_before, "back on the socket: no more POSTs"
            fac.op("card.create", board_id=boards["nww"], type="theme", text="I need a lift")
            expect(apage.locator("li.vote-theme", has_text="I need a lift")).to_be_visible()
            assert not apage.errors and not fpage.errors, apage.errors + fpage.errors
        finally:
            actx.close()
            fctx.close()
    finally:
        fac.close()


def card_in(server, w, card_id):
    return next(r for r in server.state(w["workshop_id"], w["token"])["records"] if r["id"] == card_id)


def voted(server, w) -> int:
    rounds = [r for r in server.state(w["workshop_id"], w["token"])["records"] if r["kind"] == "round"]
    return sum(sum(r["tallies"].values()) for r in rounds)
