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
