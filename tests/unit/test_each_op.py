"""One test named after each op that no feature test is named after: what it does, and one refusal.

`test_every_op_has_a_test` (test_protocol_docs.py) asks for a test named `test_<op>_…`; the rule
tests elsewhere carry rule ids in their names instead (`test_V1_…`), so these say what each op
does in the plainest case, through the gate, and that a refusal changes nothing.
"""
import pytest

from server.domain.errors import Rejected
from server.domain.gate import apply_op
from server.domain.views import visible
from server.imports.responses import parse

from .facilitation_helpers import Workshop as Room


def refused(w, actor, op, code="forbidden", **args):
    before = {k: dict(v) for k, v in w.state.records.items()}
    with pytest.raises(Rejected) as e:
        w.run(actor, op, **args)
    assert e.value.code == code, e.value.message
    assert w.state.records == before
    return e.value


def board(w, board_type):
    return next(b["id"] for b in w.state.of_kind("board") if b["type"] == board_type)


def card(w, actor, board_type, card_type, text, **extra):
    return w.run(actor, "card.create", board_id=board(w, board_type), type=card_type, text=text,
                 **extra).result["card_id"]


def imported(w, rows, publish=False):
    args = parse(rows).import_args("answers.csv", None, publish)
    change = apply_op(w.state, w.state.get(w.fac), "responses.import", args, w.ctx, internal=True)
    w.state.apply(change)
    return change


ROWS = [["What is working well for you?", "What is not working well for you?", "What is important to you in the future?"],
        ["The lunch club", "Nobody calls back. The forms confuse me", "Call me on 07700 900123"]]


def answer(w, original):
    return next(a for a in w.state.of_kind("answer") if a["original"] == original)


# ---- data in --------------------------------------------------------------------------------------

def test_responses_import_keeps_every_answer_and_is_internal_only():
    w = Room()
    change = imported(w, ROWS)
    assert sorted(a["original"] for a in w.state.of_kind("answer")) == [
        "Call me on 07700 900123", "Nobody calls back. The forms confuse me", "The lunch club"]
    assert change.result["flagged"][0]["reason"] == "contact_details"
    with pytest.raises(Rejected) as e:  # no member may send the server's own import op
        apply_op(w.state, w.state.get(w.fac), "responses.import",
                 parse(ROWS).import_args("answers.csv", None, False), w.ctx)
    assert (e.value.code, e.value.field) == ("invalid", "op")  # internal ops do not exist for clients (O4)


def test_answer_amend_splits_an_answer_with_two_points_and_a_participant_may_not():
    w = Room()
    imported(w, ROWS)
    two = answer(w, "Nobody calls back. The forms confuse me")
    before = {k: dict(v) for k, v in w.state.records.items()}
    with pytest.raises(Rejected) as e:  # `code` is the amendment code here, so no refused() helper
        w.run(w.people[0], "answer.amend", answer_id=two["id"], code="c", parts=["Nobody calls back", "Forms"])
    assert e.value.code == "forbidden" and w.state.records == before
    w.run(w.host, "answer.amend", answer_id=two["id"], code="c", parts=["Nobody calls back", "The forms confuse me"])
    assert w.get(two["id"])["code"] == "c" and w.get(two["id"])["parts"] == ["Nobody calls back",
                                                                              "The forms confuse me"]
    assert w.get(two["id"])["original"] == "Nobody calls back. The forms confuse me"


def test_answer_resolve_closes_a_query_and_only_for_code_h():
    w = Room()
    imported(w, ROWS)
    lunch = answer(w, "The lunch club")
    refused(w, w.fac, "answer.resolve", code="invalid", answer_id=lunch["id"])  # no query on it
    w.run(w.fac, "answer.amend", answer_id=lunch["id"], code="h", reason="Which lunch club?")
    w.run(w.fac, "answer.resolve", answer_id=lunch["id"])
    assert w.get(lunch["id"])["resolved"] is True


def test_answer_publish_makes_data_cards_and_skips_contact_details():
    w = Room()
    imported(w, ROWS)
    refused(w, w.people[0], "answer.publish")
    result = w.run(w.fac, "answer.publish").result
    texts = sorted(w.get(c)["text"] for c in result["card_ids"])
    assert texts == ["Nobody calls back. The forms confuse me", "The lunch club"]
    assert [s["reason"] for s in result["skipped"]] == ["contact_details"]
    assert all(w.get(c)["type"] == "data" for c in result["card_ids"])


# ---- theming --------------------------------------------------------------------------------------

