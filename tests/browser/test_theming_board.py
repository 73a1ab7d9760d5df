"""The live theming board in Chromium: two people side by side on a real server.

A participant themes one card with the mouse and one with the keyboard only; the facilitator's
page follows without reload; axe finds no serious or critical problem; a draft survives a remote
change and a reload; an op made offline is delivered after reconnect; a refused op rolls back
with the server's message.
"""
import json
import re

import pytest
from playwright.sync_api import Page, expect

from .pages import Member, open_menu, open_screen

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def board(live_server):
    """A workshop with two NWW themes and four unthemed NWW data cards, a participant Ada, and the
    facilitator connected over a WebSocket for remote changes."""
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    ada = live_server.join(w, "Ada")
    fac = Member(live_server, w["workshop_id"], w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    # The room is at NWW theming: everyone's board page opens on the theming boards.
    fac.op("workshop.update", activity="nww_theming")
    themes = {t: fac.op("card.create", board_id=boards["nww"], type="theme", text=t)["card_id"]
              for t in ("I am lonely", "I want a say in my support")}
    cards = {t: fac.op("card.create", board_id=boards["nww"], type="data", text=t)["card_id"]
             for t in ("Nobody asks me what I want", "Staff change all the time", "The bus stopped running", "I see nobody at weekends")}
    yield {"server": live_server, "w": w, "ada": ada, "fac": fac, "boards": boards, "themes": themes, "cards": cards}
    fac.close()


def open_board(browser, server, wid, token, viewport=None):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.base_url}/w/{wid}#token={token}")
    expect(page.locator(".conn")).to_have_text("Connected")
    show_theming(page)
    page.errors = errors
    return context, page


def show_theming(page: Page):
    """Be on the theming boards: the board page has several screens (tabs) as the agenda moves on."""
    expect(page.locator("h1")).not_to_have_text("Workshop board")  # the welcome has been drawn
    if not page.locator("[data-screen=theming]").count():
        open_screen(page, "Theming boards")
    expect(page.locator("[data-boards]")).to_be_visible()


def theme_item(page: Page, text: str):
    return page.locator("li.theme").filter(has=page.locator("h4", has_text=text))


def card_button(page: Page, text: str):
    return page.locator("button.data-card", has_text=text)


def server_card(board, card_id):
    st = board["server"].state(board["w"]["workshop_id"], board["w"]["token"])
    return next((r for r in st["records"] if r["id"] == card_id), None)


def mouse_drag(page: Page, source, target):
    """Press on the source, move in small steps (pointer events), release over the target."""
    source.evaluate("e => e.scrollIntoView({block: 'start'})")
    s = source.bounding_box()
    t = target.bounding_box()
    viewport = page.viewport_size
    assert t["y"] + t["height"] / 2 < viewport["height"], "the drop target is on screen with the card"
    page.mouse.move(s["x"] + 10, s["y"] + s["height"] / 2)
    page.mouse.down()
    steps = 12
    for i in range(1, steps + 1):
        page.mouse.move(s["x"] + 10 + (t["x"] + t["width"] / 2 - s["x"] - 10) * i / steps,
                        s["y"] + s["height"] / 2 + (t["y"] + t["height"] / 2 - s["y"] - s["height"] / 2) * i / steps)
        page.wait_for_timeout(20)
    page.mouse.up()


