"""Inside a Welsh refusal every word is Welsh (issue 13): what is wrong with a value is said in plain
words from the catalogue, never pydantic's English, and with no dump of the value or the error."""
import pytest

from server.domain.errors import Rejected, plain_detail

from .facilitation_helpers import Workshop

PYDANTIC = ("Input should", "valid", "unable to parse", "String should", "type=", "input_value")


def refused(w, op, **args) -> Rejected:
    with pytest.raises(Rejected) as e:
        w.run(w.fac, op, **args)
    return e.value


def test_a_welsh_refusal_with_a_validation_detail_is_all_welsh():
    w = Workshop(people=["Ada"])
    board = next(b["id"] for b in w.state.of_kind("board") if b["type"] == "nww")
    wrong = refused(w, "card.create", board_id=board, type="data", text=["not", "text"])
    assert (wrong.code, wrong.field) == ("invalid", "text")
    assert wrong.message == "The field “text” has the wrong type or value: it should be text."
    assert wrong.said("cy") == "Mae math neu werth y maes “text” yn anghywir: dylai fod yn destun."
    card = w.run(w.fac, "card.create", board_id=board, type="data", text="Buses").result["card_id"]
    move = refused(w, "card.update", card_id=card, x="far", y=0.5)
    assert move.said("cy") == "Mae math neu werth y maes “x” yn anghywir: dylai fod yn rhif."
    kind = refused(w, "card.create", board_id=board, type="sticker", text="Hi")
    assert "“data”, “theme”" in kind.said("cy") and " or " not in kind.said("cy")
    for said in (wrong.said("cy"), move.said("cy"), kind.said("cy"), wrong.message, move.message):
        for english in PYDANTIC:
            assert english not in said, (english, said)


@pytest.mark.parametrize("error, english, welsh", [
    ({"type": "int_parsing"}, "it should be a whole number", "dylai fod yn rhif cyfan"),
    ({"type": "string_too_long", "ctx": {"max_length": 200}}, "it may have at most 200 characters",
     "mae lle i 200 nod ar y mwyaf"),
    ({"type": "too_long", "ctx": {"max_length": 2}}, "it may have at most 2 items", "mae lle i 2 eitem ar y mwyaf"),
    ({"type": "greater_than_equal", "ctx": {"ge": 1}}, "it should be 1 or more", "dylai fod yn 1 neu fwy"),
    ({"type": "bool_parsing"}, "it should be true or false", "dylai fod yn wir neu’n anwir (true neu false)"),
    ({"type": "something_new", "msg": "Input should be a shiny thing"}, "it is not a value this field takes",
     "nid yw’n werth y mae’r maes hwn yn ei dderbyn"),
])
def test_what_is_wrong_with_a_value_in_plain_words(error, english, welsh):
    detail = plain_detail(error)
    assert str(detail) == english and detail.said("cy") == welsh


def test_label_words_inside_a_welsh_refusal_are_welsh():
    """Card types, plan statuses and quadrants put into a refusal come from labels.py through the catalogue."""
    w = Workshop(people=["Ada"])
    nww = next(b["id"] for b in w.state.of_kind("board") if b["type"] == "nww")
    note = w.run(w.fac, "card.create", board_id=nww, type="note", text="Sundays").result["card_id"]
    data = w.run(w.fac, "card.create", board_id=nww, type="data", text="Buses").result["card_id"]
    wrong = refused(w, "card.group", card_id=data, theme_id=note)
    assert "not a theme card" in wrong.message
    assert wrong.said("cy") == "Cerdyn nodyn yw hwnnw, nid cerdyn thema."
    table = w.run(w.fac, "room.create", type="table").result["room_id"]
    boards = {kind: w.run(w.fac, "board.create", type=kind, room_id=table).result["board_id"]
              for kind in ("ideas", "action_plan")}
    w.run(w.fac, "day.begin", day=2)
    idea = w.run(w.fac, "card.create", board_id=boards["ideas"], type="idea", hat="R", text="Free taxis").result["card_id"]
    (on_grid,) = w.run(w.fac, "grid.add", card_ids=[idea]).result["card_ids"]
    unplaced = refused(w, "plan.create", board_id=boards["action_plan"], idea_id=on_grid)
    assert "nid yw syniad" in unplaced.said("cy") and "wedi’i osod ar y grid eto" in unplaced.said("cy")
    w.run(w.fac, "grid.place", card_id=on_grid, impact=0.2, effort=0.9)
    thankless = refused(w, "plan.create", board_id=boards["action_plan"], idea_id=on_grid)
    assert "is in Thankless Tasks" in thankless.message and "yn Tasgau Diddiolch" in thankless.said("cy")