def test_card_group_puts_a_data_card_in_a_theme_and_takes_it_out_again():
    w = Room()
    theme = card(w, w.people[0], "nww", "theme", "I wait too long")
    data = card(w, w.fac, "nww", "data", "Nobody calls back")
    w.run(w.people[0], "card.group", card_id=data, theme_id=theme)
    assert w.get(data)["theme_id"] == theme and w.get(theme)["count"] == 1
    refused(w, w.people[0], "card.group", code="invalid", card_id=theme, theme_id=theme)  # a theme is no data card
    w.run(w.people[1], "card.group", card_id=data, theme_id=None)
    assert w.get(data)["theme_id"] is None and w.get(theme)["count"] == 0


def test_card_duplicate_copies_a_card_into_a_second_theme():
    w = Room()
    first = card(w, w.fac, "nww", "theme", "I am lonely")
    second = card(w, w.fac, "nww", "theme", "I wait too long")
    data = card(w, w.fac, "nww", "data", "Nobody visits at weekends", theme_id=first)
    copy = w.run(w.people[0], "card.duplicate", card_id=data, theme_id=second).result["card_id"]
    assert w.get(copy)["duplicate_of"] == data and w.get(copy)["theme_id"] == second
    assert w.get(copy)["text"] == "Nobody visits at weekends"
    refused(w, w.projector, "card.duplicate", card_id=data, theme_id=second)


def test_card_split_breaks_a_card_in_parts_that_keep_its_theme():
    w = Room()
    theme = card(w, w.fac, "nww", "theme", "I can't fill in forms")
    data = card(w, w.fac, "nww", "data", "Forms are hard and letters confuse me", theme_id=theme)
    refused(w, w.people[0], "card.split", card_id=data, texts=["Forms are hard", "Letters confuse me"])
    refused(w, w.fac, "card.split", code="invalid", card_id=data, texts=["Only one part"])
    parts = w.run(w.fac, "card.split", card_id=data, texts=["Forms are hard", "Letters confuse me"]).result["card_ids"]
    assert [w.get(p)["text"] for p in parts] == ["Forms are hard", "Letters confuse me"]
    assert all(w.get(p)["split_from"] == data and w.get(p)["theme_id"] == theme for p in parts)
    assert w.get(data) is None or w.get(data).get("board_id") is None


# ---- rooms and the toolkit -----------------------------------------------------------------------

def test_room_create_numbers_tables_and_keeps_one_chill_out_room():
    w = Room()
    one = w.run(w.host, "room.create", type="table").result["room_id"]
    two = w.run(w.host, "room.create", type="table").result["room_id"]
    assert (w.get(one)["number"], w.get(two)["number"]) == (1, 2)
    w.run(w.host, "room.create", type="chill_out")
    refused(w, w.host, "room.create", code="conflict", type="chill_out")
    refused(w, w.host, "room.create", code="conflict", type="main")
    refused(w, w.people[0], "room.create", type="table")


def test_room_assign_gives_a_person_their_own_table():
    w = Room()
    ada, bob = w.people
    table = w.run(w.host, "room.create", type="table").result["room_id"]
    w.run(w.host, "room.assign", participant_id=ada, room_id=table)
    assert w.get(ada)["table_id"] == table and w.get(ada)["room_id"] == table
    refused(w, bob, "room.assign", participant_id=bob, room_id=table)


def test_room_enter_lets_a_participant_go_to_the_chill_out_room_but_not_another_table():
    w = Room()
    ada, bob = w.people
    one = w.run(w.host, "room.create", type="table").result["room_id"]
    two = w.run(w.host, "room.create", type="table").result["room_id"]
    chill = w.run(w.host, "room.create", type="chill_out").result["room_id"]
    w.run(w.host, "room.assign", participant_id=ada, room_id=one)
    refused(w, ada, "room.enter", room_id=two)
    w.run(ada, "room.enter", room_id=chill)
    assert w.get(ada)["room_id"] == chill and w.get(ada)["chill_out_alert"]["seen_by"] is None
    w.run(ada, "room.enter", room_id=one)
    assert w.get(ada)["room_id"] == one


def test_chill_out_seen_records_which_host_saw_the_alert():
    w = Room()
    ada, _ = w.people
    chill = w.run(w.host, "room.create", type="chill_out").result["room_id"]
    w.run(ada, "room.enter", room_id=chill)
    refused(w, w.people[1], "chill_out.seen", participant_id=ada)
    w.run(w.host, "chill_out.seen", participant_id=ada)
    alert = w.get(ada)["chill_out_alert"]
    assert alert["seen_by"] == w.host and alert["seen_at"] == w.ctx.now