def test_participant_themes_by_mouse_and_keyboard_and_facilitator_sees_both(browser, board):
    server, w = board["server"], board["w"]
    fctx, fpage = open_board(browser, server, w["workshop_id"], w["token"])
    pctx, ppage = open_board(browser, server, w["workshop_id"], board["ada"]["token"])
    try:
        # Colour is never the only signal: each board header carries its text label.
        for tag, label in (("ww", "WORKING WELL"), ("nww", "NOT WORKING WELL"), ("iff", "IMPORTANT FOR THE FUTURE")):
            expect(ppage.locator(f"#board-title-{tag}")).to_have_text(re.compile(rf"{tag}\s+{label}"))
        nww = ppage.locator("#board-nww")
        expect(nww.locator("h3", has_text="Not yet themed")).to_have_text("Not yet themed: 4")

        # 1. Mouse drag into "I am lonely".
        mouse_drag(ppage, card_button(ppage, "Nobody asks me what I want"), theme_item(ppage, "I am lonely"))
        expect(theme_item(ppage, "I am lonely").locator("button.data-card", has_text="Nobody asks me")).to_be_visible()
        expect(theme_item(ppage, "I am lonely").locator(".theme-count")).to_have_text("1 card")

        # 2. Keyboard only: focus the card, Enter opens the dialog, Tab to the theme, Enter.
        card_button(ppage, "Staff change all the time").focus()
        ppage.keyboard.press("Enter")
        dialog = ppage.locator("dialog[open]")
        expect(dialog).to_be_visible()
        for _ in range(12):
            if "I want a say" in ppage.evaluate("document.activeElement.textContent"):
                break
            ppage.keyboard.press("Tab")
        assert "I want a say" in ppage.evaluate("document.activeElement.textContent")
        ppage.keyboard.press("Enter")
        expect(dialog).to_have_count(0)
        expect(theme_item(ppage, "I want a say").locator("button.data-card", has_text="Staff change")).to_be_visible()
        # Focus follows the card to its new place, so the keyboard user is not lost.
        expect(ppage.locator("button.data-card:focus")).to_have_text(re.compile("Staff change"))

        # The facilitator's page follows without reload, and the server has both.
        expect(theme_item(fpage, "I am lonely").locator("button.data-card", has_text="Nobody asks me")).to_be_visible()
        expect(theme_item(fpage, "I want a say").locator("button.data-card", has_text="Staff change")).to_be_visible()
        expect(fpage.locator("#board-nww h3", has_text="Not yet themed")).to_have_text("Not yet themed: 2")
        expect(fpage.locator("#announcer")).to_have_text(re.compile(r"Ada (moved a card to|copied)"))
        assert server_card(board, board["cards"]["Nobody asks me what I want"])["theme_id"] == board["themes"]["I am lonely"]
        assert server_card(board, board["cards"]["Staff change all the time"])["theme_id"] == board["themes"]["I want a say in my support"]
        assert not ppage.errors and not fpage.errors, ppage.errors + fpage.errors
    finally:
        pctx.close()
        fctx.close()


def assert_no_serious_axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, results.generate_report()


def test_board_has_no_serious_accessibility_violations(browser, board):
    server, w = board["server"], board["w"]
    for token in (board["ada"]["token"], w["token"]):
        ctx, page = open_board(browser, server, w["workshop_id"], token)
        try:
            assert_no_serious_axe_violations(page)
            # The card dialog too.
            card_button(page, "The bus stopped running").click()
            expect(page.locator("dialog[open]")).to_be_visible()
            assert_no_serious_axe_violations(page)
            page.keyboard.press("Escape")
            # And both display modes (contrast is checked in each); staff find them in the toolbar's More menu
            # once the toolbar (loaded for staff after the board) is there, in the header before.
            open_display_settings(page)
            page.get_by_role("button", name="High contrast").click()
            page.get_by_role("button", name="Large text").click()
            expect(page.locator("html.high-contrast.large-text")).to_have_count(1)
            assert_no_serious_axe_violations(page)
            # Both modes are remembered on the device.
            page.reload()
            expect(page.locator(".conn")).to_have_text("Connected")
            expect(page.locator("html.high-contrast.large-text")).to_have_count(1)
            open_display_settings(page)
            expect(page.get_by_role("button", name="Large text")).to_have_attribute("aria-pressed", "true")
        finally:
            ctx.close()


def open_display_settings(page):
    """The display toggles: a participant's in the header, or in its Menu when the header has no room;
    staff's in the toolbar's More menu (the toolbar is loaded for staff after the board)."""
    menu = page.locator(".page-menu")
    expect(menu).to_have_count(1)
    if menu.locator(".display-toggles").count():
        open_menu(page)
    else:
        more = page.locator(".toolbar-more > summary")
        expect(more).to_be_visible()
        if not page.get_by_role("button", name="Large text").is_visible():
            more.click()
    expect(page.get_by_role("button", name="Large text")).to_be_visible()


