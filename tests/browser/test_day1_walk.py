"""Day 1 in Chromium, from theming to table feedback, with a facilitator and two participants.

Ada themes a card and votes by keyboard only; Ben votes with the mouse; the facilitator closes the
vote, gives the top themes to tables, and shows Table 1's boards to everyone with a 3-minute timer.
At Table 1 Ada writes a why-chain and three root causes ("3 of 3") and fills the three success
perspectives (a second statement for a filled one is edited, not added). axe-core finds no
serious or critical problem on each screen.
"""
import os
import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from .pages import Member, close_menu, open_menu, open_page, open_screen

pytestmark = pytest.mark.timeout(90)
SHOTS = os.environ.get("COBOARD_SHOTS")  # a folder: save screenshots there to look at them


def axe_clean(page: Page, where: str):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, f"{where}: {results.generate_report()}"


def shot(page: Page, name: str):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)



def theme_card(page: Page, text: str):
    return page.locator("li.vote-theme").filter(has=page.locator("h3", has_text=text))


def press_tab_to(page: Page, label: str, limit=60):
    """Tab (keyboard only) until the focused element's accessible name is `label`."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.getAttribute('aria-label')") == label:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {label!r} by Tab")


def test_day1_walk(browser, live_server):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam", purpose="Better day services together")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    ben = server.join(w, "Ben")
    fac = Member(server, wid, w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    for t in ("I am lonely", "I want a say in my support", "I can't get to town"):
        fac.op("card.create", board_id=boards["nww"], type="theme", text=t)
    fac.op("card.create", board_id=boards["nww"], type="data", text="Nobody asks me what I want")
    fac.op("welcome.update", team=[{"name": "Sam", "role": "Facilitator"}, {"name": "Jo", "role": "Recorder"}],
           parking_reviewer="Jo")
    table1 = fac.op("room.create", type="table")["room_id"]
    table2 = fac.op("room.create", type="table")["room_id"]
    fac.op("room.assign", participant_id=ada["participant_id"], room_id=table1)
    fac.op("room.assign", participant_id=ben["participant_id"], room_id=table2)

    fctx, fpage = open_page(browser, server, wid, w["token"])
    actx, apage = open_page(browser, server, wid, ada["token"])
    bctx, bpage = open_page(browser, server, wid, ben["token"], viewport={"width": 390, "height": 844})
    try:
        # Welcome: purpose, ways of working, team with roles, stages, questions, the reviewer.
        open_screen(apage, re.compile("Welcome$"))
        welcome = apage.locator(".welcome")
        expect(welcome).to_contain_text("Better day services together")
        expect(welcome).to_contain_text("Mobiles on silent")
        expect(welcome.locator(".team-list")).to_contain_text("Jo: Recorder")
        expect(welcome.locator(".stages li")).to_have_count(8)
        expect(welcome).to_contain_text("What is not working well for you?")
        expect(welcome.locator(".reviewer")).to_contain_text("Jo")
        axe_clean(apage, "welcome")
        shot(apage, "welcome")

        # The agenda strip: the facilitator starts the day and moves on; everyone sees it.
        expect(apage.locator("[data-testid=agenda-now]")).to_have_text("Not started yet")
        fpage.get_by_role("button", name="Next: Welcome").click()
        expect(apage.locator("[data-testid=agenda-now]")).to_have_text("10:00 Welcome")
        expect(apage.locator("[data-testid=agenda-next]")).to_have_text(re.compile("10:20 Discuss"))
        expect(apage.get_by_role("button", name=re.compile("^Next:"))).to_have_count(0)  # only the facilitator

        # Theming: Ada puts the data card into a theme with the keyboard.
        open_screen(apage, re.compile("Theming"))
        apage.locator("button.data-card", has_text="Nobody asks me").focus()
        apage.keyboard.press("Enter")
        apage.locator("dialog[open]").get_by_role("button", name=re.compile("^I want a say")).click()
        expect(apage.locator("li.theme", has_text="I want a say").locator("button.data-card")).to_have_count(1)

        # The facilitator opens the vote on the NWW board by keyboard, through "Vote settings…": the
        # screen itself holds the board and no form; the dialog starts at the guide's 3 dots, at most
        # 2 on one theme, and refuses a wrong setting in plain words.
        open_screen(fpage, re.compile("Dot voting"))
        expect(fpage.locator(".voting input")).to_have_count(0)
        fpage.get_by_role("button", name="Vote settings…").focus()
        fpage.keyboard.press("Enter")
        dialog = fpage.locator("dialog[open]")
        expect(dialog.get_by_role("heading")).to_have_text("Vote settings: NOT WORKING WELL")
        expect(dialog.get_by_label("Dots a person")).to_be_focused()
        expect(dialog.get_by_label("Dots a person")).to_have_value("3")
        expect(dialog.get_by_label("Most dots on one theme")).to_have_value("2")
        axe_clean(fpage, "vote settings")
        fpage.keyboard.press("Tab")
        fpage.keyboard.type("5")  # after the 2: "25", more than the dots a person has
        fpage.keyboard.press("Enter")
        expect(dialog.get_by_role("alert")).to_contain_text("no more than the dots a person has")
        dialog.get_by_label("Most dots on one theme").fill("2")
        dialog.get_by_label("Most dots on one theme").press("Enter")
        expect(fpage.get_by_role("button", name="Close the vote")).to_be_visible()
        expect(fpage.locator("dialog[open]")).to_have_count(0)
        expect(apage.locator("#announcer")).to_contain_text("A vote is open")  # said politely to Ada

        # Ada votes by keyboard only.
        open_screen(apage, re.compile("Dot voting"))
        expect(apage.locator("[data-testid=dots-left]")).to_have_text("You have 3 dots left")
        apage.locator("[data-testid=dots-left]").click()  # a start point for Tab
        press_tab_to(apage, "Add a dot to I am lonely")
        apage.keyboard.press("Enter")
        expect(apage.locator("[data-testid=dots-left]")).to_have_text("You have 2 dots left")
        apage.keyboard.press("Enter")
        expect(apage.locator("[data-testid=dots-left]")).to_have_text("You have 1 dot left")
        apage.keyboard.press("Enter")  # a third on one theme is not allowed: said, not sent
        expect(apage.locator("#toast")).to_contain_text("the most on one theme")
        press_tab_to(apage, "Add a dot to I can't get to town")
        apage.keyboard.press("Enter")
        expect(apage.locator("[data-testid=dots-left]")).to_have_text("You have used all your dots")
        press_tab_to(apage, "Take a dot back from I can't get to town")
        apage.keyboard.press("Enter")
        expect(apage.locator("[data-testid=dots-left]")).to_have_text("You have 1 dot left")
        press_tab_to(apage, "Add a dot to I want a say in my support")
        apage.keyboard.press("Enter")
        expect(apage.locator("[data-testid=dots-left]")).to_have_text("You have used all your dots")
        expect(theme_card(apage, "I am lonely").locator(".dots")).to_have_attribute("aria-label", re.compile("I am lonely: 2 dots"))
        axe_clean(apage, "voting")
        shot(apage, "voting-ada")
        open_menu(apage)  # the display settings are in the Menu when the header has no room for them
        apage.get_by_role("button", name="High contrast").click()
        close_menu(apage)
        axe_clean(apage, "voting, high contrast")
        shot(apage, "voting-high-contrast")
        open_menu(apage)
        apage.get_by_role("button", name="High contrast").click()
        close_menu(apage)

        # Staff see who still has dots; Ben (phone) votes one dot with the mouse, then abstains.
        progress = fpage.locator(".vote-progress")
        expect(progress).to_contain_text("Ben: 3 dots left")
        expect(progress).not_to_contain_text("Ada:")
        open_screen(bpage, re.compile("Dot voting"))
        theme_card(bpage, "I want a say").get_by_role("button", name="Add a dot to I want a say in my support").click()
        expect(bpage.locator("[data-testid=dots-left]")).to_have_text("You have 2 dots left")
        bpage.get_by_role("button", name="I won't vote this time").click()
        expect(progress).to_contain_text("Not voting this time: Ben")
        expect(progress).to_contain_text("Everyone has used all their dots")
        shot(bpage, "voting-phone")
        shot(fpage, "voting-staff")

        # Close: results sorted by dots, ties as ties.
        fpage.get_by_role("button", name="Close the vote").click()
        results = apage.locator(".vote-results .result")
        expect(results).to_have_count(3)
        expect(results.nth(0)).to_contain_text(re.compile(r"joint 1st\s+I (am lonely|want a say)"))
        expect(results.nth(1)).to_contain_text("joint 1st")
        expect(results.nth(2)).to_contain_text(re.compile(r"3rd\s+I can't get to town"))
        axe_clean(fpage, "results (staff)")

        # Give the top 2 themes to the 2 tables.
        give = fpage.locator(".give-themes")
        expect(give.get_by_label("How many tables")).to_have_value("2")
        give.get_by_role("button", name="Give 2 themes to tables").click()
        expect(fpage.locator(".tables-summary")).to_contain_text("Table 1: I am lonely")
        expect(fpage.locator(".tables-summary")).to_contain_text("Table 2: I want a say in my support")
        shot(fpage, "results")

        # Ada's table: theme at the top, the why-chain, then 3 root causes.
        open_screen(apage, re.compile("Our table"))
        expect(apage.locator(".theme-at-top")).to_have_text(re.compile("I am lonely"))
        rc = apage.locator(".root-causes")
        for i, step in enumerate(("Why am I lonely? I stay at home", "Because the bus stopped running",
                                  "Because the council cut the route")):
            field = rc.locator("input[id^=why-new]")
            field.fill(step)
            field.press("Enter")
            expect(rc.locator(".why-step")).to_have_count(i + 1)
        expect(rc.locator(".why-step").first).to_contain_text("Why?")
        expect(rc.locator(".why-step").nth(1)).to_contain_text("Because…")
        expect(rc.locator("[data-testid=rc-progress]")).to_have_text("0 of 3")
        for i, cause in enumerate(("No transport at weekends", "Nobody asks what we need", "Money goes elsewhere")):
            field = rc.locator("input[id^=cause-new]")
            field.fill(cause)
            field.press("Enter")
            expect(rc.locator("[data-testid=rc-progress]")).to_have_text(f"{i + 1} of 3")
        expect(rc.locator(".rc-card")).to_have_count(3)
        # A root cause is changed in place (the most is three, so change rather than add).
        rc.get_by_role("button", name="Edit root cause: Money goes elsewhere").click()
        edit = rc.get_by_label("Change the root cause")
        expect(edit).to_be_focused()
        edit.fill("The money goes to other services")
        edit.press("Enter")
        expect(rc.locator(".rc-card").nth(2)).to_contain_text("The money goes to other services")
        expect(rc.get_by_role("button", name="Edit root cause: The money goes to other services")).to_be_focused()
        expect(rc.locator("input[id^=cause-new]")).to_have_count(0)  # three is the most

        # Success: the three perspectives, each with its text label.
        sc = apage.locator(".success")
        expect(sc.locator(".board-header")).to_have_text("Identifying success")
        for key, text in (("people_families", "I see friends every week"), ("providers", "We plan transport with people")):
            slot = sc.locator(f"[data-perspective={key}]")
            slot.locator("input").fill(text)
            slot.locator("input").press("Enter")
            expect(slot.locator(".success-text")).to_have_text(text)
        # Two people fill the same slot: Ada is offline while the facilitator writes the buyers'
        # statement; when Ada's goes through, the server's conflict message is shown at the slot.
        st = server.state(wid, w["token"])
        sboard = next(r["id"] for r in st["records"] if r["kind"] == "board" and r["type"] == "success" and r["room_id"] == table1)
        actx.set_offline(True)
        expect(apage.locator(".conn")).not_to_have_text("Connected", timeout=15000)
        fac.op("card.create", board_id=sboard, type="success", perspective="buyers", text="We fund weekend buses")
        slot = sc.locator("[data-perspective=buyers]")
        slot.locator("input").fill("We buy what people choose")
        slot.locator("input").press("Enter")
        actx.set_offline(False)
        expect(slot.locator("[role=alert]")).to_contain_text("There is already a statement for People who buy services", timeout=20000)
        expect(slot.locator(".success-text")).to_have_text("We fund weekend buses")
        expect(sc.locator("[data-perspective=people_families] h4")).to_contain_text("People and families (an I statement, green)")
        expect(sc.locator("[data-perspective=buyers] h4")).to_contain_text("People who buy services (a we statement, blue)")
        # A filled slot is edited, not duplicated.
        slot = sc.locator("[data-perspective=providers]")
        slot.get_by_role("button", name=re.compile("^Edit")).click()
        slot.locator("input").fill("We plan transport together with people")
        slot.locator("input").press("Enter")
        expect(slot.locator(".success-text")).to_have_text("We plan transport together with people")
        axe_clean(apage, "table")
        shot(apage, "table")
        open_menu(apage)  # the display settings are in the Menu when the header has no room for them
        apage.get_by_role("button", name="High contrast").click()
        close_menu(apage)
        axe_clean(apage, "table, high contrast")
        shot(apage, "table-high-contrast")
        open_menu(apage)
        apage.get_by_role("button", name="High contrast").click()
        close_menu(apage)

        # Still exactly one statement per perspective on the server.
        st = server.state(wid, w["token"])
        assert sum(1 for r in st["records"] if r["kind"] == "card" and r["board_id"] == sboard and r["type"] == "success") == 3

        # Table feedback: the facilitator shows Table 1's boards to everyone with a 3-minute timer
        # (the feedback controls are there at feedback time, not during root causes and success).
        open_screen(fpage, re.compile("Tables"))
        expect(fpage.locator(".feedback-bar")).to_have_count(0)
        fac.op("workshop.update", activity="table_feedback_1")
        fpage.get_by_role("button", name="Show Table 1 to everyone (3 minutes)").click()
        expect(fpage.locator(".feedback-bar")).to_contain_text("Showing to everyone: Table 1")
        expect(bpage.locator(".theme-at-top")).to_have_text(re.compile("I am lonely"))  # Ben follows
        st = server.state(wid, w["token"])
        timers = [r for r in st["records"] if r["kind"] == "timer" and r.get("status") == "running"]
        assert [(t["seconds"], t["label"]) for t in timers] == [(180, "Table 1 feedback")]
        expect(bpage.locator(".countdown", has_text="Table 1 feedback")).to_be_visible()  # the room's timer display
        expect(bpage.locator(".showing-board")).to_contain_text("Identifying success")  # both boards shown
        shot(bpage, "feedback-phone")
        # The projector on the big screen shows the same table, with the countdown.
        r = httpx.post(f"{server.base_url}/api/workshops/{wid}/projector", headers={"Authorization": f"Bearer {w['token']}"}, timeout=10)
        assert r.status_code == 201, r.text
        pctx, ppage = open_page(browser, server, wid, r.json()["token"], viewport={"width": 1920, "height": 1080})
        try:
            expect(ppage.locator(".stage-one .stage-table-theme")).to_have_text(re.compile("I am lonely"))
            expect(ppage.locator(".stage-one")).to_contain_text("Identifying success")  # both boards, side by side
            expect(ppage.locator(".stage-timer", has_text="Table 1 feedback")).to_be_visible()
            expect(ppage.locator("button, input, select, textarea")).to_have_count(0)
            axe_clean(ppage, "projector, table feedback")
            shot(ppage, "feedback-projector")
        finally:
            pctx.close()
        fpage.get_by_role("button", name="Next table: Table 2").click()
        expect(bpage.locator(".theme-at-top")).to_have_text(re.compile("I want a say"))
        expect(fpage.locator(".feedback-bar")).to_contain_text("That was the last table")
        expect(bpage.locator(".countdown", has_text="Table 2 feedback")).to_be_visible()
        expect(bpage.locator(".countdown", has_text="Table 1 feedback")).to_have_count(0)  # one countdown at a time
        shot(fpage, "feedback-staff")

        # Parking space: one step from any screen; staff mark it reviewed with a response.
        apage.get_by_role("button", name="Add to the parking space").first.click()
        apage.locator("dialog[open] input").fill("What about transport costs?")
        apage.locator("dialog[open] input").press("Enter")
        expect(apage.locator("dialog[open]")).to_have_count(0)
        open_screen(fpage, re.compile("Parking space"))
        item = fpage.locator(".parking-item", has_text="What about transport costs?")
        expect(item).to_be_visible()
        expect(fpage.locator(".parking")).to_contain_text("Reviewed by: Jo")
        item.get_by_label("Response (optional)").fill("Jo will ask the council")
        item.get_by_role("button", name=re.compile("^Mark reviewed")).click()
        open_screen(apage, re.compile("Parking space"))
        expect(apage.locator(".parking-item.reviewed")).to_contain_text("Jo will ask the council")
        axe_clean(fpage, "parking")
        shot(fpage, "parking")
        assert not fpage.errors and not apage.errors and not bpage.errors, fpage.errors + apage.errors + bpage.errors
    finally:
        for c in (actx, bctx, fctx):
            c.close()
        fac.close()


def test_agenda_and_welcome_editing(browser, live_server):
    """The facilitator edits the agenda (a time, a new item with its boards) and the welcome board;
    participants see it live; the dialogs keep focus and pass axe; a projector sees the strip."""
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fctx, fpage = open_page(browser, server, wid, w["token"])
    actx, apage = open_page(browser, server, wid, ada["token"], viewport={"width": 390, "height": 844})
    try:
        # Edit the agenda: Welcome starts at 09:45, and a new Day 1 item "Icebreaker" uses the parking space.
        fpage.locator(".toolbar-more > summary").click()  # the toolbar's More menu
        fpage.get_by_role("button", name="Edit agenda").click()
        dialog = fpage.locator("dialog[open]")
        expect(dialog.get_by_role("heading", name="Edit the agenda")).to_be_visible()
        axe_clean(fpage, "agenda dialog")
        dialog.locator("#agenda-welcome-time").fill("09:45")
        dialog.get_by_role("button", name="Add an item to Day 1").click()
        new_title = dialog.locator(".agenda-edit-title input").nth(14)  # after Day 1's 14 items
        expect(new_title).to_be_focused()
        new_title.fill("Icebreaker")
        new_item = dialog.locator(".agenda-edit-item").nth(14)
        new_item.locator(".agenda-edit-time input").fill("9.30")
        dialog.get_by_role("button", name="Save the agenda").click()
        expect(dialog.get_by_role("alert")).to_contain_text("like 10:40")  # said before sending
        new_item.locator(".agenda-edit-time input").fill("15:10")
        new_item.locator(".agenda-edit-boards summary").click()
        new_item.get_by_label("Parking space").check()
        shot(fpage, "agenda-dialog")
        dialog.get_by_role("button", name="Save the agenda").click()
        expect(fpage.locator("dialog[open]")).to_have_count(0)
        expect(fpage.get_by_role("button", name="Edit agenda")).to_be_focused()
        expect(apage.locator("[data-testid=agenda-next]")).to_have_text("09:45 Welcome")
        st = server.state(wid, w["token"])
        agenda = next(r for r in st["records"] if r["kind"] == "workshop")["agenda"]
        ice = next(it for it in agenda if it["title"] == "Icebreaker")
        assert (ice["time"], ice["boards"], ice["day"]) == ("15:10", ["parking"], 1)
        assert [it["title"] for it in agenda].index("Icebreaker") == 14  # at the end of Day 1

        # Move on twice; Ada hears and sees it, with the board links of the activity.
        fpage.get_by_role("button", name="Next: Welcome").click()
        fpage.get_by_role("button", name="Next: Discuss the Working Together for Change approach").click()
        expect(apage.locator("[data-testid=agenda-now]")).to_have_text("10:20 Discuss the Working Together for Change approach")
        expect(apage.locator("#announcer")).to_contain_text("Now: Discuss")
        apage.locator(".agenda-now").get_by_role("button", name="Welcome").click()
        expect(apage.locator(".welcome")).to_be_visible()
        # Following the facilitator follows the agenda: Ada is taken to the activity's screen.
        fac = Member(server, wid, w["token"])
        fac.op("workshop.update", activity="voting")
        expect(apage.locator(".voting")).to_be_visible()
        fac.op("workshop.update", activity="approach")
        expect(apage.locator(".welcome")).to_be_visible()
        fac.close()

        # The team and the reviewer; the ways of working.
        open_screen(fpage, re.compile("Welcome$"))
        fpage.get_by_role("button", name="Edit the team").click()
        dialog = fpage.locator("dialog[open]")
        dialog.get_by_label("Name 1").fill("Temp")
        dialog.get_by_role("button", name="Add a person").click()
        expect(dialog.get_by_label("Name 2")).to_be_focused()
        dialog.get_by_label("Name 2").fill("Sam")
        dialog.get_by_role("button", name="Remove Temp").click()  # rows keep their own names
        expect(dialog.get_by_label("Name 1")).to_have_value("Sam")
        dialog.get_by_role("button", name="Add a person").click()
        dialog.get_by_label("Name 2").fill("Priya")
        dialog.get_by_label("Role 2").select_option("Idea Seeder")
        dialog.get_by_label("Parking space reviewer").fill("Priya")
        axe_clean(fpage, "team dialog")
        dialog.get_by_role("button", name="Save").click()
        expect(apage.locator(".team-list")).to_contain_text("Priya: Idea Seeder")
        expect(apage.locator(".team-list li")).to_have_count(2)
        expect(apage.locator(".reviewer")).to_contain_text("Priya")
        fpage.get_by_role("button", name="Edit ways of working").click()
        dialog = fpage.locator("dialog[open]")
        dialog.get_by_label("In the room (one a line)").fill("Expect some mistakes\nTea is at the back")
        dialog.get_by_role("button", name="Save").click()
        expect(apage.locator(".welcome")).to_contain_text("Tea is at the back")
        expect(apage.locator(".welcome")).not_to_contain_text("Mobiles on silent")
        expect(apage.get_by_role("button", name="Edit the team")).to_have_count(0)  # participants only read
        axe_clean(apage, "welcome (phone)")
        shot(apage, "welcome-phone")

        # Large text on a phone: the strip still fits (no sideways scrolling).
        apage.locator(".page-menu > summary").click()  # on a phone, display settings are in the Menu
        apage.get_by_role("button", name="Large text").click()
        assert apage.evaluate("document.documentElement.scrollWidth") <= 390 + 1
        shot(apage, "welcome-phone-large")

        # A projector sees what is happening now, and no buttons to change it.
        r = httpx.post(f"{server.base_url}/api/workshops/{wid}/projector", headers={"Authorization": f"Bearer {w['token']}"}, timeout=10)
        assert r.status_code == 201, r.text
        pctx, ppage = open_page(browser, server, wid, r.json()["token"], viewport={"width": 1920, "height": 1080})
        try:
            expect(ppage.locator("[data-testid=stage-now]")).to_have_text("Discuss the Working Together for Change approach")
            expect(ppage.locator("button")).to_have_count(0)
            shot(ppage, "projector")
        finally:
            pctx.close()
        assert not fpage.errors and not apage.errors, fpage.errors + apage.errors
    finally:
        actx.close()
        fctx.close()
