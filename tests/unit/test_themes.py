"""`card.group`, `card.duplicate`, `card.split` and theme counts (server/domain/themes.py)."""
import pytest

from .conftest import NOW, assert_counts_right, count_in

# ---- card.group --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["facilitator", "host", "participant"])
def test_T2_group_puts_a_data_card_into_a_theme_and_counts_it(ws, who):
    theme = ws.theme()
    card = ws.data()
    change = ws.do(who, "card.group", card_id=card, theme_id=theme)
    assert ws.get(card)["theme_id"] == theme and ws.get(card)["v"] == 2
    assert ws.get(theme)["count"] == 1 and ws.get(theme)["v"] == 2
    assert {r["id"] for r in change.put} == {card, theme}
    assert change.result == {}


def test_T1_regrouping_moves_the_card_from_one_theme_to_the_other(ws):
    first, second = ws.theme(text="I want to be heard"), ws.theme(text="I want choice")
    card = ws.data(theme_id=first)
    change = ws.do("participant", "card.group", card_id=card, theme_id=second)
    assert ws.get(card)["theme_id"] == second
    assert ws.get(first)["count"] == 0 and ws.get(second)["count"] == 1
    assert {r["id"] for r in change.put} == {card, first, second}
    assert_counts_right(ws.state)


def test_T2_ungroup_takes_the_card_out_of_its_theme(ws):
    theme = ws.theme()
    cards = [ws.data(theme_id=theme, text=f"Answer {i}") for i in range(2)]
    ws.do("participant", "card.group", card_id=cards[0], theme_id=None)
    assert ws.get(cards[0])["theme_id"] is None
    assert ws.get(theme)["count"] == 1


def test_group_into_the_theme_it_is_already_in_changes_nothing(ws):
    theme = ws.theme()
    card = ws.data(theme_id=theme)
    assert ws.decide("participant", "card.group", card_id=card, theme_id=theme).put == []
    assert ws.decide("participant", "card.group", card_id=ws.data(), theme_id=None).put == []


def test_R2_projector_cannot_group(ws):
    theme, card = ws.theme(), ws.data()
    ws.refused("projector", "card.group", "forbidden", card_id=card, theme_id=theme)


def test_T4_group_into_a_theme_on_another_board_is_invalid(ws):
    theme = ws.theme("ww")
    card = ws.data("nww")
    err = ws.refused("participant", "card.group", "invalid", "theme_id", card_id=card, theme_id=theme)
    assert "another board" in err.message


def test_T11_only_data_cards_are_grouped(ws):
    theme, other_theme = ws.theme(), ws.theme(text="I want choice")
    note = ws.card("nww", "note")
    err = ws.refused("participant", "card.group", "invalid", "card_id", card_id=note, theme_id=theme)
    assert "note card, not a data card" in err.message
    ws.refused("participant", "card.group", "invalid", "card_id", card_id=other_theme, theme_id=theme)


def test_T11_only_into_theme_cards(ws):
    card, other = ws.data(text="One"), ws.data(text="Two")
    err = ws.refused("participant", "card.group", "invalid", "theme_id", card_id=card, theme_id=other)
    assert "data card, not a theme card" in err.message


def test_group_missing_card_or_theme_is_not_found(ws):
    theme, card = ws.theme(), ws.data()
    ws.refused("participant", "card.group", "not_found", "card_id", card_id="c-gone", theme_id=theme)
    ws.refused("participant", "card.group", "not_found", "theme_id", card_id=card, theme_id="c-gone")


def test_group_needs_theme_id_even_when_null(ws):
    ws.refused("participant", "card.group", "invalid", "theme_id", card_id=ws.data())


# ---- card.duplicate ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["facilitator", "host", "participant"])
def test_T8_duplicate_into_a_second_theme(ws, who):
    first, second = ws.theme(text="I want to be heard"), ws.theme(text="I want choice")
    original = ws.data(theme_id=first, text="Nobody listens and nothing changes")
    change = ws.do(who, "card.duplicate", card_id=original, theme_id=second)
    copy_id = change.result["card_id"]
    copy = ws.get(copy_id)
    assert copy["duplicate_of"] == original and copy["split_from"] is None
    assert copy["theme_id"] == second and copy["text"] == ws.get(original)["text"]
    assert copy["v"] == 1 and copy["created_by"] == ws.ids[who] and copy["created_at"] == NOW
    assert copy["board_id"] == ws.get(original)["board_id"] and copy["tag"] == "nww"
    assert ws.get(original)["theme_id"] == first and ws.get(original)["v"] == 1
    assert ws.get(first)["count"] == 1 and ws.get(second)["count"] == 1
    assert_counts_right(ws.state)


