"""Tables take the top themes; root causes and success per table; Day 2 keeps Day 1 as it was."""
import pytest

from server.domain.errors import Rejected

from .facilitation_helpers import Workshop


def voted_workshop(tables=2):
    w = Workshop(people=["Ada", "Bob", "Cy"])
    nww = next(b for b in w.state.of_kind("board") if b["type"] == "nww")["id"]
    themes = [w.run(w.fac, "card.create", board_id=nww, type="theme", text=t).result["card_id"]
              for t in ("I am lonely", "I can't get out", "I am tired", "I wait too long")]
    for _ in range(tables):
        w.run(w.fac, "room.create", type="table")
    rid = w.run(w.fac, "round.open", board_id=nww).result["round_id"]
    for person, picks in zip(w.people, ([1, 1, 2], [1, 2, 3], [2, 3, 0])):
        for t in picks:
            w.run(person, "vote.cast", round_id=rid, target_id=themes[t])
    return w, nww, themes, rid


def test_tables_give_themes_takes_the_top_voted_themes_with_their_day_1_boards():
    w, nww, themes, rid = voted_workshop()
    with pytest.raises(Rejected) as e:
        w.run(w.fac, "tables.give_themes", round_id=rid)
    assert e.value.code == "conflict"  # the vote must be closed first
    w.run(w.fac, "round.close", round_id=rid)
    rooms = w.run(w.fac, "tables.give_themes").result["room_ids"]
    assert [w.get(r)["theme_id"] for r in rooms] == [themes[1], themes[2]]  # 3 dots, then 3 dots (tie keeps order)
    for room, theme in zip(rooms, (themes[1], themes[2])):
        boards = [b for b in w.state.of_kind("board") if b["room_id"] == room]
        assert sorted(b["type"] for b in boards) == ["root_causes", "success"]
        assert all(b["theme_text"] == w.get(theme)["text"] for b in boards)
        assert next(b for b in boards if b["type"] == "success")["color"] == "yellow"


def test_the_facilitator_may_pick_the_themes_and_tables_are_added_for_them():
    w, nww, themes, rid = voted_workshop(tables=0)
    rooms = w.run(w.fac, "tables.give_themes", theme_ids=[themes[3], themes[0], themes[1]]).result["room_ids"]
    assert [w.get(r)["number"] for r in rooms] == [1, 2, 3]
    with pytest.raises(Rejected):
        w.run(w.people[0], "tables.give_themes", theme_ids=[themes[0]])


def test_root_causes_why_chain_in_steps_and_at_most_three_red_cards():
    w, nww, themes, rid = voted_workshop()
    w.run(w.fac, "round.close", round_id=rid)
    table = w.run(w.fac, "tables.give_themes").result["room_ids"][0]
    w.run(w.fac, "room.assign", participant_id=w.people[0], room_id=table)
    board = next(b["id"] for b in w.state.of_kind("board") if b["room_id"] == table and b["type"] == "root_causes")
    steps = [w.run(w.people[0], "card.create", board_id=board, type="note", text=t).result["card_id"]
             for t in ("Why? Because the bus stops at 6", "Why? Because funding was cut")]
    assert [w.get(s)["step"] for s in steps] == [1, 2]
    for reason in ("No evening buses", "No one knows the groups", "Forms are hard"):
        w.run(w.people[0], "card.create", board_id=board, type="root_cause", text=reason)
    with pytest.raises(Rejected) as e:
        w.run(w.people[0], "card.create", board_id=board, type="root_cause", text="A fourth")
    assert e.value.code == "conflict" and "3 most likely reasons" in e.value.message
    with pytest.raises(Rejected) as e:  # Bob is not at this table
        w.run(w.people[1], "card.create", board_id=board, type="note", text="Why? Because")
    assert e.value.code == "forbidden"


def test_one_success_statement_for_each_perspective():
    w, nww, themes, rid = voted_workshop()
    w.run(w.fac, "round.close", round_id=rid)
    table = w.run(w.fac, "tables.give_themes").result["room_ids"][0]
    board = next(b["id"] for b in w.state.of_kind("board") if b["room_id"] == table and b["type"] == "success")
    for perspective, text in (("people_families", "I see friends every week"), ("providers", "We know everyone's name"),
                              ("buyers", "We fund evening transport")):
        w.run(w.fac, "card.create", board_id=board, type="success", perspective=perspective, text=text)
    with pytest.raises(Rejected) as e:
        w.run(w.fac, "card.create", board_id=board, type="success", perspective="providers", text="Again")
    assert e.value.code == "conflict" and "Edit that one instead" in e.value.message


def test_day_begin_2_keeps_day_1_boards_as_they_were_and_opens_the_tables_day_2_boards():
    w, nww, themes, rid = voted_workshop()
    w.run(w.fac, "round.close", round_id=rid)
    tables = w.run(w.fac, "tables.give_themes").result["room_ids"]
    assert w.state.workshop().get("activity_at") is None
    w.run(w.fac, "day.begin", day=2)
    assert w.state.workshop()["day"] == 2
    assert w.state.workshop()["activity_at"]  # a new day: what was said and timed on Day 1 stays there
    with pytest.raises(Rejected) as e:
        w.run(w.fac, "card.update", card_id=themes[0], text="I am very lonely")
    assert e.value.code == "conflict" and "end of Day 1" in e.value.message
    iff = next(b for b in w.state.of_kind("board") if b["type"] == "iff")["id"]
    w.run(w.fac, "card.create", board_id=iff, type="theme", text="I want a job")  # IFF is often themed on Day 2
    for table in tables:
        assert sorted(b["type"] for b in w.state.of_kind("board") if b["room_id"] == table) == [
            "action_plan", "ideas", "in_place", "root_causes", "success"]
    in_place = next(b["id"] for b in w.state.of_kind("board") if b["room_id"] == tables[1] and b["type"] == "in_place")
    w.run(w.people[2], "card.create", board_id=in_place, type="in_place", text="Community transport scheme")
