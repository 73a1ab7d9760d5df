"""`board.create` and which cards go on which board (server/domain/boards.py)."""
import pytest

from server.domain.boards import BOARD_KINDS, CARD_TYPES_ON


@pytest.mark.parametrize("who", ["facilitator", "host"])
@pytest.mark.parametrize("board_type", sorted(BOARD_KINDS))
def test_board_create_every_kind(ws, who, board_type):
    change = ws.do(who, "board.create", type=board_type)
    board = ws.get(change.result["board_id"])
    title, colour = BOARD_KINDS[board_type]
    assert board == {**board, "id": change.result["board_id"], "kind": "board", "v": 1, "type": board_type,
                     "room_id": ws.state.main_room()["id"], "title": title, "color": colour, "order": 5}
    assert change.put == [board]


def test_board_create_orders_boards_one_after_the_other(ws):
    first = ws.new_board("success")
    second = ws.new_board("ideas")
    assert (ws.get(first)["order"], ws.get(second)["order"]) == (5, 6)


def test_W4_board_in_a_named_room_with_its_own_title(ws):
    table = ws.table(2)
    board = ws.get(ws.new_board("ideas", room_id=table, title="  Table 2 ideas "))
    assert board["room_id"] == table and board["title"] == "Table 2 ideas"


def test_W4_blank_title_falls_back_to_the_default(ws):
    assert ws.get(ws.new_board("parking", title="   "))["title"] == "Parking space"


def test_W4_board_title_at_most_80_characters(ws):
    ws.refused("facilitator", "board.create", "invalid", "title", type="parking", title="t" * 81)
    assert ws.get(ws.new_board("parking", title="t" * 80))["title"] == "t" * 80


def test_board_create_in_a_missing_room_is_not_found(ws):
    ws.refused("facilitator", "board.create", "not_found", "room_id", type="ideas", room_id="r-gone")
    ws.refused("facilitator", "board.create", "not_found", "room_id", type="ideas", room_id=ws.board("ww")["id"])


def test_board_create_unknown_type_is_invalid(ws):
    err = ws.refused("facilitator", "board.create", "invalid", "type", type="whiteboard")
    assert "allowed values" in err.message


def test_R8_participant_cannot_add_a_board(ws):
    err = ws.refused("participant", "board.create", "forbidden", type="parking")
    assert "facilitator or a host" in err.message


def test_R2_projector_cannot_add_a_board(ws):
    ws.refused("projector", "board.create", "forbidden", type="parking")


def test_C4_every_board_takes_notes_and_only_theming_boards_take_data_and_themes():
    for board_type, card_types in CARD_TYPES_ON.items():
        assert "note" in card_types
        theming = board_type in ("ww", "nww", "iff")
        assert ("data" in card_types) == theming and ("theme" in card_types) == theming
    assert CARD_TYPES_ON.keys() == BOARD_KINDS.keys()