def test_draft_survives_remote_change_and_reload(browser, board):
    server, w = board["server"], board["w"]
    pctx, page = open_board(browser, server, w["workshop_id"], board["ada"]["token"])
    try:
        field = page.locator(f"#new-theme-{board['boards']['nww']}")
        field.click()
        page.keyboard.type("I need a lift to the centre")
        expect(page.locator(f"#new-theme-{board['boards']['nww']}-count")).to_have_text("27 of 170 characters")
        # Remote changes arrive while Ada is typing: a new theme, a grouped card, a renamed theme.
        fac = board["fac"]
        fac.op("card.create", board_id=board["boards"]["nww"], type="theme", text="I want to go out")
        fac.op("card.group", card_id=board["cards"]["The bus stopped running"], theme_id=board["themes"]["I am lonely"])
        fac.op("card.update", card_id=board["themes"]["I am lonely"], text="I feel lonely")
        expect(theme_item(page, "I want to go out")).to_be_visible()
        expect(theme_item(page, "I feel lonely").locator("button.data-card", has_text="The bus")).to_be_visible()
        expect(field).to_have_value("I need a lift to the centre")
        expect(field).to_be_focused()
        page.keyboard.type(", please")
        expect(field).to_have_value("I need a lift to the centre, please")
        # The draft is kept on the device: a reload brings it back.
        page.reload()
        expect(page.locator(".conn")).to_have_text("Connected")
        expect(page.locator(f"#new-theme-{board['boards']['nww']}")).to_have_value("I need a lift to the centre, please")
        assert not page.errors, page.errors
    finally:
        pctx.close()


def test_op_made_offline_is_sent_after_reconnect(browser, board):
    server, w = board["server"], board["w"]
    fctx, fpage = open_board(browser, server, w["workshop_id"], w["token"])
    pctx, page = open_board(browser, server, w["workshop_id"], board["ada"]["token"])
    try:
        pctx.set_offline(True)
        expect(page.locator(".conn")).to_have_text(re.compile("Reconnecting"))
        nww = board["boards"]["nww"]
        page.locator(f"#new-theme-{nww}").fill("I want more buses")
        page.locator(f"#new-theme-{nww}").press("Enter")
        expect(page.locator(".toast")).to_have_text(re.compile("sent when you are back online"))
        expect(theme_item(page, "I want more buses")).to_contain_text("waiting to send")
        # An offline drag too: it shows at once and waits in the outbox.
        mouse_drag(page, card_button(page, "I see nobody at weekends"), theme_item(page, "I am lonely"))
        expect(theme_item(page, "I am lonely").locator("button.data-card", has_text="I see nobody")).to_be_visible()
        expect(theme_item(fpage, "I want more buses")).to_have_count(0)

        pctx.set_offline(False)
        expect(page.locator(".conn")).to_have_text("Connected", timeout=15000)
        expect(theme_item(fpage, "I want more buses")).to_be_visible()
        expect(theme_item(fpage, "I am lonely").locator("button.data-card", has_text="I see nobody")).to_be_visible()
        expect(theme_item(page, "I want more buses")).not_to_contain_text("waiting to send")
        st = server.state(w["workshop_id"], w["token"])
        assert [r["text"] for r in st["records"] if r.get("type") == "theme"].count("I want more buses") == 1
    finally:
        pctx.close()
        fctx.close()


