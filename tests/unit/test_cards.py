"""`card.create`, `card.update`, `card.delete` (server/domain/cards.py)."""
import pytest

from .conftest import NOW, assert_counts_right

# ---- card.create -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["facilitator", "host", "participant"])
def test_card_create_note_by_any_member(ws, who):
    change = ws.do(who, "card.create", board_id=ws.board("ww")["id"], type="note", text="  Tea at 11  ",
                   x=0.25, y=0.75)
    card = ws.get(change.result["card_id"])
    assert card == {**card, "id": change.result["card_id"], "kind": "card", "v": 1, "board_id": ws.board("ww")["id"],
                    "type": "note", "text": "Tea at 11", "x": 0.25, "y": 0.75,
                    "created_by": ws.ids[who], "created_at": NOW}


def test_card_create_default_position_is_the_middle(ws):
    card = ws.get(ws.card("ww", "note"))
    assert (card["x"], card["y"]) == (0.5, 0.5)


@pytest.mark.parametrize("who", ["facilitator", "host"])
def test_R1_data_card_created_by_staff(ws, who):
    card = ws.get(ws.data(who=who))
    assert card["type"] == "data"
    assert card["theme_id"] is None and card["duplicate_of"] is None and card["split_from"] is None
    assert card["created_by"] == ws.ids[who]


def test_R1_participant_cannot_add_data_cards(ws):
    err = ws.refused("participant", "card.create", "forbidden", board_id=ws.board("nww")["id"], type="data",
                     text="Nobody calls back")
    assert "facilitator or a host" in err.message


@pytest.mark.parametrize("card_type", ["data", "theme", "note"])
def test_R2_projector_cannot_create_cards(ws, card_type):
    err = ws.refused("projector", "card.create", "forbidden", board_id=ws.board("nww")["id"], type=card_type,
                     text="Hello")
    assert "projector" in err.message


def test_C8_data_card_tag_defaults_to_board_type(ws):
    assert ws.get(ws.data("iff"))["tag"] == "iff"
    assert ws.get(ws.data("ww", tag="nww"))["tag"] == "nww"


def test_T4_data_card_created_into_a_theme_on_its_board(ws):
    theme = ws.theme("nww")
    card = ws.data("nww", theme_id=theme)
    assert ws.get(card)["theme_id"] == theme
    assert ws.get(theme)["count"] == 1
    assert ws.get(theme)["v"] == 2


def test_T4_data_card_cannot_be_created_into_a_theme_on_another_board(ws):
    theme = ws.theme("ww")
    err = ws.refused("facilitator", "card.create", "invalid", "theme_id", board_id=ws.board("nww")["id"],
                     type="data", text="Nobody calls back", theme_id=theme)
    assert "another board" in err.message


def test_T11_data_card_cannot_be_created_into_a_card_that_is_not_a_theme(ws):
    other = ws.data("nww")
    ws.refused("facilitator", "card.create", "invalid", "theme_id", board_id=ws.board("nww")["id"],
               type="data", text="Nobody calls back", theme_id=other)


def test_card_create_into_missing_theme_is_not_found(ws):
    ws.refused("facilitator", "card.create", "not_found", "theme_id", board_id=ws.board("nww")["id"],
               type="data", text="Nobody calls back", theme_id="c-gone")


def test_theme_starts_with_count_zero(ws):
    assert ws.get(ws.theme())["count"] == 0


def test_card_create_on_missing_board_is_not_found(ws):
    ws.refused("participant", "card.create", "not_found", "board_id", board_id="b-gone", type="note", text="Hi")


def test_C1_card_holds_170_characters(ws):
    card = ws.get(ws.card("ww", "note", text="x" * 170))
    assert len(card["text"]) == 170


def test_C1_card_of_171_characters_is_too_long(ws):
    err = ws.refused("participant", "card.create", "too_long", "text", board_id=ws.board("ww")["id"],
                     type="note", text="x" * 171)
    assert "170" in err.message and "171" in err.message


