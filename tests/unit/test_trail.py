"""From an answer to what happened: a data card's trail, and the report's table of trails (for staff)."""
from server.domain.trail import trail
from server.exports.report import full_report

from .facilitation_helpers import Workshop


def test_a_data_cards_trail_goes_from_its_theme_to_the_tables_plan_and_its_status():
    w = Workshop(people=["Ada"])
    nww = next(b["id"] for b in w.state.of_kind("board") if b["type"] == "nww")
    theme = w.run(w.fac, "card.create", board_id=nww, type="theme", text="I am lonely").result["card_id"]
    card = w.run(w.fac, "card.create", board_id=nww, type="data", text="Nobody visits me").result["card_id"]
    w.run(w.fac, "card.group", card_id=card, theme_id=theme)
    rid = w.run(w.fac, "round.open", board_id=nww).result["round_id"]
    w.run(w.people[0], "vote.cast", round_id=rid, target_id=theme)
    w.run(w.fac, "round.close", round_id=rid)
    w.run(w.fac, "room.create", type="table")
    (table,) = w.run(w.fac, "tables.give_themes", round_id=rid).result["room_ids"]
    causes = next(b["id"] for b in w.state.of_kind("board") if b["type"] == "root_causes")
    w.run(w.fac, "card.create", board_id=causes, type="root_cause", text="The buses stop at six")
    assert trail(w.state, card, "2027-01-01")["plans"] == []  # no plan yet
    w.run(w.fac, "day.begin", day=2)
    ideas = next(b["id"] for b in w.state.of_kind("board") if b["type"] == "ideas")
    idea = w.run(w.fac, "card.create", board_id=ideas, type="idea", hat="C", text="A lift share").result["card_id"]
    (on_grid,) = w.run(w.fac, "grid.add", card_ids=[idea]).result["card_ids"]
    w.run(w.fac, "grid.place", card_id=on_grid, impact=0.8, effort=0.2)
    plan_board = next(b["id"] for b in w.state.of_kind("board") if b["type"] == "action_plan")
    plan = w.run(w.fac, "plan.create", board_id=plan_board, idea_id=on_grid).result["plan_id"]
    w.run(w.fac, "plan.set_status", plan_id=plan, status="at_risk", reason="No drivers yet")

    t = trail(w.state, card, "2027-01-01")
    assert t["text"] == "Nobody visits me" and t["answer"] is None  # typed in, not imported
    assert t["theme"] == {"theme_id": theme, "text": "I am lonely", "dots": 1, "cards": 1, "taken_to": None}
    assert t["table"] == {"room_id": table, "name": "Table 1"} and t["root_causes"] == ["The buses stop at six"]
    assert [(p["idea"], p["status_words"]) for p in t["plans"]] == [("A lift share", "At risk: No drivers yet")]
    assert trail(w.state, theme, "2027-01-01") is None  # only data cards have a trail

    html = full_report(list(w.state.records.values())).html()
    assert "From an answer to what happened" in html
    assert "A lift share (At risk: No drivers yet)" in html and "The buses stop at six" in html