def test_refused_op_rolls_back_with_the_servers_message(browser, board):
    server, w = board["server"], board["w"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    def refuse_groups(ws):
        upstream = ws.connect_to_server()

        def from_page(message):
            frame = json.loads(message)
            if frame.get("op") == "card.group":
                ws.send(json.dumps({"t": "err", "id": frame["id"], "code": "forbidden", "message": "Cards are locked while the facilitator reviews them."}))
            else:
                upstream.send(message)

        ws.on_message(from_page)
        upstream.on_message(lambda m: ws.send(m))

    page.route_web_socket(re.compile(r".*/ws/workshops/.*"), refuse_groups)
    try:
        page.goto(f"{server.base_url}/w/{w['workshop_id']}#token={board['ada']['token']}")
        expect(page.locator(".conn")).to_have_text("Connected")
        show_theming(page)
        mouse_drag(page, card_button(page, "The bus stopped running"), theme_item(page, "I am lonely"))
        expect(page.locator(".toast")).to_have_text(re.compile("Cards are locked while the facilitator reviews them"))
        expect(page.locator("#board-nww .unthemed button.data-card", has_text="The bus stopped running")).to_be_visible()
        expect(theme_item(page, "I am lonely").locator(".theme-count")).to_have_text("0 cards")
    finally:
        context.close()


def test_start_and_join_pages(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.base_url + "/")
        assert_no_serious_axe_violations(page)
        page.get_by_label("Workshop title").fill("Northtown day services")
        page.get_by_label("Your first name").fill("Sam")
        page.get_by_role("button", name="Create workshop").click()
        # The facilitator is shown their own link, with Copy and a plain warning to keep it.
        expect(page.locator("h1")).to_have_text("Your workshop is ready")
        expect(page.locator(".keep-link")).to_contain_text("only way back")
        my_link = page.locator("#my-link").input_value()
        assert re.search(r"/w/[^/#]+#token=.{20,}", my_link), my_link
        page.get_by_role("button", name="Copy link").click()
        expect(page.locator(".toast")).to_contain_text("Link copied")
        assert_no_serious_axe_violations(page)
        page.get_by_role("link", name="Open the board").click()
        expect(page.locator(".conn")).to_have_text("Connected")
        expect(page.locator("h1")).to_have_text("Northtown day services")
        # The join link is shown at once, ready to copy, while nobody else has joined; the code
        # rides in the fragment, never in a query string that reaches the server's logs.
        expect(page.locator("#join-link")).to_be_visible()
        page.get_by_role("button", name="Copy link").click()
        expect(page.locator(".toast")).to_contain_text("Join link copied")
        join_url = page.locator("#join-link").input_value()
        assert "/join#code=" in join_url and "?" not in join_url
        # A participant joins with that link; errors are plain language.
        other = context.browser.new_context(viewport={"width": 390, "height": 844})
        p2 = other.new_page()
        p2.goto(join_url)
        assert_no_serious_axe_violations(p2)
        assert "code=" not in p2.url  # the code has left the address bar
        p2.get_by_role("button", name="Join").click()
        expect(p2.locator(".error-summary")).to_contain_text("Type your first name")
        expect(p2.locator(".error-summary")).to_be_focused()
        assert_no_serious_axe_violations(p2)
        p2.get_by_label("Your first name").fill("A" * 41)
        p2.get_by_role("button", name="Join").click()
        expect(p2.locator(".error-summary")).to_contain_text("at most 40 characters")
        p2.goto(join_url.split("#code=")[0] + "#code=WRONG")
        p2.get_by_label("Your first name").fill("Ada")
        p2.get_by_role("button", name="Join").click()
        expect(p2.locator(".error-summary")).to_be_visible()
        # Old links with ?code= keep working for people who have them.
        p2.goto(join_url.replace("#code=", "?code="))
        p2.get_by_label("Your first name").fill("Ada")
        p2.get_by_label("I plan or buy services").check()
        p2.get_by_role("button", name="Join").click()
        expect(p2.locator(".conn")).to_have_text("Connected")
        expect(page.locator(".people")).to_contain_text("Ada")
        other.close()

        # On another computer (a fresh browser), the facilitator's link opens the board as facilitator.
        elsewhere = context.browser.new_context(viewport={"width": 1280, "height": 900})
        p3 = elsewhere.new_page()
        p3.goto(my_link)
        expect(p3.locator(".conn")).to_have_text("Connected")
        expect(p3.locator("#join-link")).to_be_attached()  # staff only: the invite panel
        assert "token=" not in p3.url
        elsewhere.close()

        # This browser lists the workshop under "My workshops" on the start page.
        page.goto(live_server.base_url + "/")
        mine = page.locator(".my-workshops")
        expect(mine).to_contain_text("Northtown day services")
        expect(mine).to_contain_text("as facilitator")
        mine.get_by_role("link", name="Northtown day services").click()
        expect(page.locator(".conn")).to_have_text("Connected")
    finally:
        context.close()


def test_facilitator_tools_rename_copy_split_move_delete_add(browser, board):
    server, w = board["server"], board["w"]
    fctx, page = open_board(browser, server, w["workshop_id"], w["token"])
    pctx, ppage = open_board(browser, server, w["workshop_id"], board["ada"]["token"])
    nww = board["boards"]["nww"]
    try:
        # Participants cannot add data cards or split; the facilitator can.
        expect(ppage.locator(".add-data")).to_have_count(0)
        card_button(ppage, "The bus stopped running").click()
        expect(ppage.locator("dialog[open]")).not_to_contain_text("Split this card")
        ppage.keyboard.press("Escape")
        expect(ppage.locator("dialog[open]")).to_have_count(0)
        expect(card_button(ppage, "The bus stopped running")).to_be_focused()

        # Add a data card.
        page.locator("#board-nww .add-data summary").click()
        page.locator(f"#new-data-{nww}").fill("The minibus is always late")
        page.locator(f"#new-data-{nww}").press("Enter")
        expect(card_button(ppage, "The minibus is always late")).to_be_visible()

        # Rename a theme inline.
        theme_item(page, "I am lonely").get_by_role("button", name=re.compile("^Rename")).click()
        rename = page.locator(f"#rename-{board['themes']['I am lonely']}")
        expect(rename).to_be_focused()
        rename.fill("I feel alone")
        rename.press("Enter")
        expect(theme_item(ppage, "I feel alone")).to_be_visible()
        expect(ppage.locator("#announcer")).to_have_text(re.compile("Sam renamed a theme to I feel alone"))

        # Group, then copy the card into a second theme.
        card_button(page, "Nobody asks me what I want").click()
        page.locator("dialog[open]").get_by_role("button", name=re.compile("^I feel alone")).click()
        card_button(page, "Nobody asks me what I want").first.click()
        page.locator("dialog[open]").get_by_role("button", name="Copy into another theme…").click()
        page.locator("dialog[open]").get_by_role("button", name=re.compile("^I want a say")).click()
        expect(theme_item(ppage, "I want a say").locator("button.data-card", has_text="Nobody asks me")).to_be_visible()
        expect(theme_item(ppage, "I feel alone").locator("button.data-card", has_text="Nobody asks me")).to_be_visible()

        # Split a card in two.
        card_button(page, "I see nobody at weekends").click()
        page.locator("dialog[open]").get_by_role("button", name="Split this card…").click()
        page.get_by_label("Part 1").fill("I see nobody on Saturdays")
        page.get_by_label("Part 2").fill("I see nobody on Sundays")
        page.locator("dialog[open]").get_by_role("button", name="Split into 2 cards").click()
        expect(card_button(ppage, "I see nobody on Saturdays")).to_be_visible()
        expect(card_button(ppage, "I see nobody on Sundays")).to_be_visible()
        expect(card_button(ppage, "I see nobody at weekends")).to_have_count(0)

        # Move a card to another board: it takes that board's tag.
        card_button(page, "Staff change all the time").click()
        page.locator("dialog[open]").get_by_role("button", name=re.compile("WORKING WELL board$")).first.click()
        moved = ppage.locator("#board-ww button.data-card", has_text="Staff change all the time")
        expect(moved).to_be_visible()
        expect(moved.locator(".tag")).to_have_text("ww")

        # Delete a theme: its cards go back to "not yet themed".
        theme_item(page, "I feel alone").get_by_role("button", name=re.compile("^Delete")).click()
        page.locator("dialog[open]").get_by_role("button", name="Delete theme").click()
        expect(theme_item(ppage, "I feel alone")).to_have_count(0)
        expect(ppage.locator("#board-nww .unthemed button.data-card", has_text="Nobody asks me")).to_be_visible()
        assert not page.errors and not ppage.errors, page.errors + ppage.errors
    finally:
        pctx.close()
        fctx.close()


def test_other_peoples_drags_are_shown(browser, board):
    server, w = board["server"], board["w"]
    fctx, fpage = open_board(browser, server, w["workshop_id"], w["token"])
    pctx, ppage = open_board(browser, server, w["workshop_id"], board["ada"]["token"])
    try:
        card_button(ppage, "The bus stopped running").evaluate("e => e.scrollIntoView({block: 'start'})")
        src = card_button(ppage, "The bus stopped running").bounding_box()
        ppage.mouse.move(src["x"] + 10, src["y"] + 10)
        ppage.mouse.down()
        for i in range(1, 8):
            ppage.mouse.move(src["x"] + 10 + 20 * i, src["y"] + 10 + 25 * i)
            ppage.wait_for_timeout(60)
        expect(fpage.locator(".remote-ghost")).to_contain_text("Ada")
        expect(card_button(fpage, "The bus stopped running")).to_contain_text("Ada is moving this")
        ppage.mouse.up()
        expect(fpage.locator(".remote-ghost")).to_have_count(0)
    finally:
        pctx.close()
        fctx.close()


def test_a_lost_event_is_detected_and_the_board_resumes_with_since(browser, board):
    server, w = board["server"], board["w"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    hellos, welcomes = [], []

    def lossy(ws):
        upstream = ws.connect_to_server()
        first = len(hellos) == 0
        dropped = []

        def from_page(message):
            frame = json.loads(message)
            if frame.get("op") == "hello":
                hellos.append(frame)
            upstream.send(message)

        def from_server(message):
            frame = json.loads(message)
            if frame.get("t") == "welcome":
                welcomes.append(frame)
            # The first connection loses one event, as a flaky network or a bug might.
            if first and frame.get("t") == "ev" and not dropped:
                dropped.append(frame)
                return
            ws.send(message)

        ws.on_message(from_page)
        upstream.on_message(from_server)

    page.route_web_socket(re.compile(r".*/ws/workshops/.*"), lossy)
    try:
        page.goto(f"{server.base_url}/w/{w['workshop_id']}#token={board['ada']['token']}")
        expect(page.locator(".conn")).to_have_text("Connected")
        show_theming(page)
        fac = board["fac"]
        fac.op("card.create", board_id=board["boards"]["nww"], type="data", text="Lost on the way")
        fac.op("card.create", board_id=board["boards"]["nww"], type="data", text="Arrived after the gap")
        expect(card_button(page, "Lost on the way")).to_be_visible()
        expect(card_button(page, "Arrived after the gap")).to_be_visible()
        assert len(hellos) == 2 and "since" not in hellos[0] and isinstance(hellos[1].get("since"), int), hellos
        assert "replay" in welcomes[1], "the server replays a short gap instead of sending everything"
    finally:
        context.close()


def test_finger_drag_on_a_phone(browser, board):
    """A touch drag from the card's grip (touch-action: none) themes the card on a small screen."""
    server, w = board["server"], board["w"]
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    try:
        page.goto(f"{server.base_url}/w/{w['workshop_id']}#token={board['ada']['token']}")
        expect(page.locator(".conn")).to_have_text("Connected")
        show_theming(page)
        source = card_button(page, "I see nobody at weekends")
        target = theme_item(page, "I am lonely")
        source.scroll_into_view_if_needed()
        grip = source.locator(".grip").bounding_box()
        t = target.bounding_box()
        assert t["y"] + t["height"] / 2 < 844, "the theme is on screen together with the card"
        cdp = context.new_cdp_session(page)
        x0, y0 = grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2
        x1, y1 = t["x"] + t["width"] / 2, t["y"] + t["height"] / 2
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
        for i in range(1, 11):
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x0 + (x1 - x0) * i / 10, "y": y0 + (y1 - y0) * i / 10}]})
            page.wait_for_timeout(30)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        # On a phone a theme's cards are folded away (the themes stay close together as targets).
        lonely = theme_item(page, "I am lonely")
        expect(lonely.locator("button.data-card", has_text="I see nobody")).to_have_count(1)
        expect(lonely.locator(".theme-count")).to_have_text("1 card")
        expect(page.locator("dialog[open]")).to_have_count(0)
        lonely.get_by_role("button", name="Show cards of I am lonely").click()
        expect(lonely.locator("button.data-card", has_text="I see nobody")).to_be_visible()
    finally:
        context.close()