def test_C1_characters_are_counted_after_trimming_and_normalising(ws):
    # 170 "é" typed as e + combining accent (340 code points) still fit; the spaces round them are trimmed
    card = ws.get(ws.card("ww", "note", text="  " + "e\u0301" * 170 + "  "))
    assert card["text"] == "\u00e9" * 170


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_C2_card_needs_some_words(ws, text):
    err = ws.refused("participant", "card.create", "invalid", "text", board_id=ws.board("ww")["id"],
                     type="note", text=text)
    assert "words" in err.message


@pytest.mark.parametrize("axis", ["x", "y"])
@pytest.mark.parametrize("value", [-0.01, 1.01, 5.0, float("nan")])
def test_C3_position_outside_0_to_1_is_invalid(ws, axis, value):
    ws.refused("participant", "card.create", "invalid", axis, board_id=ws.board("ww")["id"], type="note",
               text="Hi", **{axis: value})


@pytest.mark.parametrize("value", [0.0, 1.0, 0, 1])
def test_C3_position_edges_are_on_the_board(ws, value):
    card = ws.get(ws.card("ww", "note", x=value, y=value))
    assert card["x"] == card["y"] == float(value)


@pytest.mark.parametrize("board_type,card_type", [("success", "data"), ("ideas", "theme"), ("ww", "idea"),
                                                  ("root_causes", "success"), ("action_plan", "root_cause")])
def test_C4_card_type_must_belong_on_the_board(ws, board_type, card_type):
    board = ws.new_board(board_type)
    err = ws.refused("facilitator", "card.create", "invalid", "type", board_id=board, type=card_type,
                     text="Words", hat="T", perspective="providers")
    assert "does not belong" in err.message


@pytest.mark.parametrize("board_type", ["ww", "success", "grid", "parking", "action_plan"])
def test_C4_notes_go_anywhere(ws, board_type):
    board = ws.new_board(board_type)
    ws.do("participant", "card.create", board_id=board, type="note", text="A note")


def test_C5_success_statement_per_perspective(ws):
    board = ws.new_board("success")
    first = ws.do("participant", "card.create", board_id=board, type="success", text="People feel heard",
                  perspective="people_families").result["card_id"]
    assert ws.get(first)["perspective"] == "people_families"
    ws.do("participant", "card.create", board_id=board, type="success", text="Staff have time",
          perspective="providers")


def test_C5_second_success_statement_for_a_perspective_is_a_conflict(ws):
    board = ws.new_board("success")
    ws.do("participant", "card.create", board_id=board, type="success", text="People feel heard",
          perspective="people_families")
    err = ws.refused("host", "card.create", "conflict", "perspective", board_id=board, type="success",
                     text="Another", perspective="people_families")
    assert "People and families" in err.message


def test_C5_same_perspective_on_another_success_board_is_fine(ws):
    for _ in range(2):
        board = ws.new_board("success")
        ws.do("participant", "card.create", board_id=board, type="success", text="Heard", perspective="buyers")


def test_C5_success_statement_needs_a_perspective(ws):
    board = ws.new_board("success")
    ws.refused("participant", "card.create", "invalid", "perspective", board_id=board, type="success",
               text="People feel heard")


def test_C6_idea_code_is_table_number_and_hat(ws):
    board = ws.new_board("ideas", room_id=ws.table(2))
    card = ws.get(ws.do("participant", "card.create", board_id=board, type="idea", text="Peer mentors",
                        hat="T").result["card_id"])
    assert card["hat"] == "T" and card["code"] == "2T"
    assert card["impact"] is None and card["effort"] is None and card["quadrant"] is None


def test_C6_idea_outside_a_table_is_coded_by_its_hat(ws):
    board = ws.new_board("ideas")
    card = ws.do("participant", "card.create", board_id=board, type="idea", text="Open days", hat="R")
    assert ws.get(card.result["card_id"])["code"] == "R"