def test_rooms_shuffle_seats_everyone_at_a_table_and_only_staff_may():
    w = Room(people=["Ada", "Bob", "Cy", "Dee"])
    tables = [w.run(w.host, "room.create", type="table").result["room_id"] for _ in range(2)]
    refused(w, w.people[0], "rooms.shuffle")
    w.run(w.host, "rooms.shuffle")
    seated = [w.get(p)["table_id"] for p in w.people]
    assert sorted(seated) == sorted(tables * 2)


def test_breakout_close_brings_everyone_back_to_the_main_room():
    w = Room()
    ada, bob = w.people
    table = w.run(w.host, "room.create", type="table").result["room_id"]
    w.run(w.host, "room.assign", participant_id=ada, room_id=table)
    w.run(w.host, "breakout.open", seconds=600)
    refused(w, bob, "breakout.close")
    w.run(w.host, "breakout.close")
    assert w.get(ada)["room_id"] == w.main and w.get(ada)["table_id"] == table  # still their table
    assert w.state.workshop()["breakout"]["status"] == "closed"


def test_breakout_broadcast_reaches_every_room_as_an_announcement():
    w = Room()
    ada, bob = w.people
    table = w.run(w.host, "room.create", type="table").result["room_id"]
    w.run(w.host, "room.assign", participant_id=ada, room_id=table)
    message = w.get(w.run(w.host, "breakout.broadcast", text="Ten minutes left").result["message_id"])
    assert message["announcement"] is True
    assert visible(message, w.get(ada))["text"] == "Ten minutes left"
    assert visible(message, w.get(bob))["text"] == "Ten minutes left"
    refused(w, ada, "breakout.broadcast", text="Me too")


def test_chat_hide_empties_the_text_for_participants_but_staff_still_see_it():
    w = Room()
    ada, bob = w.people
    m = w.run(ada, "chat.send", text="Something rude", everyone=True).result["message_id"]
    refused(w, bob, "chat.hide", message_id=m)
    w.run(w.fac, "chat.hide", message_id=m)
    assert visible(w.get(m), w.get(bob))["text"] == ""
    assert w.get(m)["hidden"] is True


def test_hand_lower_by_the_person_or_a_host_and_nobody_else():
    w = Room()
    ada, bob = w.people
    w.run(ada, "hand.raise")
    refused(w, bob, "hand.lower", participant_id=ada)
    w.run(w.host, "hand.lower", participant_id=ada)
    assert w.get(ada)["hand_raised"] is False


def test_timer_stop_stops_a_running_timer_and_only_staff_may():
    w = Room()
    t = w.run(w.fac, "timer.start", seconds=60).result["timer_id"]
    refused(w, w.people[0], "timer.stop", timer_id=t)
    w.run(w.host, "timer.stop", timer_id=t)
    assert w.get(t)["status"] == "stopped"


def test_poll_answer_again_replaces_the_first_answer():
    w = Room()
    ada, bob = w.people
    q = w.run(w.host, "poll.create", question="Break now?", options=["Yes", "No"]).result["poll_id"]
    w.run(ada, "poll.answer", poll_id=q, choices=[0])
    w.run(ada, "poll.answer", poll_id=q, choices=[1])
    assert w.get(q)["counts"] is None and w.get(q)["answered"] == 1  # anonymous: counted at the close (Q1)
    refused(w, ada, "poll.answer", code="invalid", poll_id=q, choices=[5])
    w.run(bob, "poll.answer", poll_id=q, choices=[1])
    w.run(w.host, "poll.answer", poll_id=q, choices=[0])  # three people: the counts show (Q2)
    w.run(w.host, "poll.close", poll_id=q)
    assert w.get(q)["counts"] == [1, 2] and w.get(q)["answered"] == 3


def test_poll_close_ends_answering_and_a_second_close_is_vote_closed():
    w = Room()
    q = w.run(w.host, "poll.create", question="Break now?", options=["Yes", "No"]).result["poll_id"]
    refused(w, w.people[0], "poll.close", poll_id=q)
    w.run(w.host, "poll.close", poll_id=q)
    assert w.get(q)["status"] == "closed"
    refused(w, w.host, "poll.close", code="vote_closed", poll_id=q)
    refused(w, w.people[0], "poll.answer", code="vote_closed", poll_id=q, choices=[0])


def test_participant_join_adds_a_participant_through_the_gate_only_as_an_internal_op():
    w = Room()
    change = apply_op(w.state, None, "participant.join", {"name": "  Eve ", "perspective": "provider"}, w.ctx,
                      internal=True)
    w.state.apply(change)
    eve = w.get(change.result["participant_id"])
    assert (eve["name"], eve["role"], eve["perspective"]) == ("Eve", "participant", "provider")
    with pytest.raises(Rejected) as e:
        apply_op(w.state, None, "participant.join", {"name": ""}, w.ctx, internal=True)
    assert e.value.code == "invalid"


