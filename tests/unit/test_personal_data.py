"""Personal data in the rules: personal links (server/domain/people.py)."""
import pytest

from server.domain.errors import Rejected
from server.domain.gate import apply_op


def link(ws, who, target):
    return apply_op(ws.state, ws.actor(who), "participant.link", {"participant_id": ws.ids.get(target, target)},
                    ws.ctx, internal=True)


def test_participant_link_revokes_the_persons_earlier_tokens(ws):
    change = link(ws, "facilitator", "participant")
    pid = ws.ids["participant"]
    assert change.revoke == [pid] and change.result == {"participant_id": pid}
    [person] = change.put
    assert person["id"] == pid and person["link_made_at"] and person["v"] == ws.actor("participant")["v"] + 1


def test_participant_link_is_for_the_facilitator_only(ws):
    for who in ("host", "participant", "projector"):
        with pytest.raises(Rejected) as caught:
            link(ws, who, "participant")
        assert caught.value.code == "forbidden"


def test_participant_link_for_nobody_is_not_found(ws):
    with pytest.raises(Rejected) as caught:
        link(ws, "facilitator", "p-nobody")
    assert (caught.value.code, caught.value.field) == ("not_found", "participant_id")


def test_participant_link_is_internal_only(ws):
    with pytest.raises(Rejected):
        apply_op(ws.state, ws.actor("facilitator"), "participant.link", {"participant_id": ws.ids["host"]}, ws.ctx)


# ---- anonymous answers (server/domain/anonymous.py) ------------------------------------------

from server.domain.anonymous import ballot_id, keyed_ballot_id, own_ballot, recount_open, workshop_key  # noqa: E402
from tests.unit.gate_helpers import join_workshop  # noqa: E402
from server.domain.views import visible  # noqa: E402
from server.protocol.records import RECORDS  # noqa: E402


def anonymous_poll(ws):
    ws.state.ballot_key = workshop_key(b"server secret", "w1")
    return ws.do("host", "poll.create", question="How are you?", options=["Good", "OK", "Tired"]).result["poll_id"]


def test_D2_poll_answer_anonymous_holds_no_voter_and_is_stored_without_an_actor(ws):
    q = anonymous_poll(ws)
    change = ws.do("participant", "poll.answer", poll_id=q, choices=[0])
    assert change.anonymous and change.result == {"choices": [0]}
    ballot = next(r for r in change.put if r["kind"] == "poll_answer")
    RECORDS["poll_answer"].model_validate(ballot)
    pat = ws.actor("participant")
    assert ballot["voter_id"] is None and ballot["voter_name"] is None and ballot["at"] is None
    assert pat["id"] not in repr(change.put) and pat["name"] not in repr(change.put)
    assert all(visible(ballot, ws.actor(who)) is None for who in ("facilitator", "host", "participant"))


def test_D2_poll_answer_anonymous_is_replaced_by_the_same_person_only(ws):
    q = anonymous_poll(ws)
    first = ws.do("participant", "poll.answer", poll_id=q, choices=[0])
    ws.do("host", "poll.answer", poll_id=q, choices=[2])
    ws.do("facilitator", "poll.answer", poll_id=q, choices=[2])
    again = ws.do("participant", "poll.answer", poll_id=q, choices=[1])  # changes their mind
    assert ws.get(q)["counts"] is None and ws.get(q)["answered"] == 3
    # the changed answer is a record of its own: its event names no earlier answer (D2)
    [changed] = again.put
    assert changed["v"] == 1 and changed["id"] != first.put[0]["id"] and not again.deleted
    assert first.put[0]["id"] not in repr(again.put)
    assert own_ballot(ws.state, q, ws.ids["participant"])["choices"] == [1]
    assert len(list(ws.state.of_kind("poll_answer"))) == 4  # the first stays until the close
    closed = ws.do("host", "poll.close", poll_id=q)
    assert ws.get(q)["counts"] == [0, 1, 2] and ws.get(q)["answered"] == 3
    assert [r["id"] for r in closed.deleted] == [first.put[0]["id"]]  # superseded answers go at the close
    assert len(list(ws.state.of_kind("poll_answer"))) == 3
    # filed under a keyed hash: another key (another server, a restored copy) files them elsewhere
    mine = ballot_id(ws.state, q, ws.ids["participant"], 1)
    assert ws.get(mine)["choices"] == [1]
    ws.state.ballot_key = workshop_key(b"another secret", "w1")
    assert ballot_id(ws.state, q, ws.ids["participant"], 1) != mine


