"""Collected answers becoming data cards (server/domain/answers.py)."""
import pytest

from server.domain.answers import add_answers
from server.domain.errors import Rejected

from .conftest import NOW, assert_counts_right


@pytest.mark.parametrize("who", ["facilitator", "host"])
def test_I1_each_answer_becomes_a_data_card_on_its_question_board(ws, who):
    answers = [("ww", "Friendly staff"), ("nww", " Nobody calls back "), ("iff", "Being asked"),
               ("nww", "Forms are long")]
    change = add_answers(ws.state, ws.actor(who), answers, ws.ctx)
    ws.state.apply(change)
    cards = [ws.get(i) for i in change.result["card_ids"]]
    assert [(c["tag"], c["text"]) for c in cards] == [("ww", "Friendly staff"), ("nww", "Nobody calls back"),
                                                      ("iff", "Being asked"), ("nww", "Forms are long")]
    for card in cards:
        assert card["type"] == "data" and card["board_id"] == ws.board(card["tag"])["id"]
        assert card["theme_id"] is None and card["duplicate_of"] is None and card["split_from"] is None
        assert card["v"] == 1 and card["created_by"] == ws.ids[who] and card["created_at"] == NOW
        assert 0 <= card["x"] <= 1 and 0 <= card["y"] <= 1
    assert (cards[1]["x"], cards[1]["y"]) != (cards[3]["x"], cards[3]["y"])  # laid out, not stacked


def test_I1_many_answers_stay_on_the_board(ws):
    change = add_answers(ws.state, ws.actor("host"), [("nww", f"Answer {i}") for i in range(200)], ws.ctx)
    assert all(0 <= c["x"] <= 1 and 0 <= c["y"] <= 1 for c in change.put)
    assert len({c["id"] for c in change.put}) == 200
    ws.state.apply(change)
    assert_counts_right(ws.state)


@pytest.mark.parametrize("who", ["participant", "projector"])
def test_R8_only_staff_import_answers(ws, who):
    with pytest.raises(Rejected) as caught:
        add_answers(ws.state, ws.actor(who), [("ww", "Hello")], ws.ctx)
    assert caught.value.code == "forbidden"


def test_I1_an_unknown_question_is_invalid(ws):
    with pytest.raises(Rejected) as caught:
        add_answers(ws.state, ws.actor("facilitator"), [("ww", "Fine"), ("grid", "Hello")], ws.ctx)
    assert (caught.value.code, caught.value.field) == ("invalid", "answers.1")


@pytest.mark.parametrize("text,code", [("", "invalid"), ("x" * 171, "too_long")])
def test_C1_C2_answers_follow_the_card_text_rules(ws, text, code):
    with pytest.raises(Rejected) as caught:
        add_answers(ws.state, ws.actor("facilitator"), [("ww", "Fine"), ("nww", text)], ws.ctx)
    assert (caught.value.code, caught.value.field) == (code, "answers.1")