def test_T8_duplicate_without_theme_is_not_yet_themed(ws):
    theme = ws.theme()
    original = ws.data(theme_id=theme)
    copy = ws.get(ws.do("participant", "card.duplicate", card_id=original).result["card_id"])
    assert copy["theme_id"] is None and copy["duplicate_of"] == original
    assert ws.get(theme)["count"] == 1


def test_T8_duplicate_into_the_same_theme_is_invalid(ws):
    theme = ws.theme()
    original = ws.data(theme_id=theme)
    err = ws.refused("participant", "card.duplicate", "invalid", "theme_id", card_id=original, theme_id=theme)
    assert "already in that theme" in err.message


def test_T8_a_copy_of_a_copy_cannot_go_back_into_the_originals_theme(ws):
    first, second = ws.theme(text="I want to be heard"), ws.theme(text="I want choice")
    original = ws.data(theme_id=first)
    copy = ws.do("participant", "card.duplicate", card_id=original, theme_id=second).result["card_id"]
    ws.refused("participant", "card.duplicate", "invalid", "theme_id", card_id=copy, theme_id=first)
    ws.refused("participant", "card.duplicate", "invalid", "theme_id", card_id=original, theme_id=second)
    assert (ws.get(first)["count"], ws.get(second)["count"]) == (1, 1)


def test_T8_a_copy_is_not_grouped_where_its_answer_already_is(ws):
    first, second = ws.theme(text="I want to be heard"), ws.theme(text="I want choice")
    original = ws.data(theme_id=first)
    copy = ws.do("participant", "card.duplicate", card_id=original).result["card_id"]
    err = ws.refused("participant", "card.group", "invalid", "theme_id", card_id=copy, theme_id=first)
    assert "already in that theme" in err.message
    ws.do("participant", "card.group", card_id=copy, theme_id=second)
    ws.refused("participant", "card.group", "invalid", "theme_id", card_id=original, theme_id=second)


def test_T8_copies_of_an_answer_that_has_been_split_still_know_each_other(ws):
    first, second = ws.theme(text="I want to be heard"), ws.theme(text="I want choice")
    original = ws.data()
    copies = [ws.do("participant", "card.duplicate", card_id=original).result["card_id"] for _ in range(2)]
    ws.do("host", "card.split", card_id=original, texts=["one point", "another"])
    ws.do("participant", "card.group", card_id=copies[0], theme_id=first)
    ws.refused("participant", "card.group", "invalid", "theme_id", card_id=copies[1], theme_id=first)
    ws.do("participant", "card.group", card_id=copies[1], theme_id=second)


def test_T4_duplicate_into_a_theme_on_another_board_is_invalid(ws):
    ws.refused("participant", "card.duplicate", "invalid", "theme_id", card_id=ws.data("nww"),
               theme_id=ws.theme("iff"))


def test_T11_duplicate_only_data_cards(ws):
    ws.refused("participant", "card.duplicate", "invalid", "card_id", card_id=ws.theme())
    ws.refused("participant", "card.duplicate", "invalid", "theme_id", card_id=ws.data(), theme_id=ws.data())


def test_R2_projector_cannot_duplicate(ws):
    ws.refused("projector", "card.duplicate", "forbidden", card_id=ws.data())


def test_duplicate_missing_card_is_not_found(ws):
    ws.refused("participant", "card.duplicate", "not_found", "card_id", card_id="c-gone")
    ws.refused("participant", "card.duplicate", "not_found", "theme_id", card_id=ws.data(), theme_id="c-gone")


def test_T1_a_copy_of_a_copy_records_its_own_source(ws):
    original = ws.data()
    copy = ws.do("participant", "card.duplicate", card_id=original).result["card_id"]
    again = ws.do("participant", "card.duplicate", card_id=copy).result["card_id"]
    assert ws.get(again)["duplicate_of"] == copy


# ---- card.split --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["facilitator", "host"])
def test_T9_split_into_parts_that_keep_the_theme(ws, who):
    theme = ws.theme()
    original = ws.data(theme_id=theme, text="Nobody calls back, and the forms are too long", x=0.2, y=0.3)
    change = ws.do(who, "card.split", card_id=original, texts=["Nobody calls back", " The forms are too long "])
    parts = [ws.get(i) for i in change.result["card_ids"]]
    assert ws.get(original) is None and change.del_ids == [original]
    assert [p["text"] for p in parts] == ["Nobody calls back", "The forms are too long"]
    for i, part in enumerate(parts):
        assert part["split_from"] == original and part["duplicate_of"] is None
        assert part["theme_id"] == theme and part["tag"] == "nww" and part["board_id"] == ws.board("nww")["id"]
        assert part["v"] == 1 and part["created_by"] == ws.ids[who]
        assert part["x"] == 0.2 and part["y"] == pytest.approx(0.3 + 0.02 * i)
    assert ws.get(theme)["count"] == 2
    assert_counts_right(ws.state)