def more_people(ws, n):
    for i in range(n):
        joined = join_workshop(ws.state, f"Person {i}", "lived_experience", ws.ctx)
        ws.state.apply(joined)
        ws.ids[f"p{i}"] = joined.result["participant_id"]


def test_D2_the_close_does_not_say_which_answer_a_change_replaced(ws):
    """Two people change their answers: the close removes both superseded answers in one event, in the
    order of their keyed ids, and no event pairs a first answer with the change that replaced it."""
    more_people(ws, 2)
    q = anonymous_poll(ws)
    firsts = {who: ws.do(who, "poll.answer", poll_id=q, choices=[0]).put[0]["id"] for who in ("p0", "p1", "host")}
    changes = [ws.do(who, "poll.answer", poll_id=q, choices=[1]) for who in ("p1", "p0", "p1")]
    for change in changes:
        assert [r["kind"] for r in change.put] == ["poll_answer"] and not change.deleted
        assert not set(firsts.values()) & {r["id"] for r in change.put}
    closed = ws.do("host", "poll.close", poll_id=q)
    gone = [r["id"] for r in closed.deleted]
    assert gone == sorted(gone) and set(firsts[w] for w in ("p0", "p1")) <= set(gone) and len(gone) == 3
    assert ws.get(q)["counts"] == [1, 2, 0] and ws.get(q)["answered"] == 3


def test_Q2_an_anonymous_poll_of_fewer_than_3_shows_no_counts_and_keeps_no_answer(ws):
    q = anonymous_poll(ws)
    ws.do("participant", "poll.answer", poll_id=q, choices=[0])
    ws.do("host", "poll.answer", poll_id=q, choices=[2])
    ws.do("host", "poll.answer", poll_id=q, choices=[1])  # a change is not another person
    closed = ws.do("host", "poll.close", poll_id=q)
    [poll] = closed.put
    assert poll["status"] == "closed" and poll["counts"] is None and poll["answered"] == 2
    assert visible(poll, ws.actor("facilitator"))["counts"] is None
    assert len(closed.deleted) == 3 and not list(ws.state.of_kind("poll_answer"))


def test_Q2_three_answers_are_enough_and_a_named_poll_counts_from_one(ws):
    q = anonymous_poll(ws)
    for who, c in (("participant", 0), ("host", 2), ("facilitator", 2)):
        ws.do(who, "poll.answer", poll_id=q, choices=[c])
    assert ws.do("host", "poll.close", poll_id=q).put[0]["counts"] == [1, 0, 2]
    named = ws.do("host", "poll.create", question="Which?", options=["a", "b"], anonymous=False).result["poll_id"]
    ws.do("participant", "poll.answer", poll_id=named, choices=[1])
    assert ws.do("host", "poll.close", poll_id=named).put[0]["counts"] == [0, 1]


def test_Q1_an_anonymous_answer_is_dated_when_its_poll_opened(ws):
    """The event's time (Change.at) is the poll's opening time, whenever the answer came."""
    q = anonymous_poll(ws)
    opened = ws.get(q)["created_at"]
    for who in ("participant", "host", "participant"):
        ws.ctx.now = "2027-03-01T10:%02d:17.123Z" % len(who)
        assert ws.do(who, "poll.answer", poll_id=q, choices=[0]).at == opened
    f = ws.do("host", "feedback.open").result["feedback_id"]
    ws.ctx.now = "2027-03-01T11:42:09.456Z"
    assert ws.do("participant", "feedback.answer", feedback_id=f, brave=4).at == ws.get(f)["opened_at"] != ws.ctx.now
    named = ws.do("host", "poll.create", question="Which?", options=["a", "b"], anonymous=False).result["poll_id"]
    assert ws.do("participant", "poll.answer", poll_id=named, choices=[1]).at is None  # the op's own time


