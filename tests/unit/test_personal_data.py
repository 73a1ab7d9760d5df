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

from server.domain.anonymous import ballot_id, workshop_key  # noqa: E402
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
    ws.do("participant", "poll.answer", poll_id=q, choices=[0])
    ws.do("host", "poll.answer", poll_id=q, choices=[2])
    again = ws.do("participant", "poll.answer", poll_id=q, choices=[1])  # changes their mind
    assert ws.get(q)["counts"] == [0, 1, 1] and ws.get(q)["answered"] == 2
    ballots = list(ws.state.of_kind("poll_answer"))
    assert len(ballots) == 2 and again.put[0]["v"] == 2
    # filed under a keyed hash: another key (another server, a restored copy) files them elsewhere
    mine = ballot_id(ws.state, q, ws.ids["participant"])
    assert ws.get(mine)["choices"] == [1]
    ws.state.ballot_key = workshop_key(b"another secret", "w1")
    assert ballot_id(ws.state, q, ws.ids["participant"]) != mine


def test_D2_poll_answer_named_still_names_the_voter_for_staff(ws):
    q = ws.do("host", "poll.create", question="Which?", options=["a", "b"], anonymous=False).result["poll_id"]
    change = ws.do("participant", "poll.answer", poll_id=q, choices=[1])
    assert not change.anonymous
    answer = next(r for r in change.put if r["kind"] == "poll_answer")
    assert answer["voter_id"] == ws.ids["participant"] and visible(answer, ws.actor("host")) == answer
