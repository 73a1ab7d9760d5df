"""A tie at a table's cut-off for the Day 2 top 3 (rule G4), in Chromium.

Table 1's ideas have 2, 2, 1 and 1 dots: the two with 1 dot are joint 3rd. "Send the top 3 of
each table to the grid" asks the facilitator which of them go (nothing is sent before), says
"joint 3rd" as Day 1 does, refuses an empty choice in plain words, and then sends the top ideas
with the chosen one.
"""
import os

import pytest
from playwright.sync_api import expect

from .pages import Member, T, open_page, serious_axe_violations
from .test_day2_walk import day1, records

pytestmark = pytest.mark.timeout(180)
SHOTS = os.environ.get("COBOARD_SHOTS")


def test_the_facilitator_chooses_between_ideas_tied_at_the_cut(browser, live_server):
    server = live_server
    d = day1(server)
    w, wid, fac = d["w"], d["w"]["workshop_id"], d["fac"]
    fac.op("day.begin", day=2)
    recs = records(server, w)
    ideas_board = {r["room_id"]: r["id"] for r in recs if r["kind"] == "board" and r["type"] == "ideas"}
    one = ideas_board[d["t1"]]
    made = {}
    for text, hat in (("Peer support coffee mornings", "T"), ("Befriending by neighbours", "C"),
                      ("A community choir", "R"), ("A booklet of local groups", "T")):
        made[text] = fac.op("card.create", board_id=one, type="idea", hat=hat, text=text)["card_id"]
    other = fac.op("card.create", board_id=ideas_board[d["t2"]], type="idea", hat="C", text="Time banking")["card_id"]
    rnd = fac.op("round.open", board_id=one, board_ids=[one, ideas_board[d["t2"]]])["round_id"]
    ada = Member(server, wid, d["ada"]["token"])
    ben = Member(server, wid, d["ben"]["token"])
    try:
        for who, target in ((fac, "Peer support coffee mornings"), (fac, "Peer support coffee mornings"),
                            (fac, "Befriending by neighbours"), (ada, "Befriending by neighbours"),
                            (ada, "A community choir"), (ada, "A booklet of local groups")):
            who.op("vote.cast", round_id=rnd, target_id=made[target])
        ben.op("vote.cast", round_id=rnd, target_id=other)
        fac.op("round.close", round_id=rnd)
        fac.op("workshop.update", activity="idea_voting")
    finally:
        ada.close()
        ben.close()
    fctx, page = open_page(browser, server, wid, w["token"], viewport={"width": 1280, "height": 900})
    try:
        expect(page.locator(".screen-idea-vote")).to_be_visible(timeout=T)
        expect(page.locator(".d2-joint")).to_have_count(2)
        expect(page.locator(".d2-joint").first).to_contain_text("Joint 3rd")
        page.get_by_role("button", name="Send the top 3 of each table to the grid").click()
        dialog = page.locator("dialog[open]")
        expect(dialog.get_by_role("heading", name="Choose between tied ideas")).to_be_visible()
        expect(dialog.locator("legend")).to_have_count(1)  # table 2 has no tie
        expect(dialog.locator("legend")).to_have_text("Table 1: joint 3rd, 1 dot each")
        expect(dialog.get_by_role("checkbox")).to_have_count(2)
        assert not serious_axe_violations(page)
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, "grid-ties-dialog.png"))
        # Nothing goes before the facilitator chooses; an empty choice is refused in plain words.
        assert not [r for r in records(server, w) if r["kind"] == "card" and r.get("source_id")]
        dialog.get_by_role("button", name="Send to the grid").click()
        expect(dialog.get_by_role("alert")).to_have_text("Choose at least one idea for Table 1.")
        dialog.get_by_role("checkbox", name="A community choir").check()
        dialog.get_by_role("button", name="Send to the grid").click()
        expect(page.locator("dialog[open]")).to_have_count(0, timeout=T)
        expect(page.locator("#toast")).to_contain_text("4 ideas sent to the Investment Grid.", timeout=T)
        sent = sorted(r["text"] for r in records(server, w) if r["kind"] == "card" and r.get("source_id"))
        assert sent == ["A community choir", "Befriending by neighbours", "Peer support coffee mornings", "Time banking"]
        assert not page.errors, page.errors
    finally:
        fctx.close()
        fac.close()