def test_D2_a_restore_counts_people_not_changed_answers():
    """recount_open counts a person once however often they changed (their first answer, n 0)."""
    key = workshop_key(b"server secret", "w1")
    people = [{"id": f"p{i}", "kind": "participant"} for i in range(3)]
    poll = {"id": "q1", "kind": "poll", "anonymous": True, "status": "open", "answered": 99}
    ballots = [{"id": keyed_ballot_id(key, "q1", p, n), "kind": "poll_answer", "anonymous": True, "poll_id": "q1"}
               for p, n in (("p0", 0), ("p0", 1), ("p0", 2), ("p1", 0))]
    [counted] = [r for r in recount_open(people + [poll] + ballots, key) if r["kind"] == "poll"]
    assert counted["answered"] == 2
    [unopened] = [r for r in recount_open(people + [poll], b"") if r["kind"] == "poll"]
    assert unopened["answered"] == 0


def test_Q1_poll_answer_anonymous_moves_only_the_count_until_the_close(ws):
    """Each answer's event has a place in the log: while open, what anyone receives tells only how many."""
    q = anonymous_poll(ws)
    assert ws.get(q)["counts"] is None
    seen = []  # the poll as every member receives it, after each answer
    for who, choices in (("participant", [0]), ("host", [2]), ("facilitator", [2])):
        change = ws.do(who, "poll.answer", poll_id=q, choices=choices)
        assert change.anonymous and change.result == {"choices": choices}
        [poll] = [r for r in change.put if r["kind"] == "poll"]
        for viewer in ("facilitator", "host", "participant"):
            assert [visible(r, ws.actor(viewer)) for r in change.put if r["kind"] == "poll_answer"] == [None]
        seen.append(visible(poll, ws.actor("facilitator")))
    for before, after in zip(seen, seen[1:]):  # two polls one answer apart differ in the count only
        assert {k for k in after if after[k] != before[k]} == {"answered", "v"}
        assert after["answered"] == before["answered"] + 1 and after["counts"] is None
    changed = ws.do("participant", "poll.answer", poll_id=q, choices=[1])  # changes their mind
    assert [r["kind"] for r in changed.put] == ["poll_answer"]  # the poll itself does not move
    assert ws.get(q)["counts"] is None and ws.get(q)["answered"] == 3
    closed = ws.do("host", "poll.close", poll_id=q)
    [poll] = closed.put
    assert poll["counts"] == [0, 1, 2] and poll["answered"] == 3 and poll["status"] == "closed"
    assert visible(poll, ws.actor("participant"))["counts"] == [0, 1, 2]


def test_Q1_poll_answer_named_still_counts_live(ws):
    q = ws.do("host", "poll.create", question="Which?", options=["a", "b"], anonymous=False).result["poll_id"]
    assert ws.get(q)["counts"] == [0, 0]
    ws.do("participant", "poll.answer", poll_id=q, choices=[1])
    assert ws.get(q)["counts"] == [0, 1]
    ws.do("participant", "poll.answer", poll_id=q, choices=[0])
    assert ws.get(q)["counts"] == [1, 0] and ws.get(q)["answered"] == 1


def test_D2_poll_answer_named_still_names_the_voter_for_staff(ws):
    q = ws.do("host", "poll.create", question="Which?", options=["a", "b"], anonymous=False).result["poll_id"]
    change = ws.do("participant", "poll.answer", poll_id=q, choices=[1])
    assert not change.anonymous
    answer = next(r for r in change.put if r["kind"] == "poll_answer")
    assert answer["voter_id"] == ws.ids["participant"] and visible(answer, ws.actor("host")) == answer


# ---- erasure (server/domain/erasure.py) -------------------------------------------------------

import re  # noqa: E402

import orjson  # noqa: E402

from server.domain.erasure import ERASED_NAME, names_in_events, scrub_event, shows_name  # noqa: E402
from tests.unit.journey import Journey  # noqa: E402


def lived_journey():
    journey = Journey()
    journey.before_the_workshop()
    journey.day_one()
    journey.day_two()
    journey.after_the_workshop()
    return journey