def test_C6_idea_needs_a_hat(ws):
    board = ws.new_board("ideas", room_id=ws.table(3))
    err = ws.refused("participant", "card.create", "invalid", "hat", board_id=board, type="idea", text="Idea")
    assert "hat" in err.message


def test_card_create_wrong_hat_is_invalid(ws):
    board = ws.new_board("ideas")
    ws.refused("participant", "card.create", "invalid", "hat", board_id=board, type="idea", text="Idea", hat="X")


# ---- card.update -------------------------------------------------------------------------------


def test_card_update_text_and_position(ws):
    note = ws.card("ww", "note")
    change = ws.do("participant", "card.update", card_id=note, text=" New words ", x=0.1, y=0.9)
    card = ws.get(note)
    assert (card["text"], card["x"], card["y"], card["v"]) == ("New words", 0.1, 0.9, 2)
    assert change.put == [card]


def test_card_update_only_position_keeps_text(ws):
    note = ws.card("ww", "note", text="Keep me")
    ws.do("participant", "card.update", card_id=note, x=0.3)
    assert ws.get(note)["text"] == "Keep me" and ws.get(note)["x"] == 0.3 and ws.get(note)["y"] == 0.5


def test_C9_card_update_with_nothing_to_change_is_invalid(ws):
    note = ws.card("ww", "note")
    err = ws.refused("participant", "card.update", "invalid", card_id=note)
    assert "Nothing to change" in err.message


def test_card_update_missing_card_is_not_found(ws):
    ws.refused("participant", "card.update", "not_found", "card_id", card_id="c-gone", x=0.2)


def test_R2_projector_cannot_update_cards(ws):
    note = ws.card("ww", "note")
    ws.refused("projector", "card.update", "forbidden", card_id=note, x=0.2)


def test_C1_card_update_text_too_long(ws):
    note = ws.card("ww", "note")
    ws.refused("participant", "card.update", "too_long", "text", card_id=note, text="y" * 171)
    ws.do("participant", "card.update", card_id=note, text="y" * 170)


@pytest.mark.parametrize("text", ["", "  ", None])
def test_C2_card_update_to_no_words_is_invalid(ws, text):
    note = ws.card("ww", "note")
    ws.refused("participant", "card.update", "invalid", "text", card_id=note, text=text)


@pytest.mark.parametrize("axis", ["x", "y"])
@pytest.mark.parametrize("value", [-0.5, 1.5])
def test_C3_card_update_position_outside_0_to_1_is_invalid(ws, axis, value):
    note = ws.card("ww", "note")
    ws.refused("participant", "card.update", "invalid", axis, card_id=note, **{axis: value})


@pytest.mark.parametrize("field", ["x", "y", "board_id"])
def test_C3_card_update_with_null_position_or_board_is_invalid(ws, field):
    note = ws.card("ww", "note", x=0.2, y=0.8)
    ws.refused("participant", "card.update", "invalid", field, card_id=note, **{field: None})


def test_C7_participant_cannot_change_words_of_a_data_card(ws):
    card = ws.data()
    err = ws.refused("participant", "card.update", "forbidden", "text", card_id=card, text="Different words")
    assert "facilitator" in err.message


def test_C7_participant_may_move_a_data_card_on_its_board(ws):
    card = ws.data()
    ws.do("participant", "card.update", card_id=card, x=0.9, y=0.1)
    assert (ws.get(card)["x"], ws.get(card)["y"]) == (0.9, 0.1)


@pytest.mark.parametrize("who", ["facilitator", "host"])
def test_C7_staff_may_correct_a_data_card(ws, who):
    theme = ws.theme()
    card = ws.data(theme_id=theme)
    change = ws.do(who, "card.update", card_id=card, text="Nobody ever calls back")
    assert ws.get(card)["text"] == "Nobody ever calls back"
    assert ws.get(card)["theme_id"] == theme
    assert [r["id"] for r in change.put] == [card]  # the theme's count does not change
    assert_counts_right(ws.state)


def test_participant_may_reword_a_theme(ws):
    theme = ws.theme(who="host")
    ws.do("participant", "card.update", card_id=theme, text="I want to be called back")
    assert ws.get(theme)["text"] == "I want to be called back"