def test_a_bad_link_says_what_to_do(browser, board):
    server, w = board["server"], board["w"]
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{server.base_url}/w/{w['workshop_id']}#token=not-a-real-token")
        expect(page.get_by_role("alert")).to_contain_text("Ask the facilitator for the join link")
        expect(page.locator(".conn")).to_have_text("Not connected")
        other = f"{server.base_url}/w/{w['workshop_id']}x"
        page.goto(other)
        expect(page.locator("h1")).to_have_text("Join the workshop first")
    finally:
        context.close()


def test_role_change_hides_what_the_role_cannot_do(browser, board):
    """A participant made projector loses every editing control at once; made host, gains the facilitator's."""
    server, w = board["server"], board["w"]
    pctx, page = open_board(browser, server, w["workshop_id"], board["ada"]["token"])
    try:
        expect(page.locator("button.data-card")).to_have_count(4)
        expect(page.locator(".add-data")).to_have_count(0)
        board["fac"].op("participant.set_role", participant_id=board["ada"]["participant_id"], role="projector")
        expect(page.locator(".stage")).to_be_visible()  # the projector's stage: nothing to press
        expect(page.locator("button.data-card")).to_have_count(0)
        expect(page.locator("button, input, textarea, select")).to_have_count(0)
        expect(page.locator(".text-form")).to_have_count(0)
        expect(page.get_by_role("button", name=re.compile("^Rename"))).to_have_count(0)
        board["fac"].op("participant.set_role", participant_id=board["ada"]["participant_id"], role="host")
        expect(page.locator(".add-data")).to_have_count(3)
        card_button(page, "The bus stopped running").click()
        expect(page.locator("dialog[open]")).to_contain_text("Split this card")
    finally:
        pctx.close()


