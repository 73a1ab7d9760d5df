"""The host console in Chromium: a call for help in Table 1's chat reaches a host on any screen
(an unread marker with a way to read it, kept as read after a reload); the Room list of a
person follows where they are after a break; reloading a page is not "connection keeps dropping".
"""
import os
import re

import pytest
from playwright.sync_api import expect

from .pages import Member, T, open_page, open_screen

pytestmark = pytest.mark.timeout(120)
SHOTS = os.environ.get("COBOARD_SHOTS")


@pytest.fixture
def ws(live_server):
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    fac = Member(live_server, w["workshop_id"], w["token"])
    yield {"server": live_server, "w": w, "wid": w["workshop_id"], "fac": fac}
    fac.close()


def host_console(page):
    open_screen(page, re.compile("^Host console"))
    expect(page.get_by_role("heading", name="Host console", exact=True)).to_be_visible(timeout=T)


def test_a_call_for_help_in_table_1s_chat_reaches_the_host(browser, ws):
    server, w, fac = ws["server"], ws["w"], ws["fac"]
    ada = server.join(w, "Ada")
    t1 = fac.op("room.create", type="table")["room_id"]
    fac.op("room.assign", participant_id=ada["participant_id"], room_id=t1)
    hctx, host = open_page(browser, server, ws["wid"], w["token"])
    actx, apage = open_page(browser, server, ws["wid"], ada["token"])
    try:
        # The host is on another screen, in the main room: Table 1's chat is nowhere on it.
        open_screen(host, "Theming boards")
        expect(host.locator(".unread-notice")).to_have_count(0)
        apage.get_by_label("Message to Table 1").fill("Can a host come to us please?")
        apage.locator(".room-panel").get_by_role("button", name="Send").click()

        notice = host.locator(".unread-notice")
        expect(notice).to_contain_text("Table 1: 1 new message", timeout=T)
        expect(host.get_by_role("button", name="Host console (1 new message)")).to_be_visible()
        # The participant's own message is not new to her.
        expect(apage.locator(".unread-notice")).to_have_count(0)

        notice.get_by_role("button", name="Table 1: 1 new message (read them)").click()
        chat = host.locator(".host-console .chat")
        expect(chat.get_by_role("button", name="Table 1 chat", exact=True)).to_have_attribute("aria-pressed", "true", timeout=T)
        expect(chat.get_by_role("log")).to_contain_text("Can a host come to us please?")
        expect(notice).to_have_count(0, timeout=T)
        expect(host.get_by_role("button", name=re.compile(r"Host console$"))).to_be_visible()

        # Read stays read after a reload; a second message is new again.
        host.reload()
        expect(host.locator(".conn")).to_have_text("Connected", timeout=T)
        expect(host.locator(".room-panel .chat")).to_be_visible(timeout=T)
        expect(host.locator(".unread-notice")).to_have_count(0)
        open_screen(host, "Theming boards")
        apage.get_by_label("Message to Table 1").fill("Still waiting")
        apage.locator(".room-panel").get_by_role("button", name="Send").click()
        expect(host.locator(".unread-notice")).to_contain_text("Table 1: 1 new message", timeout=T)
        assert not host.errors and not apage.errors, host.errors + apage.errors
    finally:
        hctx.close()
        actx.close()


def test_the_room_list_follows_a_person_after_a_break_and_reloads_are_not_drops(browser, ws):
    server, w, fac = ws["server"], ws["w"], ws["fac"]
    ada = server.join(w, "Ada")
    fac.op("room.create", type="table")
    t2 = fac.op("room.create", type="table")["room_id"]
    fac.op("room.create", type="chill_out")
    hctx, host = open_page(browser, server, ws["wid"], w["token"])
    actx, apage = open_page(browser, server, ws["wid"], ada["token"])
    try:
        host_console(host)
        row = host.locator(".host-person", has_text="Ada")
        rooms = row.get_by_label("Room")
        rooms.select_option(label="Table 2")  # the host has used the list: its options' attributes no longer decide
        expect(row.locator(".hp-state")).to_contain_text("In Table 2", timeout=T)
        apage.get_by_role("button", name="Take a break").click()
        expect(row.locator(".hp-state")).to_contain_text("In Chill-out room", timeout=T)
        chill = next(r["id"] for r in server.state(ws["wid"], w["token"])["records"] if r["kind"] == "room" and r["type"] == "chill_out")
        expect(rooms).to_have_value(chill)
        apage.get_by_role("button", name="Come back").click()
        expect(row.locator(".hp-state")).to_contain_text("In Table 2", timeout=T)
        expect(rooms).to_have_value(t2)
        # Another host moves her: the list follows too.
        main = next(r["id"] for r in server.state(ws["wid"], w["token"])["records"] if r["kind"] == "room" and r["type"] == "main")
        fac.op("room.assign", participant_id=ada["participant_id"], room_id=main)
        expect(row.locator(".hp-state")).to_contain_text("In Main room", timeout=T)
        expect(rooms).to_have_value(main)

        # Three reloads of Ada's page: she is simply back, not a connection that keeps dropping.
        for _ in range(3):
            apage.reload()
            expect(apage.locator(".conn")).to_have_text("Connected", timeout=T)
        expect(row).to_contain_text("online", timeout=T)
        expect(row).not_to_contain_text("connection keeps dropping")
        expect(row).not_to_contain_text("came back")
        assert not host.errors and not apage.errors, host.errors + apage.errors
    finally:
        hctx.close()
        actx.close()


