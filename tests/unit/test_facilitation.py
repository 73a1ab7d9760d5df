"""The tech host's toolkit: hands, renames, timers, follow me, chat, polls (PRODUCT.md "online and hybrid")."""
import pytest

from server.domain.errors import Rejected
from server.domain.views import visible

from .facilitation_helpers import Workshop


def refused(w, actor, op, code="forbidden", **args):
    before = {k: dict(v) for k, v in w.state.records.items()}
    with pytest.raises(Rejected) as e:
        w.run(actor, op, **args)
    assert e.value.code == code
    assert w.state.records == before
    return e.value


def test_hand_raise_puts_hands_up_in_order_and_they_come_down_by_the_person_or_a_host():
    w = Workshop()
    ada, bob = w.people
    w.ctx.now = "2026-11-26T10:00:01.000Z"
    w.run(ada, "hand.raise")
    w.ctx.now = "2026-11-26T10:00:02.000Z"
    w.run(bob, "hand.raise")
    raised = sorted((p for p in w.state.of_kind("participant") if p["hand_raised"]), key=lambda p: p["hand_raised_at"])
    assert [p["id"] for p in raised] == [ada, bob]
    refused(w, ada, "hand.lower", participant_id=bob)
    w.run(w.host, "hand.lower", participant_id=bob)
    w.run(ada, "hand.lower")
    assert not any(p["hand_raised"] for p in w.state.of_kind("participant"))
    refused(w, w.projector, "hand.raise")


def test_participant_rename_people_rename_themselves_and_hosts_rename_anyone():
    w = Workshop()
    ada, bob = w.people
    w.run(ada, "participant.rename", name="  Adaeze ")
    assert w.get(ada)["name"] == "Adaeze"
    refused(w, ada, "participant.rename", participant_id=bob, name="Robert")
    w.run(w.host, "participant.rename", participant_id=bob, name="Robert")
    assert w.get(bob)["name"] == "Robert"
    refused(w, ada, "participant.rename", code="invalid", name=" ")
    refused(w, ada, "participant.rename", code="invalid", name="x" * 41)


def test_timer_start_and_stop_with_an_end_time():
    w = Workshop()
    t = w.run(w.host, "timer.start", seconds=180, label="Table 1 feedback").result["timer_id"]
    timer = w.get(t)
    assert timer["ends_at"] == "2026-11-26T10:03:00.000Z" and timer["room_id"] is None
    refused(w, w.people[0], "timer.start", seconds=60)
    refused(w, w.host, "timer.start", code="invalid", seconds=0)
    w.run(w.fac, "timer.stop", timer_id=t)
    assert w.get(t)["status"] == "stopped"


def test_workshop_show_follow_me_shows_a_board_to_everyone():
    w = Workshop()
    nww = next(b for b in w.state.of_kind("board") if b["type"] == "nww")
    w.run(w.fac, "workshop.show", board_id=nww["id"])
    assert w.state.workshop()["showing"]["board_id"] == nww["id"]
    refused(w, w.people[0], "workshop.show", board_id=nww["id"])
    w.run(w.host, "workshop.show", board_id=None)
    assert w.state.workshop()["showing"] is None


def test_chat_send_stays_in_its_room_and_hosts_moderate():
    w = Workshop()
    ada, bob = w.people
    table = w.run(w.fac, "room.create", type="table").result["room_id"]
    w.run(w.fac, "room.assign", participant_id=ada, room_id=table)
    m = w.run(ada, "chat.send", text="Hello table").result["message_id"]
    message = w.get(m)
    assert message["room_id"] == table
    assert visible(message, w.get(bob)) is None  # bob is in the main room
    assert visible(message, w.get(w.host)) == message  # hosts look into any room
    everyone = w.get(w.run(bob, "chat.send", text="Hi all", everyone=True).result["message_id"])
    assert visible(everyone, w.get(ada)) == everyone
    refused(w, bob, "chat.send", room_id=table, text="let me in")
    refused(w, ada, "chat.hide", message_id=m)
    w.run(w.host, "chat.hide", message_id=m)
    assert visible(w.get(m), w.get(ada))["text"] == "" and w.get(m)["text"] == "Hello table"
    refused(w, ada, "chat.send", code="too_long", text="x" * 501)


def test_poll_create_single_multiple_anonymous_named_live_or_on_close():
    w = Workshop()
    ada, bob = w.people
    q = w.run(w.host, "poll.create", question="How are you?", options=["Good", "OK", "Tired"],
              show="on_close").result["poll_id"]
    refused(w, ada, "poll.create", question="x", options=["a", "b"])
    w.run(ada, "poll.answer", poll_id=q, choices=[0])
    w.run(bob, "poll.answer", poll_id=q, choices=[2])
    w.run(ada, "poll.answer", poll_id=q, choices=[1])  # changes her mind
    assert w.get(q)["counts"] is None and w.get(q)["answered"] == 2  # anonymous: counted at the close (Q1)
    assert "counts" not in visible(w.get(q), w.get(ada))
    answers = list(w.state.of_kind("poll_answer"))
    assert all(visible(a, w.get(w.host)) is None for a in answers)  # anonymous by default
    refused(w, ada, "poll.answer", code="invalid", poll_id=q, choices=[0, 1])
    refused(w, ada, "poll.answer", code="invalid", poll_id=q, choices=[7])
    refused(w, w.projector, "poll.answer", poll_id=q, choices=[0])
    w.run(w.host, "poll.answer", poll_id=q, choices=[2])  # a third person: enough to show the counts (Q2)
    w.run(w.host, "poll.close", poll_id=q)
    assert visible(w.get(q), w.get(ada))["counts"] == [0, 1, 2]
    refused(w, bob, "poll.answer", code="vote_closed", poll_id=q, choices=[0])
    named = w.run(w.host, "poll.create", question="Which?", options=["a", "b"], multiple=True,
                  anonymous=False).result["poll_id"]
    w.run(ada, "poll.answer", poll_id=named, choices=[0, 1])
    mine = next(a for a in w.state.of_kind("poll_answer") if a["poll_id"] == named)
    assert visible(mine, w.get(w.host)) == mine and visible(mine, w.get(bob)) is None
    assert w.get(named)["counts"] == [1, 1]