def logged(journey):
    """The journey's ops as the event log keeps them."""
    return [{"seq": i + 1, "op": op, "actor_id": actor, "at": "t", "args": args, "put": change.put,
             "deleted": change.deleted} for i, (actor, op, args, change, _before) in enumerate(journey.played)]


def named_anywhere(value, names) -> bool:
    text = orjson.dumps(value).decode().casefold()
    return any(re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text) for n in names)


def test_participant_erase_takes_the_name_and_chat_from_every_current_record():
    journey = lived_journey()
    ada = journey.ids["Ada"]
    journey.do(journey.sam, "welcome.update", team=[{"name": "Ada L", "role": "Recorder"}])
    journey.do(ada, "chat.send", text="My secret chat zq-417")
    names = names_in_events(logged(journey), ada)
    assert names == {"ada", "ada l"}
    change = apply_op(journey.state, journey.state.get(journey.sam), "participant.erase",
                      {"participant_id": ada, "also_named": sorted(names)}, journey.ctx, internal=True)
    assert change.revoke == [ada] and change.result == {"participant_id": ada}
    journey.state.apply(change)
    person = journey.state.get(ada)
    assert person["name"] == ERASED_NAME and person["erased"] and person["perspective"] is None
    for record in journey.state.records.values():
        RECORDS[record["kind"]].model_validate(record)
    people_fields = [{k: r.get(k) for k in ("name", "by_name", "voter_name", "lead_name", "team", "parking_reviewer")}
                     for r in journey.state.records.values()]
    assert not named_anywhere(people_fields, names)
    assert all(m["text"] == "" for m in journey.state.of_kind("chat") if m["by"] == ada)
    # what she put on the boards stays, with her id (votes still count, cards are still hers to edit)
    assert any(c.get("created_by") == ada and c["text"] == "The lunch club" for c in journey.state.of_kind("card"))
    assert sum(1 for v in journey.state.of_kind("vote") if v["voter_id"] == ada) > 0


def test_participant_erase_refuses_the_last_facilitator(ws):
    with pytest.raises(Rejected) as caught:
        apply_op(ws.state, ws.actor("facilitator"), "participant.erase", {"participant_id": ws.ids["facilitator"]},
                 ws.ctx, internal=True)
    assert (caught.value.code, caught.value.field) == ("conflict", "participant_id")
    with pytest.raises(Rejected) as caught:
        apply_op(ws.state, ws.actor("host"), "participant.erase", {"participant_id": ws.ids["participant"]},
                 ws.ctx, internal=True)
    assert caught.value.code == "forbidden"


def test_D3_every_stored_event_is_redacted_in_place_keeping_seq_and_every_other_field():
    journey = lived_journey()
    ada = journey.ids["Ada"]
    journey.do(ada, "chat.send", text="My secret chat zq-417")
    events = logged(journey)
    names = names_in_events(events, ada)
    assert named_anywhere([e["args"] for e in events], names)  # the log names her before
    scrubbed = [scrub_event(e, ada, names) for e in events]
    for before, after in zip(events, scrubbed):
        assert {k: after[k] for k in ("seq", "op", "actor_id", "at")} == {k: before[k] for k in ("seq", "op", "actor_id", "at")}
        assert [(r["id"], r["v"]) for r in after["put"]] == [(r["id"], r["v"]) for r in before["put"]]
    assert "zq-417" not in orjson.dumps(scrubbed).decode()
    for e in scrubbed:
        for r in e["put"] + e["deleted"]:
            if r["kind"] == "participant":
                assert r["id"] != ada or r["name"] == ERASED_NAME
            if r["kind"] == "action_plan" and r.get("lead_id") == ada:
                assert r["lead_name"] == ERASED_NAME
        if e["op"] in ("participant.join", "participant.rename") and e["actor_id"] in (None, ada):
            assert not named_anywhere(e["args"], names)
    # vote recounts from the log match: votes are untouched
    votes = [(e["seq"], r["id"], r["voter_id"]) for e in scrubbed for r in e["put"] if r["kind"] == "vote"]
    assert votes == [(e["seq"], r["id"], r["voter_id"]) for e in events for r in e["put"] if r["kind"] == "vote"]
    assert [scrub_event(e, ada, names) for e in scrubbed] == scrubbed  # again: nothing more to do