def test_a_host_on_a_phone_sees_new_messages_on_the_menu_button(browser, ws):
    """On a phone the Host console is in the Menu: its button carries the count, in words too."""
    server, w, fac = ws["server"], ws["w"], ws["fac"]
    ada = server.join(w, "Ada")
    t1 = fac.op("room.create", type="table")["room_id"]
    fac.op("room.assign", participant_id=ada["participant_id"], room_id=t1)
    hctx, host = open_page(browser, server, ws["wid"], w["token"], viewport={"width": 390, "height": 844})
    try:
        menu = host.locator(".page-menu > summary")
        expect(menu).to_have_accessible_name(re.compile(r"\bMenu$"))
        fac_ada = Member(server, ws["wid"], ada["token"])
        try:
            fac_ada.op("chat.send", text="Can a host come to us please?", room_id=t1)
        finally:
            fac_ada.close()
        expect(menu).to_have_accessible_name(re.compile(r"\bMenu \(1 new message\)$"), timeout=T)
        expect(menu.locator(".unread-badge")).to_be_visible()
        expect(menu.locator(".unread-badge")).to_have_text("1")
        box, vw = menu.bounding_box(), host.viewport_size["width"]
        assert box["x"] + box["width"] <= vw, box  # the marker keeps the button on the screen
        if SHOTS:
            host.screenshot(path=os.path.join(SHOTS, "host-phone-menu-unread.png"))
        # Still there on a fresh page (not read yet).
        host.reload()
        expect(host.locator(".conn")).to_have_text("Connected", timeout=T)
        expect(menu).to_have_accessible_name(re.compile(r"\bMenu \(1 new message\)$"), timeout=T)
        menu.click()
        expect(host.get_by_role("button", name="Host console (1 new message)")).to_be_visible(timeout=T)
        menu.click()
        # Read them: the marker goes.
        host.locator(".unread-notice").get_by_role("button", name="Table 1: 1 new message (read them)").click()
        expect(menu).to_have_accessible_name(re.compile(r"\bMenu$"), timeout=T)
        expect(menu.locator(".unread-badge")).to_have_count(0)
        assert not host.errors, host.errors
    finally:
        hctx.close()


def test_the_count_is_on_the_way_to_the_host_console_at_every_width(browser, ws):
    """From 820 to 1920 px the Host console is a tab, or under "Other screens" when the row has no room
    for it: the new messages' count is on whichever of the two shows it (in words too), and not on a
    Menu that does not hold it (it sat on the Menu button, hidden while the whole header fits)."""
    server, w, fac = ws["server"], ws["w"], ws["fac"]
    ada = server.join(w, "Ada")
    t1 = fac.op("room.create", type="table")["room_id"]
    fac.op("room.assign", participant_id=ada["participant_id"], room_id=t1)
    hctx, host = open_page(browser, server, ws["wid"], w["token"], viewport={"width": 1920, "height": 900})
    try:
        open_screen(host, "Theming boards")
        member = Member(server, ws["wid"], ada["token"])
        try:
            member.op("chat.send", text="Can a host come to us please?", room_id=t1)
        finally:
            member.close()
        expect(host.locator(".unread-notice")).to_contain_text("Table 1: 1 new message", timeout=T)
        folded_at = []
        for width in (1920, 1280, 1024, 820):
            host.set_viewport_size({"width": width, "height": 900})
            host.wait_for_function("w => document.documentElement.clientWidth === w", arg=width)
            expect(host.locator("nav.screen-nav")).to_have_attribute("data-fitted", re.compile(r"\d"), timeout=T)
            host.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
            tab = host.locator("nav.screen-nav > ul > li[data-tab=host]")
            others = host.locator("nav.screen-nav .screen-tools > summary")
            if tab.is_visible():
                expect(tab.get_by_role("button")).to_have_text("Host console (1 new message)")
                expect(others.locator(".unread-badge")).to_be_hidden()
            else:
                folded_at.append(width)
                expect(others).to_be_visible()
                expect(others.locator(".unread-badge")).to_be_visible()
                expect(others.locator(".unread-badge")).to_have_text("1")
                expect(others).to_have_accessible_name(re.compile(r"Other screens \(1 new message\)$"))
                box = others.bounding_box()
                assert box["x"] + box["width"] <= width, (width, box)
            expect(host.locator(".page-menu > summary .unread-badge")).to_be_hidden()  # the Menu has no screens here
        assert folded_at, "the Host console never went under Other screens"
        if SHOTS:
            host.screenshot(path=os.path.join(SHOTS, "phone-host-other-screens-unread.png"))
        # Read them: the marker goes from Other screens too.
        host.locator(".unread-notice").get_by_role("button", name="Table 1: 1 new message (read them)").click()
        expect(host.locator("nav.screen-nav .screen-tools > summary .unread-badge")).to_have_count(0, timeout=T)
        assert not host.errors, host.errors
    finally:
        hctx.close()
