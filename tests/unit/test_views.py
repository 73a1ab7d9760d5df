"""What each person sees of a record (server/domain/views.py)."""
import pytest

from server.domain.views import event_view, needs_personal_view, view_key, visible

STAFF = ("facilitator", "host")
PUBLIC = ("participant", "projector")


def vote(voter_id: str, vote_id: str = "v1") -> dict:
    return {"id": vote_id, "kind": "vote", "v": 1, "round_id": "rd1", "target_id": "c1", "voter_id": voter_id}


def round_(hidden: bool, status: str) -> dict:
    return {"id": "rd1", "kind": "round", "v": 1, "board_id": "b2", "status": status, "per_person": 3,
            "per_target": 2, "hidden": hidden, "tallies": {"c1": 4}}


@pytest.mark.parametrize("who", STAFF + PUBLIC)
def test_V5_a_vote_reaches_its_voter_only(ws, who):
    me = ws.actor(who)
    assert visible(vote(me["id"]), me) == vote(me["id"])
    other = "p3" if me["id"] != "p3" else "p1"
    assert visible(vote(other), me) is None


@pytest.mark.parametrize("who", PUBLIC)
def test_P1_participants_never_see_the_join_code(ws, who):
    shown = visible(ws.state.workshop(), ws.actor(who))
    assert "join_code" not in shown and shown["title"] == "Better day services"
    assert "join_code" in ws.state.workshop()  # the record itself is not touched


@pytest.mark.parametrize("who", STAFF)
def test_P1_staff_see_the_join_code(ws, who):
    assert visible(ws.state.workshop(), ws.actor(who))["join_code"] == "JOIN42"


@pytest.mark.parametrize("who", PUBLIC)
def test_P2_participants_never_see_perspectives(ws, who):
    for person in ws.state.of_kind("participant"):
        assert "perspective" not in visible(person, ws.actor(who))
    assert ws.actor("participant")["perspective"] == "lived_experience"


@pytest.mark.parametrize("who", STAFF)
def test_P2_staff_see_perspectives(ws, who):
    assert visible(ws.actor("participant"), ws.actor(who))["perspective"] == "lived_experience"
    assert visible(ws.actor("host"), ws.actor(who))["perspective"] == "provider"


@pytest.mark.parametrize("who", STAFF + PUBLIC)
def test_P3_online_is_injected_as_it_is_now(ws, who):
    viewer = ws.actor(who)
    online = {ws.ids["participant"]}
    assert visible(ws.actor("participant"), viewer, online)["online"] is True
    assert visible(ws.actor("host"), viewer, online)["online"] is False
    assert visible(ws.actor("participant"), viewer)["online"] is False
    assert ws.actor("participant")["online"] is False


@pytest.mark.parametrize("who", PUBLIC)
def test_V6_hidden_open_round_tallies_are_not_shown_to_participants(ws, who):
    shown = visible(round_(hidden=True, status="open"), ws.actor(who))
    assert "tallies" not in shown and shown["status"] == "open"


@pytest.mark.parametrize("who", STAFF)
def test_V6_staff_see_hidden_open_round_tallies(ws, who):
    assert visible(round_(hidden=True, status="open"), ws.actor(who))["tallies"] == {"c1": 4}


@pytest.mark.parametrize("who", STAFF + PUBLIC)
@pytest.mark.parametrize("hidden,status", [(False, "open"), (True, "closed"), (False, "closed")])
def test_V6_tallies_are_shown_when_not_hidden_or_closed(ws, who, hidden, status):
    assert visible(round_(hidden, status), ws.actor(who))["tallies"] == {"c1": 4}


@pytest.mark.parametrize("who", STAFF + PUBLIC)
def test_cards_boards_rooms_look_the_same_to_everyone(ws, who):
    card = ws.get(ws.data())
    for record in (card, ws.board("nww"), ws.state.main_room()):
        assert visible(record, ws.actor(who)) == record


def test_V5_event_view_hides_other_peoples_votes_put_and_deleted(ws):
    pat, hana = ws.actor("participant"), ws.actor("host")
    card = ws.get(ws.data())
    put = [vote(pat["id"], "v1"), card]
    deleted = [vote(hana["id"], "v2")]
    assert event_view(put, deleted, pat, set()) == ([vote(pat["id"], "v1"), card], [])
    assert event_view(put, deleted, hana, set()) == ([card], ["v2"])
    assert event_view(put, deleted, ws.actor("projector"), set()) == ([card], [])


def test_event_view_injects_online_and_hides_perspective(ws):
    shown, gone = event_view([ws.actor("participant")], [], ws.actor("projector"), {ws.ids["participant"]})
    assert gone == [] and shown[0]["online"] is True and "perspective" not in shown[0]


def test_view_key_groups_viewers_that_see_the_same_event(ws):
    card = ws.get(ws.data())
    keys = {who: view_key(ws.actor(who), [card]) for who in STAFF + PUBLIC}
    assert keys["facilitator"] == keys["host"] == ("staff", None, None)
    assert keys["participant"] == keys["projector"] == ("public", None, None)
    assert not needs_personal_view([card])
    assert needs_personal_view([card, vote("p3")])
    assert view_key(ws.actor("participant"), [vote("p3")]) == ("public", ws.ids["participant"], None)
    assert view_key(ws.actor("host"), [vote("p3")]) != view_key(ws.actor("facilitator"), [vote("p3")])
