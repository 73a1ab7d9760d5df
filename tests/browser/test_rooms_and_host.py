"""Rooms, roles and the facilitation toolkit in Chromium (issue 3), plus the screen framework.

Pages of a facilitator (host console), participants and a projector against a real server:
breakouts put each participant at their own table; the chill-out button alerts the host page;
a poll answered from two pages shows its result on the host page; the projector follows the
facilitator's board; axe finds no serious or critical violation.
"""
import os
import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from .pages import Member, T, close_menu, open_menu, open_page, open_screen, serious_axe_violations

pytestmark = pytest.mark.timeout(90)
SHOTS = os.environ.get("COBOARD_SHOTS")  # a folder: save screenshots there to look at them


@pytest.fixture
def ws(live_server):
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    fac = Member(live_server, w["workshop_id"], w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    yield {"server": live_server, "w": w, "wid": w["workshop_id"], "fac": fac, "boards": boards}
    fac.close()


def projector(server, w):
    r = httpx.post(f"{server.base_url}/api/workshops/{w['workshop_id']}/projector",
                   headers={"Authorization": f"Bearer {w['token']}"}, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()


def test_follow_me_jumps_to_the_board_the_facilitator_shows(browser, ws):
    server, w = ws["server"], ws["w"]
    ada = server.join(w, "Ada")
    fctx, fpage = open_page(browser, server, ws["wid"], w["token"])
    pctx, ppage = open_page(browser, server, ws["wid"], ada["token"])
    try:
        # Participants follow by default, staff do not.
        open_menu(ppage)  # following is in the Menu when the header has no room for it
        expect(ppage.get_by_role("button", name="Follow the facilitator")).to_have_attribute("aria-pressed", "true")
        close_menu(ppage)
        expect(fpage.get_by_role("button", name="Follow the facilitator")).to_have_count(0)  # staff lead
        expect(ppage.get_by_role("button", name="Show to everyone: NOT WORKING WELL")).to_have_count(0)
        open_screen(fpage, "Theming boards")
        fpage.locator(".toolbar #toolbar-board").select_option(label="NOT WORKING WELL")
        fpage.get_by_role("button", name="Show to everyone: NOT WORKING WELL").click()
        expect(ppage.locator("#board-nww.showing-board")).to_be_visible(timeout=T)
        expect(ppage.locator(".showing-now")).to_contain_text("NOT WORKING WELL")
        expect(fpage.get_by_role("button", name="Showing: NOT WORKING WELL")).to_have_attribute("aria-pressed", "true")
        expect(fpage.locator(".toolbar button.show-board")).to_have_count(1)  # one, not one per board
        fpage.get_by_role("button", name="Showing: NOT WORKING WELL").click()  # pressed again: stop
        expect(ppage.locator(".showing-now")).to_have_count(0, timeout=T)
        assert not fpage.errors and not ppage.errors, fpage.errors + ppage.errors
    finally:
        fctx.close()
        pctx.close()


def host_console(page):
    open_screen(page, re.compile("^Host console"))
    expect(page.get_by_role("heading", name="Host console", exact=True)).to_be_visible(timeout=T)


def test_host_opens_breakouts_and_each_participant_sees_their_own_table(browser, ws):
    server, w = ws["server"], ws["w"]
    ada, ben = server.join(w, "Ada"), server.join(w, "Ben")
    hctx, host = open_page(browser, server, ws["wid"], w["token"])
    actx, apage = open_page(browser, server, ws["wid"], ada["token"])
    bctx, bpage = open_page(browser, server, ws["wid"], ben["token"], viewport={"width": 390, "height": 844})
    try:
        host_console(host)
        host.get_by_role("button", name="Add a table").click()
        expect(host.locator(".table-list li")).to_have_count(1, timeout=T)
        host.get_by_role("button", name="Add a table").click()
        expect(host.locator(".table-list li")).to_have_count(2, timeout=T)
        host.locator(f"#assign-{ada['participant_id']}").select_option(label="Table 1")
        host.locator(f"#assign-{ben['participant_id']}").select_option(label="Table 2")
        expect(host.locator(".table-list")).to_contain_text("Table 2: 1 person", timeout=T)
        host.get_by_label("Open breakout rooms").fill("10")
        host.get_by_role("button", name="Open breakouts").click()
        expect(apage.get_by_role("heading", name="You are at Table 1")).to_be_visible(timeout=T)
        expect(bpage.get_by_role("heading", name="You are at Table 2")).to_be_visible(timeout=T)
        expect(apage.locator(".where")).to_have_text("You are in: Table 1")
        expect(bpage.locator(".countdown", has_text="Breakout rooms")).to_contain_text(":")
        # A message to every room is shown prominently in each.
        host.get_by_label("Message to every room").fill("Five minutes left, please")
        host.get_by_role("button", name="Send to every room").click()
        expect(apage.locator(".announcement")).to_contain_text("Five minutes left, please", timeout=T)
        expect(bpage.locator(".announcement")).to_contain_text("Five minutes left, please", timeout=T)
        # Everyone back in one action.
        host.get_by_role("button", name="Close breakouts (everyone back)").click()
        expect(apage.locator(".where")).to_have_text("You are in: Main room", timeout=T)
        expect(bpage.get_by_role("heading", name="You are at Table 2")).to_have_count(0, timeout=T)
        assert not host.errors and not apage.errors and not bpage.errors, host.errors + apage.errors + bpage.errors
    finally:
        for c in (hctx, actx, bctx):
            c.close()


def test_choosing_a_table(browser, ws):
    server, w, fac = ws["server"], ws["w"], ws["fac"]
    ada = server.join(w, "Ada")
    fac.op("room.create", type="table")
    fac.op("room.create", type="table")
    actx, apage = open_page(browser, server, ws["wid"], ada["token"])
    try:
        fac.op("breakout.open", choose=True)
        expect(apage.get_by_role("heading", name="Choose your table")).to_be_visible(timeout=T)
        apage.get_by_role("button", name="Table 2 (0 people)").click()
        expect(apage.get_by_role("heading", name="You are at Table 2")).to_be_visible(timeout=T)
        expect(apage.get_by_role("button", name="Table 2 (1 person)")).to_have_attribute("aria-pressed", "true")
        # A polite announcement one minute before the end, and the warning style.
        fac.op("timer.start", seconds=64, label="Tea")
        timer = apage.locator(".countdown", has_text="Tea")
        expect(timer).to_be_visible(timeout=T)
        expect(timer).not_to_have_class(re.compile("warning"))
        expect(apage.locator("#announcer")).to_have_text("One minute left: Tea.", timeout=T)
        expect(timer).to_have_class(re.compile("warning"))
    finally:
        actx.close()


def test_chill_out_button_alerts_the_host_page(browser, ws):
    server, w = ws["server"], ws["w"]
    ada = server.join(w, "Ada")
    hctx, host = open_page(browser, server, ws["wid"], w["token"])
    actx, apage = open_page(browser, server, ws["wid"], ada["token"])
    extra = []
    try:
        # No chill-out room yet: no button. Staff create it; the button appears in one step from any screen.
        expect(apage.get_by_role("button", name="Take a break")).to_have_count(0)
        host_console(host)
        host.get_by_role("button", name="Create the chill-out room").click()
        apage.get_by_role("button", name="Take a break").click()
        expect(apage.get_by_role("heading", name="You are taking a break")).to_be_visible(timeout=T)
        expect(apage.locator(".board")).to_have_count(0)
        alert = host.get_by_role("alert").filter(has_text="chill-out room")
        expect(alert).to_contain_text("Ada went to the chill-out room at", timeout=T)
        expect(host.locator(".host-person", has_text="Ada")).to_contain_text("In Chill-out room")
        host.reload()  # the alert is kept in Ada's record until a facilitator or host has seen it
        expect(host.locator(".chill-alert li")).to_contain_text("Ada went to the chill-out room at", timeout=T)
        h2ctx, host2 = open_page(browser, server, ws["wid"], w["token"])  # another staff page
        extra.append(h2ctx)
        expect(host2.locator(".chill-alert li")).to_have_count(1, timeout=T)
        host.get_by_role("button", name="Seen").click()
        expect(host.locator(".chill-alert li")).to_have_count(0, timeout=T)
        expect(host2.locator(".chill-alert li")).to_have_count(0, timeout=T)  # seen by one, gone for all
        expect(host.locator(".resting-now")).to_contain_text("In the chill-out room now: Ada", timeout=T)
        apage.get_by_role("button", name="Come back to Main room").click()
        expect(apage.locator(".where")).to_have_text("You are in: Main room", timeout=T)
        expect(apage.get_by_role("button", name="Take a break")).to_be_focused(timeout=T)
        expect(host.locator(".resting-now")).to_have_count(0, timeout=T)
        assert not host.errors and not apage.errors, host.errors + apage.errors
    finally:
        for context in [hctx, actx, *extra]:
            context.close()


def test_poll_answered_from_two_pages_shows_on_the_host_page(browser, ws):
    server, w = ws["server"], ws["w"]
    ada, ben = server.join(w, "Ada"), server.join(w, "Ben")
    hctx, host = open_page(browser, server, ws["wid"], w["token"])
    actx, apage = open_page(browser, server, ws["wid"], ada["token"])
    bctx, bpage = open_page(browser, server, ws["wid"], ben["token"])
    try:
        host_console(host)
        host.get_by_label("Question").fill("How are you feeling?")
        host.get_by_label("Options").fill("Good\nOK\nTired")
        host.get_by_label("Named: hosts see who chose what").check()
        host.get_by_role("button", name="Start poll").click()
        # Ada by mouse, Ben by keyboard only.
        apage.get_by_role("radio", name="Good").check()
        apage.get_by_role("button", name="Send answer").click()
        expect(apage.locator(".your-answer")).to_have_text("Your answer: Good.", timeout=T)
        bpage.get_by_role("radio", name="Tired").focus()
        bpage.keyboard.press("Space")
        bpage.keyboard.press("Tab")
        bpage.keyboard.press("Enter")
        expect(bpage.locator(".your-answer")).to_have_text("Your answer: Tired.", timeout=T)
        results = host.locator(".host-polls .poll-results")
        expect(results).to_contain_text("2 people have answered", timeout=T)
        expect(results).to_contain_text("Good: 1 (50%)")
        expect(results).to_contain_text("Tired: 1 (50%)")
        expect(results).to_contain_text("Chosen by: Ada")
        host.locator(".host-polls").get_by_role("button", name="Close poll").click()
        expect(apage.locator(".poll legend")).to_contain_text("(closed)", timeout=T)
    finally:
        for c in (hctx, actx, bctx):
            c.close()


def test_Q1_anonymous_poll_results_wait_for_the_close_on_every_page(browser, ws):
    """Rule Q1 on screen: while an anonymous poll is open, host and participant see only how many
    answered and why the results wait; the close shows the counts. Screenshots: COBOARD_SHOTS."""
    server, w = ws["server"], ws["w"]
    ada = server.join(w, "Ada")
    hctx, host = open_page(browser, server, ws["wid"], w["token"], viewport={"width": 1920, "height": 1080})
    actx, apage = open_page(browser, server, ws["wid"], ada["token"], viewport={"width": 390, "height": 844})
    why = "Results show when the poll closes, so nobody can tell who chose what."
    try:
        host_console(host)
        host.get_by_label("Question").fill("Tea or coffee?")
        host.get_by_label("Options").fill("Tea\nCoffee")
        host.get_by_role("button", name="Start poll").click()  # anonymous and "live": the defaults
        apage.get_by_role("radio", name="Coffee").check()
        apage.get_by_role("button", name="Send answer").click()
        expect(apage.locator(".your-answer")).to_have_text("Your answer: Coffee.", timeout=T)  # from the ack
        apage.get_by_role("radio", name="Tea").check()  # changed while open: a new record, the first one superseded
        apage.get_by_role("button", name="Change my answer").click()
        expect(apage.locator(".your-answer")).to_have_text("Your answer: Tea.", timeout=T)
        hpoll = host.locator(".host-polls .poll")
        expect(hpoll.locator(".poll-results.waiting")).to_contain_text("1 person has answered so far.", timeout=T)
        expect(hpoll.locator(".results-wait")).to_have_text(why)
        expect(hpoll.locator(".bars")).to_have_count(0)  # no counts before the close, for the host too
        apoll = apage.locator(".room-panel .poll")
        expect(apoll.locator(".results-wait")).to_have_text(why, timeout=T)
        expect(apoll.locator(".bars")).to_have_count(0)
        if SHOTS:
            apoll.scroll_into_view_if_needed()
            apage.screenshot(path=str(Path(SHOTS) / "polls-anonymous-open-390.png"))
            hpoll.scroll_into_view_if_needed()
            host.screenshot(path=str(Path(SHOTS) / "polls-anonymous-open-1920.png"))
        poll_id = next(r["id"] for r in server.state(ws["wid"], w["token"])["records"] if r["kind"] == "poll")
        for name, choice in (("Ben", 0), ("Cy", 1)):  # three people: enough for the counts to show (Q2)
            Member(server, ws["wid"], server.join(w, name)["token"]).op("poll.answer", poll_id=poll_id, choices=[choice])
        expect(hpoll.locator(".poll-results.waiting")).to_contain_text("3 people have answered so far.", timeout=T)
        hpoll.get_by_role("button", name="Close poll").click()
        expect(apoll.locator(".bars")).to_contain_text("Tea: 2 (67%)", timeout=T)
        expect(hpoll.locator(".bars")).to_contain_text("Coffee: 1 (33%)", timeout=T)
        expect(apoll.locator(".results-wait")).to_have_count(0)
        if SHOTS:
            apage.screenshot(path=str(Path(SHOTS) / "polls-anonymous-closed-390.png"))
        # an anonymous poll that closes with fewer than 3 answers shows none, in plain words, to everyone
        staff = Member(server, ws["wid"], w["token"])
        few = staff.op("poll.create", question="Lunch now?", options=["Yes", "No"])["poll_id"]
        Member(server, ws["wid"], ada["token"]).op("poll.answer", poll_id=few, choices=[0])
        staff.op("poll.close", poll_id=few)
        for page in (apage, host):
            shown = page.locator(".poll", has_text="Lunch now?").first
            expect(shown.locator(".poll-results.too-few")).to_contain_text("1 person has answered.", timeout=T)
            expect(shown.locator(".results-min")).to_have_text(
                "Results are shown once 3 people have answered, so that nobody's answer stands alone.")
            expect(shown.locator(".bars")).to_have_count(0)
        assert not host.errors and not apage.errors, host.errors + apage.errors
    finally:
        hctx.close()
        actx.close()


def test_hands_timers_and_chat(browser, ws):
    server, w = ws["server"], ws["w"]
    ada = server.join(w, "Ada")
    hctx, host = open_page(browser, server, ws["wid"], w["token"])
    actx, apage = open_page(browser, server, ws["wid"], ada["token"])
    try:
        host_console(host)
        apage.get_by_role("button", name="Raise hand").click()
        expect(host.locator(".host-hands li", has_text="Ada")).to_be_visible(timeout=T)
        expect(host.get_by_role("button", name="Host console (1 hand up)")).to_be_visible()
        host.get_by_role("button", name="Lower hand of Ada").click()
        expect(apage.get_by_role("button", name="Raise hand")).to_have_attribute("aria-pressed", "false", timeout=T)

        host.get_by_label("Minutes").fill("1")
        host.get_by_label("What it is for (optional)").fill("Feedback")
        host.get_by_role("button", name="Start timer").click()
        timer = apage.locator(".countdown", has_text="Feedback")
        expect(timer).to_contain_text(":", timeout=T)
        expect(timer).to_have_class("countdown warning", timeout=T)  # the last minute from the start
        host.get_by_role("button", name="Stop timer Feedback").click()
        expect(timer).to_have_count(0, timeout=T)

        apage.get_by_label("Message to Main room").fill("I cannot hear")
        apage.locator(".room-panel").get_by_role("button", name="Send").click()
        expect(host.locator(".host-console .chat-log")).to_contain_text("I cannot hear", timeout=T)
        host.locator(".host-console").get_by_role("button", name="Hide message from Ada").click()
        expect(apage.locator(".chat-log")).to_contain_text("Message removed by a host.", timeout=T)
        assert not host.errors and not apage.errors, host.errors + apage.errors
    finally:
        hctx.close()
        actx.close()


def test_projector_follows_the_facilitator_and_axe_is_clean(browser, ws):
    server, w, fac = ws["server"], ws["w"], ws["fac"]
    ada = server.join(w, "Ada")
    proj = projector(server, w)
    fac.op("room.create", type="chill_out")
    fac.op("timer.start", seconds=300, label="Theming")
    hctx, host = open_page(browser, server, ws["wid"], w["token"])
    pctx, ppage = open_page(browser, server, ws["wid"], proj["token"], viewport={"width": 1920, "height": 1080})
    actx, apage = open_page(browser, server, ws["wid"], ada["token"])
    try:
        open_screen(host, "Theming boards")
        host.locator(".toolbar #toolbar-board").select_option(label="NOT WORKING WELL")
        host.locator(".toolbar").get_by_role("button", name="Show to everyone: NOT WORKING WELL").click()
        expect(ppage.locator(".stage-board.type-nww .board-header")).to_have_text("nww NOT WORKING WELL", timeout=T)
        expect(ppage.locator(".stage-board")).to_have_count(1)
        host.locator(".toolbar #toolbar-board").select_option(label="WORKING WELL")
        host.locator(".toolbar").get_by_role("button", name="Show to everyone: WORKING WELL").click()
        expect(ppage.locator(".stage-board.type-ww .board-header")).to_have_text("ww WORKING WELL", timeout=T)
        expect(ppage.locator(".stage-board")).to_have_count(1)
        # Read-only: no controls, the stage's big bold type, the timer big.
        expect(ppage.locator("button, input, select, textarea")).to_have_count(0)
        expect(ppage.locator(".stage-timer", has_text="Theming")).to_be_visible()
        assert "projector-mode" in ppage.evaluate("document.documentElement.className")

        host_console(host)
        for name, page in (("host", host), ("participant", apage), ("projector", ppage)):
            bad = serious_axe_violations(page)
            assert not bad, (name, [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in bad])
        assert not host.errors and not ppage.errors and not apage.errors
    finally:
        for c in (hctx, pctx, actx):
            c.close()


def test_a_facilitator_and_a_tech_host_make_projector_links(browser, ws):
    server, w, fac = ws["server"], ws["w"], ws["fac"]
    helper = server.join(w, "Hana")
    fac.op("participant.set_role", participant_id=helper["participant_id"], role="host")
    hctx, host = open_page(browser, server, ws["wid"], w["token"])
    gctx, hana = open_page(browser, server, ws["wid"], helper["token"])
    try:
        host_console(host)
        host.get_by_role("button", name="Make a projector link").click()
        link = host.get_by_label("Projector link")
        expect(link).to_have_value(re.compile(r"#token="), timeout=T)
        # A tech host sets up the big screen too, but cannot change roles.
        host_console(hana)
        expect(hana.locator("select[id^=role-]")).to_have_count(0)
        expect(hana.locator(f"#assign-{helper['participant_id']}")).to_be_visible()
        hana.get_by_role("button", name="Make a projector link").click()
        hlink = hana.get_by_label("Projector link")
        expect(hlink).to_have_value(re.compile(r"#token="), timeout=T)
        url = hlink.input_value()
        assert url != link.input_value()
        expect(hana.get_by_role("button", name="Make another projector link")).to_be_visible()
        pctx = browser.new_context(viewport={"width": 1280, "height": 720})
        ppage = pctx.new_page()
        ppage.goto(url)
        expect(ppage.locator(".conn")).to_have_text("Connected", timeout=T)
        expect(ppage.get_by_role("button", name="Raise hand")).to_have_count(0)
        expect(ppage.locator(".screen-nav")).to_have_count(0)
        # Two projector links, two projector members: the one Hana's link opened is the one online.
        expect(host.locator(".host-person.online", has_text="Projector screen")).to_have_count(1, timeout=T)
        pctx.close()
    finally:
        hctx.close()
        gctx.close()


def test_host_renames_someone_and_moves_them_back(browser, ws):
    server, w, fac = ws["server"], ws["w"], ws["fac"]
    ada = server.join(w, "Ada")
    t1 = fac.op("room.create", type="table")["room_id"]
    fac.op("room.assign", participant_id=ada["participant_id"], room_id=t1)
    hctx, host = open_page(browser, server, ws["wid"], w["token"])
    actx, apage = open_page(browser, server, ws["wid"], ada["token"])
    try:
        host_console(host)
        host.get_by_role("button", name="Rename Ada").click()
        field = host.get_by_label("New name for Ada")
        expect(field).to_be_focused(timeout=T)
        field.fill("Ada L")
        field.press("Enter")
        expect(apage.locator(".me")).to_contain_text("You: Ada L", timeout=T)
        expect(host.get_by_role("button", name="Rename Ada L")).to_be_focused(timeout=T)
        host.locator(".host-person", has_text="Ada L").get_by_role("button", name=re.compile("Move to main room")).click()
        expect(apage.locator(".where")).to_have_text("You are in: Main room", timeout=T)
    finally:
        hctx.close()
        actx.close()
