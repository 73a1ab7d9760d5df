"""The gate: parsing op arguments and deciding every op through the registry (server/domain/gate.py)."""
import copy

import pytest

from server.domain.errors import Rejected
from server.domain.gate import apply_op, parse
from server.protocol.registry import OP_ARGS, OPS


def valid_args(ws) -> dict[str, dict]:
    """One op of each kind that the facilitator may do on the fixture workshop."""
    theme, card = ws.theme(), ws.data()
    note = ws.card("nww", "note")
    return {
        "workshop.update": {"activity": "Theming"},
        "participant.set_role": {"participant_id": ws.ids["participant"], "role": "host"},
        "board.create": {"type": "parking"},
        "card.create": {"board_id": ws.board("nww")["id"], "type": "data", "text": "Too few staff"},
        "card.update": {"card_id": note, "x": 0.1},
        "card.group": {"card_id": card, "theme_id": theme},
        "card.duplicate": {"card_id": card, "theme_id": None},
        "card.split": {"card_id": card, "texts": ["Too few", "staff"]},
        "card.delete": {"card_id": note},
    }


CORE = ["workshop.update", "participant.set_role", "board.create", "card.create", "card.update", "card.group",
        "card.duplicate", "card.split", "card.delete"]


def test_every_op_of_the_registry_has_its_rule_and_roles():
    for name, op in OPS.items():
        assert callable(op.rule), name
        assert op.internal or (op.who and op.doing), name
    assert set(CORE) <= OP_ARGS.keys()


@pytest.mark.parametrize("op", CORE)
def test_O2_every_op_raises_v_by_one_and_new_records_start_at_1(ws, op):
    args = valid_args(ws)[op]
    before = {rid: r["v"] for rid, r in ws.state.records.items()}
    change = ws.do("facilitator", op, **args)
    assert change.put or change.deleted
    for record in change.put:
        assert record["v"] == before.get(record["id"], 0) + 1, record
    assert len({r["id"] for r in change.put}) == len(change.put)


@pytest.mark.parametrize("op", CORE)
def test_R2_projectors_only_watch(ws, op):
    err = ws.refused("projector", op, "forbidden", **valid_args(ws)[op])
    assert "projector" in err.message


@pytest.mark.parametrize("op", CORE)
def test_O1_a_refused_op_changes_nothing(ws, op):
    args = {**valid_args(ws)[op], "unexpected": 1}
    ws.refused("facilitator", op, "invalid", "unexpected", **args)


@pytest.mark.parametrize("op", CORE)
def test_O1_deciding_an_op_does_not_touch_the_state(ws, op):
    args = valid_args(ws)[op]
    before = copy.deepcopy(ws.state.records)
    ws.decide("facilitator", op, **args)
    assert ws.state.records == before


def test_O3_unknown_op_is_invalid(ws):
    with pytest.raises(Rejected) as caught:
        parse("card.explode", {})
    assert (caught.value.code, caught.value.field) == ("invalid", "op")
    assert "card.explode" in caught.value.message


@pytest.mark.parametrize("raw", [None, [], "card", 3])
def test_O3_args_must_be_an_object(raw):
    with pytest.raises(Rejected) as caught:
        parse("card.create", raw)
    assert (caught.value.code, caught.value.field) == ("invalid", "args")


@pytest.mark.parametrize("raw,field,words", [
    ({"type": "note", "text": "Hi"}, "board_id", "is needed"),
    ({"board_id": "b1", "type": "note", "text": "Hi", "colour": "red"}, "colour", "not part of this operation"),
    ({"board_id": "b1", "type": "sticker", "text": "Hi"}, "type", "allowed values"),
    ({"board_id": "b1", "type": "note", "text": 42}, "text", "wrong type"),
    ({"board_id": "b1", "type": "note", "text": "Hi", "x": "0.5"}, "x", "wrong type"),
    ({"board_id": "b1", "type": "note", "text": "Hi", "x": True}, "x", "wrong type"),
    ({"board_id": 7, "type": "note", "text": "Hi"}, "board_id", "wrong type"),
])
def test_O3_wrong_arguments_name_the_field(raw, field, words):
    with pytest.raises(Rejected) as caught:
        parse("card.create", raw)
    assert (caught.value.code, caught.value.field) == ("invalid", field)
    assert words in caught.value.message and field in caught.value.message


def test_O3_a_list_item_at_fault_is_named_by_its_index():
    with pytest.raises(Rejected) as caught:
        parse("card.split", {"card_id": "c1", "texts": ["a", None]})
    assert caught.value.field == "texts.1"


def test_O3_whole_numbers_are_accepted_as_positions():
    assert parse("card.update", {"card_id": "c1", "x": 1}).args.x == 1.0


def test_apply_op_dispatches_to_the_rule(ws):
    change = apply_op(ws.state, ws.actor("participant"), "card.create",
                      {"board_id": ws.board("ww")["id"], "type": "note", "text": "Hi"}, ws.ctx)
    assert change.result["card_id"] in {r["id"] for r in change.put}
    assert ws.get(change.result["card_id"]) is None  # decided, not applied