def test_D3_a_picture_shows_a_name_only_as_a_whole_word():
    assert shows_name("<text>Lead: Ada L</text>", {"ada l"})
    assert shows_name("<text>ADA</text>", {"ada"})
    assert not shows_name("<text>Adam's group</text>", {"ada"})
    assert shows_name("<text>O&#x27;Neil</text>", {"o'neil"})


# ---- consent and notice (D5), cards without a name (D6) -----------------------------------------

from tests.unit.gate_helpers import join_workshop  # noqa: E402


def test_D5_joining_records_which_notice_was_shown_for_the_staff_only(ws):
    change = apply_op(ws.state, None, "participant.join", {"name": "Nia", "notice_version": "abc123"}, ws.ctx,
                      internal=True)
    [person] = change.put
    assert person["notice"] == {"version": "abc123", "shown_at": person["joined_at"]}
    RECORDS["participant"].model_validate(person)
    assert "notice" not in visible(person, ws.actor("participant")) and visible(person, ws.actor("host"))["notice"]


def test_D6_card_create_unnamed_hides_the_writer_from_other_participants_not_from_staff(ws):
    board = ws.board("parking")["id"]
    change = ws.do("participant", "card.create", board_id=board, type="note", text="Buses", unnamed=True)
    card = change.put[0]
    assert card["unnamed"] and card["created_by"] == ws.ids["participant"]
    other = apply_op(ws.state, None, "participant.join", {"name": "Nia"}, ws.ctx, internal=True).put[0]
    assert "created_by" not in visible(card, other)
    assert visible(card, ws.actor("participant"))["created_by"] == ws.ids["participant"]  # their own
    assert visible(card, ws.actor("host"))["created_by"] == ws.ids["participant"]  # moderation
    named = ws.do("participant", "card.create", board_id=board, type="note", text="Trains").put[0]
    assert "unnamed" not in named and visible(named, other)["created_by"] == ws.ids["participant"]


def test_D6_a_persons_choice_at_joining_applies_to_their_cards_unless_the_workshop_says_no(ws):
    nia = apply_op(ws.state, None, "participant.join", {"name": "Nia", "cards_unnamed": True}, ws.ctx,
                   internal=True)
    ws.state.apply(nia)
    nid = nia.result["participant_id"]
    assert ws.get(nid)["cards_unnamed"] is True
    board = ws.board("parking")["id"]
    assert ws.do(nid, "card.create", board_id=board, type="note", text="Quiet room").put[0]["unnamed"] is True
    ws.do("facilitator", "workshop.update", unnamed_cards=False)
    assert "unnamed" not in ws.do(nid, "card.create", board_id=board, type="note", text="Lunch").put[0]
    ws.refused(nid, "card.create", "forbidden", "unnamed", board_id=board, type="note", text="Tea", unnamed=True)
    later = apply_op(ws.state, None, "participant.join", {"name": "Ola", "cards_unnamed": True}, ws.ctx,
                     internal=True).put[0]
    assert "cards_unnamed" not in later