def test_T9_split_of_an_unthemed_card_at_the_top_edge(ws):
    original = ws.data(y=0.0)
    parts = ws.do("facilitator", "card.split", card_id=original, texts=["a", "b", "c"]).result["card_ids"]
    assert [ws.get(p)["y"] for p in parts] == pytest.approx([0.0, 0.02, 0.04])
    assert all(ws.get(p)["theme_id"] is None for p in parts)


def test_T9_split_parts_stay_on_the_board_at_the_bottom_edge(ws):
    parts = ws.do("facilitator", "card.split", card_id=ws.data(y=1.0), texts=["a", "b"]).result["card_ids"]
    assert [ws.get(p)["y"] for p in parts] == [1.0, 1.0]


@pytest.mark.parametrize("texts", [[], ["only one part"], [f"part {i}" for i in range(11)]])
def test_T9_split_needs_2_to_10_parts(ws, texts):
    err = ws.refused("facilitator", "card.split", "invalid", "texts", card_id=ws.data(), texts=texts)
    assert "2 to 10" in err.message


def test_T9_split_into_10_parts(ws):
    parts = ws.do("host", "card.split", card_id=ws.data(), texts=[f"part {i}" for i in range(10)])
    assert len(parts.result["card_ids"]) == 10


def test_C1_split_part_of_171_characters_is_too_long(ws):
    ws.refused("facilitator", "card.split", "too_long", "texts.1", card_id=ws.data(), texts=["ok", "z" * 171])
    ws.do("facilitator", "card.split", card_id=ws.data(), texts=["ok", "z" * 170])


def test_C2_split_part_without_words_is_invalid(ws):
    ws.refused("facilitator", "card.split", "invalid", "texts.0", card_id=ws.data(), texts=["  ", "fine"])


def test_R8_participant_cannot_split(ws):
    err = ws.refused("participant", "card.split", "forbidden", card_id=ws.data(), texts=["a", "b"])
    assert "split" in err.message


def test_R2_projector_cannot_split(ws):
    ws.refused("projector", "card.split", "forbidden", card_id=ws.data(), texts=["a", "b"])


def test_T11_split_only_data_cards(ws):
    ws.refused("facilitator", "card.split", "invalid", "card_id", card_id=ws.theme(), texts=["a", "b"])


def test_split_missing_card_is_not_found(ws):
    ws.refused("facilitator", "card.split", "not_found", "card_id", card_id="c-gone", texts=["a", "b"])


def test_split_texts_must_be_a_list_of_words(ws):
    ws.refused("facilitator", "card.split", "invalid", "texts", card_id=ws.data(), texts="a, b")
    ws.refused("facilitator", "card.split", "invalid", "texts.1", card_id=ws.data(), texts=["a", 2])


# ---- counts across ops -------------------------------------------------------------------------


def test_T2_count_follows_every_theming_op(ws):
    a, b = ws.theme(text="I want to be heard"), ws.theme(text="I want choice")
    cards = [ws.data(text=f"Answer {i}") for i in range(4)]
    for card in cards[:3]:
        ws.do("participant", "card.group", card_id=card, theme_id=a)
    assert_counts_right(ws.state)
    ws.do("participant", "card.duplicate", card_id=cards[0], theme_id=b)
    ws.do("host", "card.split", card_id=cards[1], texts=["x", "y", "z"])
    ws.do("participant", "card.group", card_id=cards[2], theme_id=b)
    ws.do("participant", "card.update", card_id=cards[0], board_id=ws.board("ww")["id"])
    ws.do("facilitator", "card.delete", card_id=cards[3])
    assert (ws.get(a)["count"], ws.get(b)["count"]) == (3, 2) == (count_in(ws.state, a), count_in(ws.state, b))
    ws.do("participant", "card.update", card_id=b, board_id=ws.board("iff")["id"])
    assert ws.get(b)["count"] == 2
    ws.do("facilitator", "card.delete", card_id=a)
    assert_counts_right(ws.state)
    assert sum(1 for c in ws.data_cards() if c["theme_id"] is None) == 4