def test_card_update_to_its_own_board_is_not_a_move(ws):
    theme = ws.theme()
    card = ws.data(theme_id=theme)
    ws.do("participant", "card.update", card_id=card, board_id=ws.board("nww")["id"], x=0.2)
    assert ws.get(card)["theme_id"] == theme and ws.get(card)["x"] == 0.2


def test_T5_data_card_moved_leaves_its_theme_and_takes_new_tag(ws):
    theme = ws.theme("nww")
    card = ws.data("nww", theme_id=theme)
    ws.do("participant", "card.update", card_id=card, board_id=ws.board("iff")["id"])
    moved = ws.get(card)
    assert moved["board_id"] == ws.board("iff")["id"]
    assert moved["tag"] == "iff" and moved["theme_id"] is None
    assert ws.get(theme)["count"] == 0
    assert_counts_right(ws.state)


def test_T5_data_card_moves_to_another_board_of_the_same_type(ws):
    second = ws.new_board("nww", title="NOT WORKING WELL (2)")
    card = ws.data("nww")
    ws.do("host", "card.update", card_id=card, board_id=second)
    assert ws.get(card)["board_id"] == second and ws.get(card)["tag"] == "nww"


def test_T6_theme_moves_with_its_data_cards(ws):
    theme = ws.theme("nww")
    inside = [ws.data("nww", text=f"Answer {i}", theme_id=theme) for i in range(3)]
    outside = ws.data("nww", text="Not themed")
    ww = ws.board("ww")["id"]
    change = ws.do("participant", "card.update", card_id=theme, board_id=ww, x=0.4)
    assert {r["id"] for r in change.put} == {theme, *inside}
    assert ws.get(theme)["board_id"] == ww and ws.get(theme)["count"] == 3 and ws.get(theme)["x"] == 0.4
    for card in inside:
        assert ws.get(card)["board_id"] == ww and ws.get(card)["tag"] == "ww" and ws.get(card)["theme_id"] == theme
    assert ws.get(outside)["board_id"] == ws.board("nww")["id"]
    assert_counts_right(ws.state)


@pytest.mark.parametrize("card_kind", ["data", "theme"])
def test_T10_data_cards_and_themes_stay_on_theming_boards(ws, card_kind):
    card = ws.data() if card_kind == "data" else ws.theme()
    board = ws.new_board("parking")
    err = ws.refused("facilitator", "card.update", "invalid", "board_id", card_id=card, board_id=board)
    assert "Working well" in err.message


def test_C4_note_moves_anywhere_but_an_idea_does_not_go_on_a_theming_board(ws):
    note = ws.card("ww", "note")
    parking = ws.new_board("parking")
    ws.do("participant", "card.update", card_id=note, board_id=parking)
    assert ws.get(note)["board_id"] == parking
    ideas = ws.new_board("ideas", room_id=ws.table(1))
    idea = ws.do("participant", "card.create", board_id=ideas, type="idea", text="Peer mentors",
                 hat="C").result["card_id"]
    ws.refused("participant", "card.update", "invalid", "board_id", card_id=idea, board_id=ws.board("ww")["id"])


def test_C6_idea_moved_to_the_grid_keeps_its_code(ws):
    ideas = ws.new_board("ideas", room_id=ws.table(4))
    grid = ws.new_board("grid")
    idea = ws.do("participant", "card.create", board_id=ideas, type="idea", text="Open days",
                 hat="C").result["card_id"]
    ws.do("host", "card.update", card_id=idea, board_id=grid)
    assert ws.get(idea)["board_id"] == grid and ws.get(idea)["code"] == "4C"