# ---- votes, the grid and plans --------------------------------------------------------------------

def test_round_close_makes_the_tallies_final():
    w = Room()
    theme = card(w, w.fac, "nww", "theme", "I am lonely")
    rid = w.run(w.fac, "round.open", board_id=board(w, "nww")).result["round_id"]
    w.run(w.people[0], "vote.cast", round_id=rid, target_id=theme)
    refused(w, w.people[0], "round.close", round_id=rid)
    w.run(w.host, "round.close", round_id=rid)
    assert w.get(rid)["status"] == "closed" and w.get(rid)["tallies"] == {theme: 1}
    refused(w, w.fac, "round.close", code="vote_closed", round_id=rid)
    refused(w, w.people[1], "vote.cast", code="vote_closed", round_id=rid, target_id=theme)


@pytest.fixture
def tables_with_ideas():
    w = Room(people=["Ada", "Bob"])
    tables = [w.run(w.fac, "room.create", type="table").result["room_id"] for _ in range(2)]
    boards = [w.run(w.fac, "board.create", type="ideas", room_id=t).result["board_id"] for t in tables]
    ideas = [w.run(w.fac, "card.create", board_id=b, type="idea", hat=hat, text=f"Idea {hat}").result["card_id"]
             for b in boards for hat in "TC"]
    plan_board = w.run(w.fac, "board.create", type="action_plan", room_id=tables[0]).result["board_id"]
    w.run(w.fac, "room.assign", participant_id=w.people[0], room_id=tables[0])
    return w, ideas, plan_board


def test_grid_add_sends_chosen_ideas_to_the_grid_unplaced(tables_with_ideas):
    w, ideas, _ = tables_with_ideas
    copies = w.run(w.host, "grid.add", card_ids=[ideas[0], ideas[3]]).result["card_ids"]
    assert [w.get(c)["source_id"] for c in copies] == [ideas[0], ideas[3]]
    assert [w.get(c)["code"] for c in copies] == ["1T", "2C"] and all(w.get(c)["quadrant"] is None for c in copies)
    refused(w, w.people[0], "grid.add", card_ids=[ideas[1]])


def test_card_merge_joins_two_ideas_on_the_grid_into_one_with_both_codes(tables_with_ideas):
    w, ideas, _ = tables_with_ideas
    copies = w.run(w.fac, "grid.add", card_ids=[ideas[0], ideas[2]]).result["card_ids"]
    refused(w, w.people[0], "card.merge", card_ids=copies)
    merged = w.run(w.fac, "card.merge", card_ids=copies, text="A buddy on the bus").result["card_id"]
    assert w.get(merged)["code"] == "1T+2T" and w.get(merged)["text"] == "A buddy on the bus"
    refused(w, w.fac, "card.merge", code="invalid", card_ids=[merged])


def test_plan_create_starts_a_plan_for_a_quick_win_at_the_table(tables_with_ideas):
    w, ideas, plan_board = tables_with_ideas
    (on_grid,) = w.run(w.fac, "grid.add", card_ids=[ideas[0]]).result["card_ids"]
    w.run(w.fac, "grid.place", card_id=on_grid, impact=0.8, effort=0.2)
    refused(w, w.people[1], "plan.create", board_id=plan_board, idea_id=on_grid)  # Bob sits at no table
    plan = w.run(w.people[0], "plan.create", board_id=plan_board, idea_id=on_grid).result["plan_id"]
    record = w.get(plan)
    assert (record["quadrant"], record["code"], record["status"]) == ("quick_win", "1T", "planned")


def test_plan_set_lead_names_a_member_as_lead_but_never_a_projector(tables_with_ideas):
    w, ideas, plan_board = tables_with_ideas
    (on_grid,) = w.run(w.fac, "grid.add", card_ids=[ideas[0]]).result["card_ids"]
    w.run(w.fac, "grid.place", card_id=on_grid, impact=0.8, effort=0.2)
    plan = w.run(w.people[0], "plan.create", board_id=plan_board, idea_id=on_grid).result["plan_id"]
    refused(w, w.people[0], "plan.set_lead", code="invalid", plan_id=plan, participant_id=w.projector)
    w.run(w.people[0], "plan.set_lead", plan_id=plan, participant_id=w.people[1])
    assert w.get(plan)["lead_id"] == w.people[1]