def test_drag_onto_a_theme_of_another_board(browser, board):
    """A positive comment found on the NWW board is dragged straight into a WW theme."""
    server, w = board["server"], board["w"]
    good = board["fac"].op("card.create", board_id=board["boards"]["ww"], type="theme", text="I like my key worker")["card_id"]
    ctx, page = open_board(browser, server, w["workshop_id"], board["ada"]["token"], viewport={"width": 1400, "height": 1000})
    try:
        mouse_drag(page, card_button(page, "The bus stopped running"), theme_item(page, "I like my key worker"))
        moved = theme_item(page, "I like my key worker").locator("button.data-card", has_text="The bus stopped running")
        expect(moved).to_be_visible()
        expect(moved.locator(".tag")).to_have_text("ww")
        expect(page.locator("#board-nww h3", has_text="Not yet themed")).to_have_text("Not yet themed: 3")
        want = (board["boards"]["ww"], good, "ww")
        for _ in range(50):
            card = server_card(board, board["cards"]["The bus stopped running"])
            if (card["board_id"], card["theme_id"], card["tag"]) == want:
                break
            page.wait_for_timeout(100)
        assert (card["board_id"], card["theme_id"], card["tag"]) == want
        assert not page.errors, page.errors
    finally:
        ctx.close()


def test_dialog_follows_remote_changes_without_losing_focus(browser, board):
    """While a keyboard user chooses a theme, another person deletes it: the list updates and focus stays in the dialog."""
    server, w = board["server"], board["w"]
    ctx, page = open_board(browser, server, w["workshop_id"], board["ada"]["token"])
    try:
        card_button(page, "The bus stopped running").focus()
        page.keyboard.press("Enter")
        dialog = page.locator("dialog[open]")
        expect(page.locator("dialog[open] button:focus")).to_have_text(re.compile("^I am lonely"))
        board["fac"].op("card.delete", card_id=board["themes"]["I am lonely"])
        expect(dialog.get_by_role("button", name=re.compile("^I am lonely"))).to_have_count(0)
        expect(page.locator("dialog[open] button:focus")).to_have_count(1)
        page.keyboard.press("Enter")  # the first choice now: "I want a say in my support"
        expect(theme_item(page, "I want a say").locator("button.data-card", has_text="The bus")).to_be_visible()
    finally:
        ctx.close()


def test_day_1_boards_are_read_only_on_day_2(browser, board):
    """On Day 2 the Working well and Not working well boards are kept as they were: nothing to edit."""
    server, w = board["server"], board["w"]
    board["fac"].op("day.begin", day=2)
    pctx, page = open_board(browser, server, w["workshop_id"], board["ada"]["token"])
    try:
        nww, iff = board["boards"]["nww"], board["boards"]["iff"]
        expect(page.locator("#board-nww .locked-note")).to_contain_text("Day 1, kept as it was")
        expect(page.locator(f"#new-theme-{nww}")).to_have_count(0)
        expect(page.locator("#board-nww .theme-actions")).to_have_count(0)
        expect(page.locator("#board-iff .locked-note")).to_have_count(0)  # often themed on Day 2
        expect(page.locator(f"#new-theme-{iff}")).to_be_visible()
        assert not page.errors, page.errors
    finally:
        pctx.close()
