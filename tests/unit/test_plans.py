"""Day 2: voting on all tables' ideas, the top ideas to the grid, and action plans (rules P1–P3)."""
import pytest

from server.domain.errors import Rejected
from server.domain.plans import QUESTIONS

from .facilitation_helpers import Workshop


@pytest.fixture
def day2():
    w = Workshop(people=["Ada", "Bob"])
    tables = [w.run(w.fac, "room.create", type="table").result["room_id"] for _ in range(2)]
    boards = [w.run(w.fac, "board.create", type="ideas", room_id=t).result["board_id"] for t in tables]
    ideas = {}
    for n, board in enumerate(boards, 1):
        for hat in "TCR":
            ideas[f"{n}{hat}"] = w.run(w.fac, "card.create", board_id=board, type="idea", hat=hat,
                                       text=f"Idea {n}{hat}").result["card_id"]
    plan_board = w.run(w.fac, "board.create", type="action_plan", room_id=tables[0]).result["board_id"]
    w.run(w.fac, "room.assign", participant_id=w.people[0], room_id=tables[0])
    return w, boards, ideas, plan_board


def test_grid_add_top_sends_the_top_ideas_of_each_table_from_one_round_across_every_table(day2):
    w, boards, ideas, _ = day2
    rid = w.run(w.fac, "round.open", board_id=boards[0], board_ids=boards).result["round_id"]
    for person, picks in zip(w.people, (["1T", "1T", "2R"], ["1C", "2R", "2C"])):
        for code in picks:
            w.run(person, "vote.cast", round_id=rid, target_id=ideas[code])
    with pytest.raises(Rejected):
        w.run(w.fac, "round.open", board_id=boards[1])  # that board is in the open round
    w.run(w.fac, "round.close", round_id=rid)
    copies = w.run(w.fac, "grid.add_top", round_id=rid, per_table=2).result["card_ids"]
    assert [w.get(c)["code"] for c in copies] == ["1T", "1C", "2R", "2C"]
    assert w.run(w.fac, "grid.add_top", round_id=rid, per_table=2).put == []  # already there


def plan_for(w, ideas, plan_board, impact, effort):
    (on_grid,) = w.run(w.fac, "grid.add", card_ids=[ideas["1T"]]).result["card_ids"]
    w.run(w.fac, "grid.place", card_id=on_grid, impact=impact, effort=effort)
    return on_grid


def test_P1_plans_are_for_quick_wins_or_major_projects_only(day2):
    w, _, ideas, plan_board = day2
    idea = plan_for(w, ideas, plan_board, impact=0.2, effort=0.8)
    with pytest.raises(Rejected) as e:
        w.run(w.people[0], "plan.create", board_id=plan_board, idea_id=idea)
    assert e.value.code == "invalid" and "Thankless Tasks" in e.value.message and "1T" in e.value.message
    w.run(w.fac, "grid.place", card_id=idea, impact=0.9, effort=0.7)
    plan = w.run(w.people[0], "plan.create", board_id=plan_board, idea_id=idea).result["plan_id"]
    assert w.get(plan)["code"] == "1T" and w.get(plan)["quadrant"] == "major_project"
    with pytest.raises(Rejected) as e:
        w.run(w.people[0], "plan.create", board_id=plan_board, idea_id=idea)
    assert e.value.code == "conflict"


def test_P2_fields_save_on_their_own_and_P3_complete_needs_a_lead_in_the_room_and_a_first_step(day2):
    w, _, ideas, plan_board = day2
    idea = plan_for(w, ideas, plan_board, impact=0.9, effort=0.1)
    plan = w.run(w.people[0], "plan.create", board_id=plan_board, idea_id=idea).result["plan_id"]
    assert set(w.get(plan)["fields"]) == set(QUESTIONS) and len(QUESTIONS) == 6
    w.run(w.people[0], "plan.update", plan_id=plan, field="aim", text="Fewer lonely evenings")
    w.run(w.fac, "plan.update", plan_id=plan, field="next_week", text="Call the bus company")
    assert w.get(plan)["fields"]["aim"] == "Fewer lonely evenings"  # a later edit of another field keeps it
    assert not w.get(plan)["complete"]
    with pytest.raises(Rejected) as e:
        w.run(w.people[0], "plan.set_lead", plan_id=plan, participant_id=w.projector)
    assert "someone in the room" in e.value.message
    with pytest.raises(Rejected):
        w.run(w.people[0], "plan.set_lead", plan_id=plan, participant_id="p-nobody")
    w.run(w.people[0], "plan.set_lead", plan_id=plan, participant_id=w.people[1])
    assert w.get(plan)["complete"] and w.get(plan)["lead_name"] == "Bob"
    with pytest.raises(Rejected) as e:
        w.run(w.people[0], "plan.update", plan_id=plan, field="colour", text="red")
    assert e.value.field == "field"
    with pytest.raises(Rejected) as e:  # Bob is not at table 1
        w.run(w.people[1], "plan.update", plan_id=plan, field="aim", text="mine")
    assert e.value.code == "forbidden"
