"""The data amendment key: import, amend (a–h), resolve, publish (server/domain/amendments.py)."""
import copy

import pytest

from server.domain import amendments
from server.domain.errors import Rejected
from server.domain.gate import apply_op
from server.domain.views import visible
from server.imports.responses import parse

from .conftest import assert_counts_right

LONG = "I " + "really " * 30 + "want to be listened to"  # over 170 characters


def imported(ws, rows, publish=True, who="facilitator"):
    parsed = parse(rows)
    change = apply_op(ws.state, ws.actor(who), "responses.import",
                      parsed.import_args("answers.csv", None, publish), ws.ctx, internal=True)
    ws.state.apply(change)
    return change


def refused(ws, who, op, error, field=None, **args):
    """As ws.refused, for ops with an argument called `code` (the amendment code)."""
    before = copy.deepcopy(ws.state.records)
    with pytest.raises(Rejected) as caught:
        ws.state.apply(apply_op(ws.state, ws.actor(who), op, args, ws.ctx))
    assert ws.state.records == before
    assert caught.value.code == error, caught.value.message
    if field is not None:
        assert caught.value.field == field, caught.value.message
    return caught.value


def answers(ws) -> list[dict]:
    return sorted(ws.state.of_kind("answer"), key=lambda a: (a["row"] or 0, a["question"]))


WIDE = [["Respondent", "Name", "What is working well for you?", "What is not working well for you?",
         "What is important to you in the future?", "Age group"],
        ["R1", "Ann Smith", "The lunch club", "Nobody calls back", "", "65-74"],
        ["R2", "Bob Jones", "", LONG, "Friends", "65-74"],
        ["R3", "Cy", "My GP listens", "", "Call me on 07700 900123", "65-74"],
        ["R4", "Di", "", "", "", "18-34"]]


def test_A4_import_keeps_every_answer_and_publishes_the_ones_that_fit(ws):
    change = imported(ws, WIDE)
    assert change.result["responses"] == 3 and change.result["cards"] == 4
    assert [(f["row"], f["question"], f["reason"]) for f in change.result["flagged"]] == [
        (3, "nww", "too_long"), (4, "iff", "contact_details")]
    by_text = {a["original"]: a for a in answers(ws)}
    assert len(by_text) == 6
    assert by_text[LONG]["status"] == "pending" and by_text[LONG]["card_ids"] == []  # never cut
    cards = [c for c in ws.state.of_kind("card") if c["type"] == "data"]
    assert sorted(c["text"] for c in cards) == ["Friends", "My GP listens", "Nobody calls back", "The lunch club"]
    assert not any("Ann" in c["text"] or "R1" in c["text"] for c in cards)
    for card in cards:
        assert card["answer_id"] in by_text[card["text"]]["id"] and card["tag"] == by_text[card["text"]]["question"]


def test_import_counts_who_we_heard_from_without_small_groups(ws):
    imported(ws, WIDE)
    dataset = next(ws.state.of_kind("dataset"))
    assert dataset["heard_from"] == {"Age group": {"65-74": 3}}  # 18-34 is one person and R4 gave no answers
    assert "Ann Smith" not in str(dataset)


def test_import_without_publishing_keeps_answers_for_cleaning(ws):
    change = imported(ws, WIDE, publish=False)
    assert change.result["cards"] == 0
    assert all(a["status"] == "pending" for a in answers(ws))


def test_R8_only_staff_import_and_amend(ws):
    with pytest.raises(Exception) as caught:
        imported(ws, WIDE, who="participant")
    assert caught.value.code == "forbidden"
    imported(ws, WIDE)
    aid = answers(ws)[0]["id"]
    refused(ws, "participant", "answer.amend", "forbidden", answer_id=aid, code="b", amended="Simpler")


def test_answers_are_seen_by_staff_only(ws):
    imported(ws, WIDE)
    answer = answers(ws)[0]
    assert visible(answer, ws.actor("host")) == answer
    assert visible(answer, ws.actor("participant")) is None
    assert visible(next(ws.state.of_kind("dataset")), ws.actor("projector")) is None