def test_C5_moving_a_success_statement_onto_a_taken_perspective_is_a_conflict(ws):
    first, second = ws.new_board("success"), ws.new_board("success")
    ws.do("participant", "card.create", board_id=first, type="success", text="Heard", perspective="providers")
    other = ws.do("participant", "card.create", board_id=second, type="success", text="Time",
                  perspective="providers").result["card_id"]
    ws.refused("participant", "card.update", "conflict", "board_id", card_id=other, board_id=first)
    free = ws.do("participant", "card.create", board_id=second, type="success", text="Money",
                 perspective="buyers").result["card_id"]
    ws.do("participant", "card.update", card_id=free, board_id=first)
    assert ws.get(free)["board_id"] == first


def test_card_update_to_missing_board_is_not_found(ws):
    note = ws.card("ww", "note")
    ws.refused("participant", "card.update", "not_found", "board_id", card_id=note, board_id="b-gone")


# ---- card.delete -------------------------------------------------------------------------------


def test_R9_member_deletes_own_card(ws):
    note = ws.card("ww", "note", who="participant")
    change = ws.do("participant", "card.delete", card_id=note)
    assert ws.get(note) is None
    assert change.del_ids == [note] and change.put == []


def test_R9_member_cannot_delete_someone_elses_card(ws):
    note = ws.card("ww", "note", who="host")
    err = ws.refused("participant", "card.delete", "forbidden", card_id=note)
    assert "only cards you wrote" in err.message


@pytest.mark.parametrize("who", ["facilitator", "host"])
def test_R9_staff_delete_any_card(ws, who):
    note = ws.card("ww", "note", who="participant")
    ws.do(who, "card.delete", card_id=note)
    assert ws.get(note) is None


def test_R2_projector_cannot_delete(ws):
    note = ws.card("ww", "note", who="participant")
    ws.refused("projector", "card.delete", "forbidden", card_id=note)


def test_card_delete_missing_card_is_not_found(ws):
    ws.refused("facilitator", "card.delete", "not_found", "card_id", card_id="c-gone")


@pytest.mark.parametrize("who", ["facilitator", "host"])
def test_R9_staff_delete_a_data_card_and_its_theme_is_recounted(ws, who):
    theme = ws.theme()
    cards = [ws.data(theme_id=theme, text=f"Answer {i}") for i in range(2)]
    change = ws.do(who, "card.delete", card_id=cards[0])
    assert change.del_ids == [cards[0]]
    assert ws.get(theme)["count"] == 1
    assert_counts_right(ws.state)


def test_R9_participant_cannot_delete_a_copy_of_a_data_card_they_made(ws):
    original = ws.data()
    copy = ws.do("participant", "card.duplicate", card_id=original).result["card_id"]
    assert ws.get(copy)["created_by"] == ws.ids["participant"]
    err = ws.refused("participant", "card.delete", "forbidden", card_id=copy)
    assert "facilitator or host" in err.message


def test_T7_deleting_a_theme_frees_its_cards(ws):
    theme = ws.theme(who="participant")
    cards = [ws.data(theme_id=theme, text=f"Answer {i}") for i in range(3)]
    other_theme = ws.theme(text="I want choice")
    kept = ws.data(theme_id=other_theme)
    change = ws.do("participant", "card.delete", card_id=theme)
    assert change.del_ids == [theme]
    assert {r["id"] for r in change.put} == set(cards)
    for card in cards:
        assert ws.get(card)["theme_id"] is None and ws.get(card)["v"] == 2
    assert ws.get(kept)["theme_id"] == other_theme
    assert_counts_right(ws.state)


def test_C10_moving_a_root_cause_onto_a_board_that_has_three_is_a_conflict(ws):
    full, other = ws.new_board("root_causes"), ws.new_board("root_causes")
    for reason in ("No time", "No money", "No say"):
        ws.do("host", "card.create", board_id=full, type="root_cause", text=reason)
    ws.refused("host", "card.create", "conflict", "type", board_id=full, type="root_cause", text="A fourth")
    fourth = ws.do("host", "card.create", board_id=other, type="root_cause", text="A fourth").result["card_id"]
    err = ws.refused("host", "card.update", "conflict", "board_id", card_id=fourth, board_id=full)
    assert "3 most likely reasons" in err.message