def test_D6_cards_written_unnamed_stay_unnamed_after_the_workshop_switches_to_named_cards(ws):
    """Switching `unnamed_cards` off changes only the cards written afterwards: a card written while names
    could be hidden keeps its writer hidden from other participants and the projector, when it is edited,
    moved or reviewed later too; one written with the name shown stays named when the choice comes back."""
    board = ws.board("parking")["id"]
    nia = apply_op(ws.state, None, "participant.join", {"name": "Nia", "cards_unnamed": True}, ws.ctx,
                   internal=True)
    ws.state.apply(nia)
    nid = nia.result["participant_id"]
    by_choice = ws.do(nid, "card.create", board_id=board, type="note", text="Quiet room").result["card_id"]
    asked = ws.do("participant", "card.create", board_id=board, type="note", text="Buses",
                  unnamed=True).result["card_id"]
    named = ws.do("participant", "card.create", board_id=board, type="note", text="Trains").result["card_id"]

    ws.do("facilitator", "workshop.update", unnamed_cards=False)
    ws.do(nid, "card.update", card_id=by_choice, text="A quiet room, please")  # the writer edits it afterwards
    ws.do("host", "card.update", card_id=asked, x=0.2)  # staff move it
    ws.do("facilitator", "parking.review", card_id=asked, reviewed=True, response="Asked the bus company")
    projector, host, facilitator, pat, nia_now = (ws.actor("projector"), ws.actor("host"), ws.actor("facilitator"),
                                                  ws.actor("participant"), ws.get(nid))
    for card_id, writer in ((by_choice, nid), (asked, ws.ids["participant"])):
        card = ws.get(card_id)
        assert card["unnamed"] is True and card["created_by"] == writer
        strangers = [v for v in (projector, pat, nia_now) if v["id"] != writer]
        assert strangers and all("created_by" not in visible(card, v) for v in strangers), card_id
        assert visible(card, ws.get(writer))["created_by"] == writer  # their own
        assert all(visible(card, v)["created_by"] == writer for v in (host, facilitator))  # moderation
    assert visible(ws.get(named), nia_now)["created_by"] == ws.ids["participant"]

    ws.do("facilitator", "workshop.update", unnamed_cards=True)  # and back: the named card stays named
    assert "unnamed" not in ws.get(named) and visible(ws.get(named), projector)["created_by"] == ws.ids["participant"]
    assert "created_by" not in visible(ws.get(by_choice), projector)


# ---- retention (D7) -------------------------------------------------------------------------------

from server.domain import retention  # noqa: E402


def test_D7_retention_counts_from_the_later_of_finishing_and_the_last_activity():
    workshop = {"created_at": "2026-01-01T10:00:00Z", "finished_at": "2026-02-01T10:00:00Z"}
    when = retention.dates(workshop, "2026-03-01T10:00:00Z", 180, 365)
    assert when["counted_from"] == "2026-03-01T10:00:00Z"  # a check-in after finishing moves it on
    assert when["erase_on"] == "2026-08-28T10:00:00Z" and when["delete_on"] == "2027-03-01T10:00:00Z"
    assert not when["own_setting"]
    assert retention.due(when, "2026-08-28T09:59:59Z", False) is None
    assert retention.due(when, "2026-08-28T10:00:00Z", False) == "erase"
    assert retention.due(when, "2026-09-01T00:00:00Z", True) is None  # erased already
    assert retention.due(when, "2027-03-01T10:00:00Z", True) == "delete"
    own = retention.dates({**workshop, "erase_after_days": 30, "delete_after_days": 10}, None, 180, 365)
    assert own["counted_from"] == "2026-02-01T10:00:00Z" and own["erase_after_days"] == 30
    assert own["delete_after_days"] == 30 and own["own_setting"]  # never deleted before it is erased


def test_D7_workshop_update_marks_it_finished_and_sets_its_own_retention(ws):
    change = ws.do("facilitator", "workshop.update", finished=True, erase_after_days=30, delete_after_days=60)
    workshop = change.put[0]
    assert workshop["finished_at"] and (workshop["erase_after_days"], workshop["delete_after_days"]) == (30, 60)
    RECORDS["workshop"].model_validate(workshop)
    assert "finished_at" not in visible(workshop, ws.actor("participant"))
    ws.refused("facilitator", "workshop.update", "invalid", "erase_after_days", erase_after_days=0)
    ws.refused("facilitator", "workshop.update", "invalid", "delete_after_days", delete_after_days=10)
    assert ws.do("facilitator", "workshop.update", finished=False).put[0]["finished_at"] is None
    ws.refused("host", "workshop.update", "forbidden", erase_after_days=30)


def test_D7_participant_erase_by_the_retention_job_takes_the_last_facilitator_too(ws):
    change = apply_op(ws.state, ws.actor("facilitator"), "participant.erase",
                      {"participant_id": ws.ids["facilitator"], "retention": True}, ws.ctx, internal=True)
    assert change.put[0]["name"] == ERASED_NAME