def test_A1_A4_shortening_a_long_answer_keeps_the_original_and_then_publishes(ws):
    imported(ws, WIDE)
    long = next(a for a in answers(ws) if a["original"] == LONG)
    ws.do("host", "answer.amend", answer_id=long["id"], code="a", amended="I want to be listened to")
    amended = ws.get(long["id"])
    assert amended["original"] == LONG and amended["amended"] == "I want to be listened to" and amended["code"] == "a"
    assert amendments.flags(amended) == []
    change = ws.do("facilitator", "answer.publish")
    assert change.result["skipped"] == [{"answer_id": next(a["id"] for a in answers(ws) if "07700" in a["original"]),
                                         "reason": "contact_details"}]
    card = ws.get(change.result["card_ids"][0])
    assert card["text"] == "I want to be listened to" and card["board_id"] == ws.board("nww")["id"]
    assert ws.get(long["id"])["status"] == "published"


def test_A4_an_amended_text_over_170_is_refused(ws):
    imported(ws, WIDE)
    aid = answers(ws)[0]["id"]
    refused(ws, "facilitator", "answer.amend", "too_long", "amended", answer_id=aid, code="b", amended=LONG)


def test_A2_other_and_omitted_need_a_reason(ws):
    imported(ws, WIDE)
    aid = answers(ws)[0]["id"]
    refused(ws, "facilitator", "answer.amend", "invalid", "reason", answer_id=aid, code="f")
    refused(ws, "facilitator", "answer.amend", "invalid", "reason", answer_id=aid, code="e", amended="x")
    refused(ws, "facilitator", "answer.amend", "invalid", "amended", answer_id=aid, code="b")
    refused(ws, "facilitator", "answer.amend", "invalid", "code", answer_id=aid, code=None, amended="x")


def test_A5_omitting_a_published_answer_removes_its_card_but_keeps_the_answer(ws):
    imported(ws, WIDE)
    answer = next(a for a in answers(ws) if a["original"] == "The lunch club")
    card_id = answer["card_ids"][0]
    theme = ws.theme("ww", "I like meeting people")
    ws.do("facilitator", "card.group", card_id=card_id, theme_id=theme)
    change = ws.do("facilitator", "answer.amend", answer_id=answer["id"], code="f", reason="Names a member of staff")
    assert card_id in change.del_ids and ws.get(card_id) is None
    kept = ws.get(answer["id"])
    assert kept["status"] == "omitted" and kept["original"] == "The lunch club" and kept["card_ids"] == []
    assert ws.get(theme)["count"] == 0
    assert_counts_right(ws.state)
    assert ws.do("facilitator", "answer.publish").result["card_ids"] == []  # omitted stays off the boards


def test_A3_a_split_answer_becomes_several_cards_in_its_theme(ws):
    imported(ws, WIDE)
    answer = next(a for a in answers(ws) if a["original"] == "Nobody calls back")
    theme = ws.theme("nww", "I am not listened to")
    ws.do("facilitator", "card.group", card_id=answer["card_ids"][0], theme_id=theme)
    refused(ws, "facilitator", "answer.amend", "invalid", "parts", answer_id=answer["id"], code="c", parts=["One"])
    change = ws.do("facilitator", "answer.amend", answer_id=answer["id"], code="c",
                   parts=["Nobody calls", "Nobody comes back to me"])
    parts = [c for c in change.put if c["kind"] == "card" and c["type"] == "data"]
    assert [c["text"] for c in parts] == ["Nobody calls", "Nobody comes back to me"]
    assert all(c["theme_id"] == theme and c["answer_id"] == answer["id"] for c in parts)
    assert ws.get(theme)["count"] == 2
    assert ws.get(answer["id"])["card_ids"] == [c["id"] for c in parts]
    assert_counts_right(ws.state)


def test_rephrasing_a_published_answer_updates_its_card(ws):
    imported(ws, WIDE)
    answer = next(a for a in answers(ws) if a["original"] == "My GP listens")
    ws.do("facilitator", "answer.amend", answer_id=answer["id"], code="d", amended="My doctor listens to me")
    assert ws.get(answer["card_ids"][0])["text"] == "My doctor listens to me"


def test_A6_a_query_blocks_nothing_and_stays_listed_until_resolved(ws):
    imported(ws, WIDE)
    answer = next(a for a in answers(ws) if a["original"] == "Friends")
    ws.do("facilitator", "answer.amend", answer_id=answer["id"], code="h", reason="Ask what they meant")
    assert amendments.flags(ws.get(answer["id"])) == ["query"]
    assert ws.get(answer["card_ids"][0])["text"] == "Friends"  # still on the board
    ws.do("facilitator", "answer.resolve", answer_id=answer["id"])
    assert amendments.flags(ws.get(answer["id"])) == []
    other = answers(ws)[0]
    refused(ws, "facilitator", "answer.resolve", "invalid", "answer_id", answer_id=other["id"])


