"""One meaning of "character" (C1): Unicode code points after NFC, on the server as in the browser and CLI."""
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.domain.errors import Rejected
from server.domain.texts import card_text
from server.protocol import limits
from server.protocol.limits import CARD_TEXT, char_count

DECOMPOSED_E = "e\u0301"  # e + combining acute: one character once composed
WELSH = "Mae'r bws yn hwyr ŵyr ŷd"


@pytest.mark.parametrize("text,count", [
    ("é", 1), (DECOMPOSED_E, 1), ("ŵ", 1), ("w\u0302", 1), ("ŷ", 1), ("y\u0302", 1),
    ("🙂", 1), ("👍🏽", 2), ("👩‍👩‍👧", 5), (WELSH, len(WELSH)),
])
def test_C1_characters_are_code_points_after_nfc(text, count):
    assert char_count(text) == count


def test_C1_170_decomposed_accents_fit_on_a_card_and_171_do_not():
    assert card_text(DECOMPOSED_E * CARD_TEXT) == unicodedata.normalize("NFC", DECOMPOSED_E * CARD_TEXT)
    with pytest.raises(Rejected) as caught:
        card_text(DECOMPOSED_E * (CARD_TEXT + 1))
    assert caught.value.code == "too_long" and "171" in caught.value.message


def test_C1_emoji_count_as_their_code_points_welsh_circumflexes_as_one():
    card_text("🙂" * CARD_TEXT)
    with pytest.raises(Rejected):
        card_text("🙂" * (CARD_TEXT + 1))
    card_text("ŵ" * 85 + "w\u0302" * 85)  # typed either way, ŵ is one character
    with pytest.raises(Rejected):
        card_text("ŷ" * 171)


# The same cases as web/tests/day2.test.js's planAnswerLength: (answer, its length as the server keeps it)
PLAN_LIMIT = 1000
PLAN_ANSWERS = [
    ("🙂" * PLAN_LIMIT, PLAN_LIMIT), (DECOMPOSED_E * PLAN_LIMIT, PLAN_LIMIT), ("ŵ" * 500 + "w\u0302" * 500, PLAN_LIMIT),
    ("a" * PLAN_LIMIT + "\n", PLAN_LIMIT), ("  " + "ŷ" * PLAN_LIMIT + "\r\n\t", PLAN_LIMIT),
    ("a" * PLAN_LIMIT + "\x1f\x85", PLAN_LIMIT), ("\ufeff" + "a" * PLAN_LIMIT, PLAN_LIMIT + 1),
    ("🙂" * (PLAN_LIMIT + 1), PLAN_LIMIT + 1), ("\u0301" + "a" * (PLAN_LIMIT - 1), PLAN_LIMIT),
]


@pytest.fixture(scope="module")
def plan():
    from .facilitation_helpers import Workshop
    w = Workshop(people=["Ada"])
    table = w.run(w.fac, "room.create", type="table").result["room_id"]
    ideas = w.run(w.fac, "board.create", type="ideas", room_id=table).result["board_id"]
    idea = w.run(w.fac, "card.create", board_id=ideas, type="idea", hat="C", text="A lift share").result["card_id"]
    (on_grid,) = w.run(w.fac, "grid.add", card_ids=[idea]).result["card_ids"]
    w.run(w.fac, "grid.place", card_id=on_grid, impact=0.9, effort=0.2)
    board = w.run(w.fac, "board.create", type="action_plan", room_id=table).result["board_id"]
    return w, w.run(w.fac, "plan.create", board_id=board, idea_id=on_grid).result["plan_id"]


@pytest.mark.parametrize("text,length", PLAN_ANSWERS)
def test_C1_an_action_plan_answer_is_limited_by_the_browsers_count(plan, text, length):
    w, plan_id = plan
    assert PLAN_LIMIT == limits.PLAN_FIELD and char_count(text.strip()) == length
    for field in ("aim", "baseline"):
        if length <= PLAN_LIMIT:
            w.run(w.fac, "plan.update", plan_id=plan_id, field=field, text=text)
            kept = w.get(plan_id)["fields"].get(field) or w.get(plan_id).get(field)
            assert char_count(kept) == length
        else:
            with pytest.raises(Rejected) as caught:
                w.run(w.fac, "plan.update", plan_id=plan_id, field=field, text=text)
            assert caught.value.code == "too_long"


@given(st.lists(st.sampled_from(["a", "é", "e\u0301", "ŵ", "w\u0302", "🙂", "👍🏽", "\u200d", " ", "\n", "\ufeff", "\x85"]),
                min_size=PLAN_LIMIT - 3, max_size=PLAN_LIMIT + 3).map("".join))
@settings(max_examples=60, deadline=None,  # ~1,000-character texts: slow to make on a busy machine, not a fault
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_C1_the_plan_limit_is_char_count_of_what_is_kept(plan, text):
    w, plan_id = plan
    fits = char_count(unicodedata.normalize("NFC", text).strip()) <= PLAN_LIMIT
    try:
        w.run(w.fac, "plan.update", plan_id=plan_id, field="aim", text=text)
    except Rejected as caught:
        assert not fits and caught.code == "too_long"
    else:
        assert fits
