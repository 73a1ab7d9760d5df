"""Day 2 in Chromium: one full walk with a facilitator (Sam) and two participants (Ada, Ben).

Day 1 is set up quickly over the WebSocket (two themed tables after a closed NWW vote, root
causes and success statements); then, through the pages: Begin Day 2 and the recap, What's in
place, ideas under the three hats, the vote on ideas (keyboard and mouse), the top 3 of each
table to the grid, two ideas placed on the Investment Grid (one by mouse, one by keyboard), an
action plan with a lead, and the feedback tools. axe-core finds nothing serious on each screen.
"""
import re

import httpx
import pytest
from playwright.sync_api import expect

from .pages import Member, open_page, open_screen, serious_axe_violations

pytestmark = pytest.mark.timeout(120)


def assert_no_serious_axe_violations(page):
    bad = serious_axe_violations(page)
    assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in bad]


def records(server, w):
    return server.state(w["workshop_id"], w["token"])["records"]


def day1(server):
    """A themed, voted workshop: two tables, each with its NWW theme, root causes and success."""
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    ada = server.join(w, "Ada")
    ben = server.join(w, "Ben")
    fac = Member(server, w["workshop_id"], w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    lonely = fac.op("card.create", board_id=boards["nww"], type="theme", text="I am lonely")["card_id"]
    say = fac.op("card.create", board_id=boards["nww"], type="theme", text="I want a say in my support")["card_id"]
    fac.op("card.create", board_id=boards["nww"], type="data", text="I see nobody at weekends", theme_id=lonely)
    fac.op("card.create", board_id=boards["ww"], type="theme", text="I like my day centre")
    fac.op("card.create", board_id=boards["iff"], type="theme", text="I want to work")
    t1 = fac.op("room.create", type="table")["room_id"]
    t2 = fac.op("room.create", type="table")["room_id"]
    rnd = fac.op("round.open", board_id=boards["nww"], per_person=3, per_target=2, hidden=False)["round_id"]
    fac.op("vote.cast", round_id=rnd, target_id=lonely)
    fac.op("vote.cast", round_id=rnd, target_id=lonely)
    fac.op("vote.cast", round_id=rnd, target_id=say)
    fac.op("round.close", round_id=rnd)
    fac.op("tables.give_themes", round_id=rnd)
    fac.op("room.assign", participant_id=ada["participant_id"], room_id=t1)
    fac.op("room.assign", participant_id=ben["participant_id"], room_id=t2)
    # Whole-group time: everyone back in the main room (their own tables are kept), so drags and
    # typing hints (relayed within a room) reach everyone.
    main = next(r["id"] for r in fac.welcome["records"] if r["kind"] == "room" and r["type"] == "main")
    for p in (ada, ben):
        fac.op("room.assign", participant_id=p["participant_id"], room_id=main)
    recs = records(server, w)
    tb = {(r["room_id"], r["type"]): r["id"] for r in recs if r["kind"] == "board"}
    fac.op("card.create", board_id=tb[(t1, "root_causes")], type="root_cause", text="Buses stop at six")
    fac.op("card.create", board_id=tb[(t1, "success")], type="success", text="I see friends every week",
           perspective="people_families")
    fac.op("card.create", board_id=tb[(t2, "root_causes")], type="root_cause", text="Reviews are rushed")
    return {"w": w, "ada": ada, "ben": ben, "fac": fac, "t1": t1, "t2": t2}


def drag(page, source, x, y):
    """Press on the source, move in small steps (pointer events) to page point x, y, release."""
    s = source.bounding_box()
    sx, sy = s["x"] + s["width"] / 2, s["y"] + s["height"] / 2
    page.mouse.move(sx, sy)
    page.mouse.down()
    for i in range(1, 13):
        page.mouse.move(sx + (x - sx) * i / 12, sy + (y - sy) * i / 12)
        page.wait_for_timeout(25)


def test_day2_walk(browser, live_server):
    server = live_server
    d = day1(server)
    w, wid = d["w"], d["w"]["workshop_id"]
    fctx, fac = open_page(browser, server, wid, w["token"])
    actx, ada = open_page(browser, server, wid, d["ada"]["token"])
    bctx, ben = open_page(browser, server, wid, d["ben"]["token"], viewport={"width": 390, "height": 844})
    try:
        # -- Begin Day 2; the recap keeps Day 1 as it was, read-only.
        open_screen(fac, "Day 2")
        fac.get_by_role("button", name="Begin Day 2").click()
        fac.locator("dialog[open]").get_by_role("button", name="Begin Day 2").click()
        expect(fac.get_by_role("heading", name="Day 1, kept as it was")).to_be_visible()
        expect(fac.locator(".d2-recap")).to_contain_text("They are read-only today")
        expect(fac.locator(".d2-recap")).to_contain_text("I am lonely")
        expect(fac.locator(".d2-recap")).to_contain_text("Buses stop at six")
        expect(fac.locator(".d2-recap")).to_contain_text("I see friends every week")
        expect(fac.locator(".d2-recap")).to_contain_text("I want to work")  # Important for the Future
        assert_no_serious_axe_violations(fac)

        # -- What's in place already? Ada adds to her own table's list and to table 2's.
        open_screen(ada, "What's in place")
        expect(ada.locator(".d2-hint")).to_contain_text("no abbreviations or acronyms")
        recs = records(server, w)
        ip = {r["room_id"]: r["id"] for r in recs if r["kind"] == "board" and r["type"] == "in_place"}
        ada.locator(f"#inplace-new-{ip[d['t1']]}").fill("Library befriending group")
        ada.locator(f"#inplace-new-{ip[d['t1']]}").press("Enter")
        ada.locator(f"#inplace-new-{ip[d['t2']]}").fill("Carers centre advice line (CCAL)")
        ada.locator(f"#inplace-new-{ip[d['t2']]}").press("Enter")
        expect(ada.locator("#toast")).to_contain_text('"CCAL" may not be clear to everyone')
        open_screen(ben, "What's in place")
        expect(ben.locator(".d2-inplace-list").first).to_contain_text("Carers centre advice line")  # Ben's own table first
        expect(ben.locator(".d2-inplace")).to_have_count(2)
        assert_no_serious_axe_violations(ada)

        # -- New ideas under three hats: codes and "n of 3" progress.
        open_screen(ada, "New ideas")
        hats = ada.locator(".d2-hat")
        expect(hats.nth(0).locator("h3")).to_contain_text("Traditional (T, blue cards)")
        expect(hats.nth(1).locator("h3")).to_contain_text("Community (C, green cards)")
        expect(hats.nth(2).locator("h3")).to_contain_text("Radical (R, yellow cards)")
        for i, text in enumerate(("Peer support coffee mornings", "Befriending by neighbours", "A community choir")):
            field = hats.nth(i).locator("input[type=text]")
            field.fill(text)
            field.press("Enter")
        field = hats.nth(0).locator("input[type=text]")
        field.fill("A booklet of local groups")
        field.press("Enter")
        expect(hats.nth(0).locator(".d2-progress")).to_have_text("2 of 3 ideas")
        expect(hats.nth(1).locator(".d2-progress")).to_have_text("1 of 3 ideas")
        expect(hats.nth(0).locator(".d2-idea").first).to_contain_text("1T")
        expect(hats.nth(2).locator(".d2-idea").first).to_contain_text("1R")
        open_screen(ben, "New ideas")
        bhat = ben.locator(".d2-hat").nth(1)
        bhat.locator("input[type=text]").fill("Time banking for reviews")
        bhat.get_by_role("button", name="Add idea").click()
        expect(bhat.locator(".d2-idea")).to_contain_text("2C")
        assert_no_serious_axe_violations(ada)

        # -- Vote on ideas across every table: keyboard (Ada) and finger/mouse (Ben); then the top 3 to the grid.
        open_screen(fac, "Vote on ideas")
        fac.get_by_role("button", name="Open the vote on every table's ideas").click()
        open_screen(ada, "Vote on ideas")
        expect(ada.locator(".d2-round-state")).to_have_text("The vote is open. You have 3 of 3 dots left.")
        add = ada.get_by_role("button", name=re.compile(r"Add a dot to 1T Peer support"))
        add.focus()
        ada.keyboard.press("Enter")
        expect(ada.locator(".d2-round-state")).to_have_text("The vote is open. You have 2 of 3 dots left.")
        ada.keyboard.press("Enter")
        expect(ada.locator(".d2-round-state")).to_have_text("The vote is open. You have 1 of 3 dots left.")
        ada.keyboard.press("Enter")  # a third dot on one idea is refused in plain words
        expect(ada.locator("#toast")).to_contain_text("already put 2 dots")
        ada.get_by_role("button", name=re.compile(r"Add a dot to 1R")).click()
        open_screen(ben, "Vote on ideas")
        ben.get_by_role("button", name=re.compile(r"Add a dot to 2C")).click()
        ben.get_by_role("button", name=re.compile(r"Add a dot to 1C")).click()
        expect(ben.locator(".d2-round-state")).to_have_text("The vote is open. You have 1 of 3 dots left.")
        expect(fac.locator(".d2-vote-progress")).to_have_text("1 done – still to vote: Ben (1 dot left)")
        assert_no_serious_axe_violations(ben)
        fac.get_by_role("button", name="Close the vote").click()
        fac.get_by_role("button", name="Send the top 3 of each table to the grid").click()
        expect(fac.locator(".d2-top").first).to_contain_text("on the grid")
        # One more idea is sent from the grid (the step after the vote), not from a button on every idea here.
        expect(fac.get_by_role("button", name=re.compile("^Send to the grid"))).to_have_count(0)
        grid_ideas = [r for r in records(server, w) if r["kind"] == "card" and r["type"] == "idea" and r.get("source_id")]
        assert sorted(c["code"] for c in grid_ideas) == ["1C", "1R", "1T", "2C"]

        # -- The Investment Grid: Sam drags 1T into Quick Wins (Ada sees the drag live); Ada moves 1R by keyboard.
        open_screen(fac, "Investment Grid")
        open_screen(ada, "Investment Grid")
        expect(fac.locator(".grid-quad.q-quick_win")).to_contain_text("Quick Wins")
        expect(fac.locator(".grid-quad.q-thankless_task")).to_contain_text("Thankless Tasks")
        expect(fac.locator(".grid-tray")).to_contain_text("Not placed yet: 4")
        fac.locator(".grid-plot").evaluate("el => el.scrollIntoView({block: 'end'})")
        plot = fac.locator(".grid-plot").bounding_box()
        chip = fac.locator("button.grid-idea", has_text="1T")
        drag(fac, chip, plot["x"] + plot["width"] * 0.2, plot["y"] + plot["height"] * 0.15)
        expect(ada.locator(".grid-remote")).to_contain_text("Sam is moving 1T")
        fac.mouse.up()
        expect(fac.locator("#grid-status")).to_have_text("1T now in Quick Wins")
        expect(ada.locator(".grid-list.q-quick_win")).to_contain_text("1T")
        chip = ada.locator("button.grid-idea", has_text="1R")
        chip.focus()
        for key in ("ArrowUp", "ArrowUp", "ArrowRight", "ArrowRight"):
            ada.keyboard.press(key)
        expect(ada.locator("#grid-status")).to_have_text("1R now in Major Projects")
        expect(ada.locator("button.grid-idea", has_text="1R")).to_be_focused()
        expect(fac.locator(".grid-list.q-major_project")).to_contain_text("1R")
        by_code = {r["code"]: r for r in records(server, w) if r["kind"] == "card" and r.get("source_id")}
        assert by_code["1T"]["quadrant"] == "quick_win"
        assert by_code["1R"]["quadrant"] == "major_project" and by_code["1R"]["impact"] == 0.6
        assert_no_serious_axe_violations(ada)
        # Staff merge two similar ideas: both codes kept.
        fac.get_by_role("checkbox", name=re.compile("1C")).check()
        fac.get_by_role("checkbox", name=re.compile("2C")).check()
        fac.locator("#merge-text").fill("Neighbours and time banks")
        fac.get_by_role("button", name="Merge 2 ideas").click()
        expect(fac.locator("button.grid-idea", has_text="1C+2C")).to_contain_text("Neighbours and time banks")
        assert_no_serious_axe_violations(fac)
        # Staff add one more idea than the top 3 from the grid, by keyboard; a participant has no such button.
        expect(ada.get_by_role("button", name="Add more ideas to the grid…")).to_have_count(0)
        fac.get_by_role("button", name="Add more ideas to the grid…").focus()
        fac.keyboard.press("Enter")
        more = fac.locator("dialog[open]")
        more.get_by_role("button", name="Send to the grid").click()
        expect(more.get_by_role("alert")).to_have_text("Choose at least one idea to send to the grid.")
        more.get_by_label(re.compile("A booklet of local groups")).check()
        assert_no_serious_axe_violations(fac)
        more.get_by_role("button", name="Send to the grid").click()
        expect(fac.locator("dialog[open]")).to_have_count(0)
        expect(fac.locator(".grid-tray")).to_contain_text("A booklet of local groups")

        # -- The action plan: only Quick Wins or Major Projects; six fields; a lead from the room.
        open_screen(ada, "Action plans")
        expect(ada.locator(".plan-ideas")).to_contain_text("1T")
        expect(ada.locator(".plan-ideas")).not_to_contain_text("1C+2C")
        ada.get_by_role("button", name=re.compile("Choose this idea 1T")).click()
        status = ada.locator(".plan-status")
        expect(status).to_have_text("Not complete yet: choose a lead and write a first step for next week.")
        ada.get_by_label("What are you aiming to achieve and what issue does it relate to?").fill("Fewer lonely weekends")
        open_screen(fac, "Action plans")
        fac.get_by_label("Who will lead and who else needs to be involved?").press_sequentially("The library", delay=30)
        expect(ada.locator(".plan-field").nth(1).locator(".plan-typing")).to_have_text("Sam is typing…")
        ada.get_by_label("What can you do next week to kickstart things?").fill("Ring the library")
        ada.get_by_label("What can you do next week to kickstart things?").blur()
        expect(status).to_have_text("Not complete yet: choose a lead.")
        ada.get_by_label("Who will lead this plan?").select_option(label="Ada")
        expect(status).to_have_text("Complete: this plan has a lead and a first step for next week.")
        expect(fac.locator(".plan-overview")).to_contain_text("Table 1: 1T Peer support coffee mornings – Complete.")
        expect(fac.locator(".plan-overview")).to_contain_text("Table 2: No idea chosen yet.")
        fac.get_by_label("Who will lead and who else needs to be involved?").blur()
        expect(ada.get_by_label("Who will lead and who else needs to be involved?")).to_have_value("The library")
        plan = next(r for r in records(server, w) if r["kind"] == "action_plan")
        assert plan["fields"]["aim"] == "Fewer lonely weekends" and plan["fields"]["next_week"] == "Ring the library"
        assert plan["fields"]["involve"] == "The library" and plan["lead_id"] == d["ada"]["participant_id"] and plan["complete"]
        assert_no_serious_axe_violations(ada)

        # -- Feedback: the plan shown to everyone with the 3-minute timer.
        fac.get_by_role("button", name="Show Table 1's action plan to everyone").click()
        fac.get_by_role("button", name="Start the 3-minute timer").click()
        expect(ben.locator(".d2-plan h2")).to_have_text("Table 1: Action plan")
        timers = [r for r in records(server, w) if r["kind"] == "timer"]
        assert timers and timers[-1]["seconds"] == 180
        assert_no_serious_axe_violations(ben)
        for p in (fac, ada, ben):
            assert not p.errors, p.errors
    finally:
        for c in (fctx, actx, bctx):
            c.close()
        d["fac"].close()


def to_plans(server, d):
    """Day 2 up to a plan on Table 1's Quick Win idea, all over the WebSocket."""
    w, fac = d["w"], d["fac"]
    fac.op("day.begin", day=2)
    recs = records(server, w)
    tb = {(r["room_id"], r["type"]): r["id"] for r in recs if r["kind"] == "board"}
    idea = fac.op("card.create", board_id=tb[(d["t1"], "ideas")], type="idea", hat="C", text="Befriending by neighbours")["card_id"]
    boards = [tb[(d["t1"], "ideas")], tb[(d["t2"], "ideas")]]
    rnd = fac.op("round.open", board_id=boards[0], board_ids=boards, per_person=3, per_target=2, hidden=False)["round_id"]
    fac.op("vote.cast", round_id=rnd, target_id=idea)
    fac.op("round.close", round_id=rnd)
    (copy,) = fac.op("grid.add_top", round_id=rnd, per_table=3)["card_ids"]
    fac.op("grid.place", card_id=copy, impact=0.8, effort=0.2)
    plan = fac.op("plan.create", board_id=tb[(d["t1"], "action_plan")], idea_id=copy)["plan_id"]
    return tb, plan


def test_a_field_being_edited_is_never_overwritten_and_the_projector_follows(browser, live_server):
    server = live_server
    d = day1(server)
    w, wid = d["w"], d["w"]["workshop_id"]
    tb, plan = to_plans(server, d)
    actx, ada = open_page(browser, server, wid, d["ada"]["token"], viewport={"width": 390, "height": 844})
    try:
        open_screen(ada, "Action plans")
        aim = ada.get_by_label("What are you aiming to achieve and what issue does it relate to?")
        expect(ada.locator(".plan-status")).to_have_text("Not complete yet: choose a lead and write a first step for next week.")
        # Sam saves "involve" while Ada is elsewhere: her page shows it at once.
        d["fac"].op("plan.update", plan_id=plan, field="involve", text="The library and the day centre")
        expect(ada.get_by_label("Who will lead and who else needs to be involved?")).to_have_value("The library and the day centre")
        # Ada writes the aim; before it saves, Sam saves the same field: her words stay under her cursor.
        aim.click()
        aim.press_sequentially("Fewer lonely", delay=10)
        d["fac"].op("plan.update", plan_id=plan, field="aim", text="Weekends with company")
        note = ada.locator(".plan-conflict")
        expect(note).to_contain_text("Sam changed this")
        expect(aim).to_have_value("Fewer lonely")
        expect(aim).to_be_focused()
        aim.press_sequentially(" weekends", delay=10)
        ada.wait_for_timeout(1800)  # longer than the pause after which a field saves itself
        assert next(r for r in records(server, w) if r["id"] == plan)["fields"]["aim"] == "Weekends with company"
        note.get_by_role("button", name="see their version").click()
        expect(note.locator("blockquote")).to_have_text("Weekends with company")
        assert_no_serious_axe_violations(ada)
        note.get_by_role("button", name="Keep mine and save it").click()
        expect(note).to_have_count(0)
        expect(aim).to_have_value("Fewer lonely weekends")

        def saved_aim():
            return next(r for r in records(server, w) if r["id"] == plan)["fields"]["aim"]
        for _ in range(50):
            if saved_aim() == "Fewer lonely weekends":
                break
            ada.wait_for_timeout(100)
        assert saved_aim() == "Fewer lonely weekends"
        # Even a field only clicked into is not changed under the cursor.
        diff = ada.get_by_label("How will you know you are making a difference?")
        diff.click()
        d["fac"].op("plan.update", plan_id=plan, field="difference", text="People tell us at reviews")
        note = ada.locator(".plan-field").nth(4).locator(".plan-conflict")
        expect(note).to_contain_text("Sam changed this")
        expect(diff).to_have_value("")
        # Nothing was typed there, so leaving the field (here to see their version) shows theirs.
        note.get_by_role("button", name="see their version").click()
        expect(diff).to_have_value("People tell us at reviews")
        expect(note).to_have_count(0)
        # The lead must be someone in the workshop: the select lists people, not the projector.
        r = httpx.post(f"{server.base_url}/api/workshops/{wid}/projector", headers={"Authorization": f"Bearer {w['token']}"}, timeout=10)
        assert r.status_code == 201, r.text
        options = ada.get_by_label("Who will lead this plan?").locator("option").all_text_contents()
        assert options == ["No lead yet", "Ada", "Ben", "Sam"], options
        # Feedback: shown to everyone; the projector follows, read-only, in large type.
        pctx, proj = open_page(browser, server, wid, r.json()["token"], viewport={"width": 1920, "height": 1080})
        try:
            d["fac"].op("workshop.show", board_id=tb[(d["t1"], "action_plan")])
            expect(proj.locator(".stage-one .board-header")).to_have_text("Table 1: Action plan", timeout=10000)
            expect(proj.locator(".stage-one")).to_contain_text("Fewer lonely weekends")
            expect(proj.locator("textarea, select, button, input")).to_have_count(0)
            assert_no_serious_axe_violations(proj)
            assert not proj.errors, proj.errors
        finally:
            pctx.close()
        assert not ada.errors, ada.errors
    finally:
        actx.close()
        d["fac"].close()


def test_finger_drag_on_the_grid_on_a_phone(browser, live_server):
    """A touch drag (Pointer Events, touch-action: none on the idea) places an idea on a 390px phone."""
    server = live_server
    d = day1(server)
    w, wid, fac = d["w"], d["w"]["workshop_id"], d["fac"]
    fac.op("day.begin", day=2)
    tb = {(r["room_id"], r["type"]): r["id"] for r in records(server, w) if r["kind"] == "board"}
    idea = fac.op("card.create", board_id=tb[(d["t1"], "ideas")], type="idea", hat="R", text="A community choir")["card_id"]
    boards = [tb[(d["t1"], "ideas")], tb[(d["t2"], "ideas")]]
    rnd = fac.op("round.open", board_id=boards[0], board_ids=boards, per_person=3, per_target=2, hidden=False)["round_id"]
    fac.op("vote.cast", round_id=rnd, target_id=idea)
    fac.op("round.close", round_id=rnd)
    fac.op("grid.add_top", round_id=rnd, per_table=3)
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    try:
        page.goto(f"{server.base_url}/w/{wid}#token={d['ada']['token']}")
        expect(page.locator(".conn")).to_have_text("Connected", timeout=15000)
        open_screen(page, "Investment Grid")
        page.locator(".grid-plot").evaluate("el => el.scrollIntoView({block: 'end'})")
        chip = page.locator("button.grid-idea", has_text="1R").bounding_box()
        plot = page.locator(".grid-plot").bounding_box()
        x0, y0 = chip["x"] + chip["width"] / 2, chip["y"] + chip["height"] / 2
        x1, y1 = plot["x"] + plot["width"] * 0.85, plot["y"] + plot["height"] * 0.9
        cdp = context.new_cdp_session(page)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
        for i in range(1, 11):
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x0 + (x1 - x0) * i / 10, "y": y0 + (y1 - y0) * i / 10}]})
            page.wait_for_timeout(30)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        expect(page.locator("#grid-status")).to_have_text("1R now in Thankless Tasks")
        expect(page.locator(".grid-list.q-thankless_task")).to_contain_text("1R")
        placed = next(r for r in records(server, w) if r["kind"] == "card" and r.get("source_id") == idea)
        assert placed["quadrant"] == "thankless_task"
        assert not page.errors, page.errors
    finally:
        context.close()
        fac.close()