def test_answer_create_typed_in_by_hand_waits_to_be_published(ws):
    aid = ws.do("host", "answer.create", question="iff", text="To have a say").result["answer_id"]
    assert ws.get(aid)["status"] == "pending"
    card_ids = ws.do("host", "answer.publish", answer_ids=[aid]).result["card_ids"]
    assert ws.get(card_ids[0])["board_id"] == ws.board("iff")["id"]
    assert ws.do("host", "answer.publish", answer_ids=[aid]).result["card_ids"] == []  # once only


def test_amending_follows_the_cards_after_a_split_on_the_board_and_copies(ws):
    imported(ws, WIDE)
    answer = next(a for a in answers(ws) if a["original"] == "Nobody calls back")
    card = answer["card_ids"][0]
    parts = ws.do("facilitator", "card.split", card_id=card, texts=["Nobody calls", "Back"]).result["card_ids"]
    copy_id = ws.do("facilitator", "card.duplicate", card_id=parts[0]).result["card_id"]
    assert ws.do("facilitator", "answer.publish").result["card_ids"] == []  # still on the board: not again
    change = ws.do("facilitator", "answer.amend", answer_id=answer["id"], code="f", reason="Said twice")
    assert set(change.del_ids) == {*parts, copy_id}
    assert not [c for c in ws.state.of_kind("card") if c.get("answer_id") == answer["id"]]


def test_new_words_reach_every_copy_of_the_card(ws):
    imported(ws, WIDE)
    answer = next(a for a in answers(ws) if a["original"] == "The lunch club")
    copy_id = ws.do("facilitator", "card.duplicate", card_id=answer["card_ids"][0]).result["card_id"]
    ws.do("facilitator", "answer.amend", answer_id=answer["id"], code="b", amended="I go to the lunch club")
    assert ws.get(copy_id)["text"] == "I go to the lunch club"
    assert ws.get(answer["card_ids"][0])["text"] == "I go to the lunch club"


def test_answers_carry_their_flags_for_the_cleaning_screen(ws):
    imported(ws, WIDE)
    by_text = {a["original"]: a for a in answers(ws)}
    assert by_text[LONG]["flags"] == ["too_long"]
    assert by_text["Call me on 07700 900123"]["flags"] == ["contact_details"]
    assert by_text["Friends"]["flags"] == []
    ws.do("facilitator", "answer.amend", answer_id=by_text["Friends"]["id"], code="h", reason="Which friends?")
    assert ws.get(by_text["Friends"]["id"])["flags"] == ["query"]
    ws.do("facilitator", "answer.amend", answer_id=by_text[LONG]["id"], code="f", reason="Repeats another answer")
    assert ws.get(by_text[LONG]["id"])["flags"] == ["omitted"]


def test_I1_an_import_still_being_stored_is_left_alone_until_it_is_whole(ws):
    """Another process stores a large import in slices, its dataset last (pipeline.slices). Until then its
    answers and cards cannot be changed: were the import taken back, the change would be lost with them."""
    from server.realtime.pipeline import slices

    parsed = parse(WIDE)
    change = apply_op(ws.state, ws.actor("facilitator"), "responses.import",
                      parsed.import_args("answers.csv", None, True), ws.ctx, internal=True)
    parts = slices(change, 2)
    assert len(parts) > 2 and parts[-1].put[-1]["kind"] == "dataset"
    for part in parts[:-1]:
        ws.state.apply(part)
    answer = next(a for a in answers(ws) if a["original"] == "The lunch club")
    card_id = answer["card_ids"][0]
    message = "These answers are still being imported. Please try again in a moment."
    assert refused(ws, "facilitator", "card.update", "conflict", card_id=card_id, x=0.5, y=0.5).message == message
    refused(ws, "facilitator", "card.delete", "conflict", card_id=card_id)
    refused(ws, "facilitator", "card.group", "conflict", card_id=card_id, theme_id=ws.theme("ww", "Clubs"))
    refused(ws, "facilitator", "answer.amend", "conflict", answer_id=answer["id"], code="d", amended="Lunch club")
    ws.do("facilitator", "card.create", board_id=ws.board("ww")["id"], type="note", text="Other work goes on")

    ws.state.apply(parts[-1])  # whole: the same changes now go through
    ws.do("facilitator", "card.update", card_id=card_id, x=0.5, y=0.5)
    ws.do("facilitator", "answer.amend", answer_id=answer["id"], code="d", amended="Lunch club")
    assert ws.get(card_id)["text"] == "Lunch club"
