"""A new workshop, joining, `workshop.update`, `participant.set_role` (server/domain/workshops.py)."""
import pytest

from tests.unit.gate_helpers import join_workshop, new_workshop
from server.domain.errors import Change, Rejected
from server.domain.state import WorkshopState

from .conftest import NOW, make_ctx

# ---- create and join ---------------------------------------------------------------------------


def test_W2_new_workshop_has_main_room_three_boards_and_its_facilitator():
    change = new_workshop("w9", "  Day services  ", None, " Sam ", "CODE", make_ctx())
    by_kind = {}
    for record in change.put:
        by_kind.setdefault(record["kind"], []).append(record)
    [workshop] = by_kind["workshop"]
    assert {k: workshop[k] for k in ("id", "kind", "v", "title", "purpose", "activity", "join_code", "created_at",
                                     "showing", "breakout", "day")} == {
        "id": "w9", "kind": "workshop", "v": 1, "title": "Day services", "purpose": "", "activity": None,
        "join_code": "CODE", "created_at": NOW, "showing": None, "breakout": None, "day": 1}
    assert [item["time"] for item in workshop["agenda"]][:2] == ["10:00", "10:20"]  # the guide's Day 1 agenda
    [room] = by_kind["room"]
    assert room["type"] == "main"
    assert [(b["type"], b["title"], b["color"], b["order"], b["room_id"]) for b in by_kind["board"]] == [
        ("ww", "WORKING WELL", "green", 1, room["id"]), ("nww", "NOT WORKING WELL", "red", 2, room["id"]),
        ("iff", "IMPORTANT FOR THE FUTURE", "orange", 3, room["id"]), ("parking", "Parking space", "grey", 4, room["id"])]
    [facilitator] = by_kind["participant"]
    assert facilitator["name"] == "Sam" and facilitator["role"] == "facilitator"
    assert facilitator["room_id"] == room["id"] and facilitator["online"] is False
    assert change.result == {"participant_id": facilitator["id"]}
    assert all(r["v"] == 1 for r in change.put)


@pytest.mark.parametrize("title,field", [("", "title"), ("   ", "title"), ("t" * 121, "title")])
def test_W1_workshop_title_is_1_to_120_characters(title, field):
    with pytest.raises(Rejected) as caught:
        new_workshop("w9", title, None, "Sam", "CODE", make_ctx())
    assert (caught.value.code, caught.value.field) == ("invalid", field)
    new_workshop("w9", "t" * 120, "p" * 2000, "Sam", "CODE", make_ctx())


def test_W1_purpose_at_most_2000_characters():
    with pytest.raises(Rejected) as caught:
        new_workshop("w9", "Title", "p" * 2001, "Sam", "CODE", make_ctx())
    assert (caught.value.code, caught.value.field) == ("invalid", "purpose")


@pytest.mark.parametrize("name", ["", "   ", "n" * 41])
def test_W3_facilitator_needs_a_first_name(name):
    with pytest.raises(Rejected) as caught:
        new_workshop("w9", "Title", None, name, "CODE", make_ctx())
    assert (caught.value.code, caught.value.field) == ("invalid", "facilitator_name")


def test_W3_joining_as_a_participant_in_the_main_room(ws):
    change = join_workshop(ws.state, "  Jo   Ann ", "commissioner", ws.ctx)
    [person] = change.put
    assert person["name"] == "Jo Ann" and person["role"] == "participant"
    assert person["room_id"] == ws.state.main_room()["id"] and person["perspective"] == "commissioner"
    assert change.result == {"participant_id": person["id"]}


@pytest.mark.parametrize("name", ["", " ", "x" * 41])
def test_W3_joining_needs_a_short_first_name(ws, name):
    with pytest.raises(Rejected) as caught:
        join_workshop(ws.state, name, None, ws.ctx)
    assert (caught.value.code, caught.value.field) == ("invalid", "name")


# ---- workshop.update ---------------------------------------------------------------------------


def test_workshop_update_title_purpose_activity(ws):
    change = ws.do("facilitator", "workshop.update", title=" New title ", purpose="Why we meet",
                   activity="Theming")
    workshop = ws.state.workshop()
    assert (workshop["title"], workshop["purpose"], workshop["activity"], workshop["v"]) == (
        "New title", "Why we meet", "Theming", 2)
    assert change.put == [workshop]


def test_workshop_update_only_activity_keeps_the_rest(ws):
    ws.do("facilitator", "workshop.update", activity="Voting")
    workshop = ws.state.workshop()
    assert workshop["title"] == "Better day services" and workshop["activity"] == "Voting"


def test_the_workshop_keeps_when_its_activity_last_changed(ws):
    """Timers and messages to every room from before it belong to an earlier activity (issue 10)."""
    assert ws.state.workshop().get("activity_at") is None
    ws.do("facilitator", "workshop.update", activity="voting")
    assert ws.state.workshop()["activity_at"] == NOW
    ws.state.apply(Change(put=[dict(ws.state.workshop(), activity_at="2025-12-31T09:00:00Z")]))
    ws.do("facilitator", "workshop.update", activity="voting", title="Same step")  # not a move
    assert ws.state.workshop()["activity_at"] == "2025-12-31T09:00:00Z"
    ws.do("facilitator", "workshop.update", activity="root_causes")
    assert ws.state.workshop()["activity_at"] == NOW


def test_workshop_update_clearing_activity(ws):
    ws.do("facilitator", "workshop.update", activity="Voting")
    ws.do("facilitator", "workshop.update", activity="")
    assert ws.state.workshop()["activity"] is None


def test_W5_the_facilitator_sets_the_workshops_default_language(ws):
    assert ws.state.workshop().get("language", "en") == "en"
    ws.do("facilitator", "workshop.update", language="cy")
    assert ws.state.workshop()["language"] == "cy"
    ws.refused("facilitator", "workshop.update", "invalid", language="fr")  # no complete catalogue
    assert ws.state.workshop()["language"] == "cy"
    ws.do("facilitator", "workshop.update", language=None)
    assert ws.state.workshop()["language"] == "en"


@pytest.mark.parametrize("who", ["host", "participant"])
def test_R6_only_the_facilitator_updates_the_workshop(ws, who):
    err = ws.refused(who, "workshop.update", "forbidden", title="Mine now")
    assert "Only the facilitator" in err.message


def test_R2_projector_cannot_update_the_workshop(ws):
    err = ws.refused("projector", "workshop.update", "forbidden", title="Mine now")
    assert "projector" in err.message


def test_C9_workshop_update_with_nothing_to_change(ws):
    err = ws.refused("facilitator", "workshop.update", "invalid")
    assert "Nothing to change" in err.message


@pytest.mark.parametrize("args,field", [
    ({"title": ""}, "title"), ({"title": None}, "title"), ({"title": "t" * 121}, "title"),
    ({"purpose": "p" * 2001}, "purpose"), ({"activity": "a" * 81}, "activity"),
    ({"title": 3}, "title"), ({"colour": "red"}, "colour")])
def test_W1_workshop_update_limits(ws, args, field):
    ws.refused("facilitator", "workshop.update", "invalid", field, **args)


def test_W1_workshop_update_at_the_limits(ws):
    ws.do("facilitator", "workshop.update", title="t" * 120, purpose="p" * 2000, activity="a" * 80)


# ---- participant.set_role ----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["facilitator", "host", "participant", "projector"])
def test_participant_set_role(ws, role):
    change = ws.do("facilitator", "participant.set_role", participant_id=ws.ids["participant"], role=role)
    person = ws.actor("participant")
    assert person["role"] == role and person["v"] == 2 and change.put == [person]


@pytest.mark.parametrize("who", ["host", "participant", "projector"])
def test_R6_only_the_facilitator_changes_roles(ws, who):
    ws.refused(who, "participant.set_role", "forbidden", participant_id=ws.ids[who], role="facilitator")


def test_set_role_of_someone_not_here_is_not_found(ws):
    ws.refused("facilitator", "participant.set_role", "not_found", "participant_id", participant_id="p-gone",
               role="host")
    ws.refused("facilitator", "participant.set_role", "not_found", "participant_id",
               participant_id=ws.board("ww")["id"], role="host")


def test_set_role_unknown_role_is_invalid(ws):
    ws.refused("facilitator", "participant.set_role", "invalid", "role", participant_id=ws.ids["host"],
               role="boss")


@pytest.mark.parametrize("role", ["host", "participant", "projector"])
def test_R7_the_last_facilitator_cannot_step_down(ws, role):
    err = ws.refused("facilitator", "participant.set_role", "conflict", "role",
                     participant_id=ws.ids["facilitator"], role=role)
    assert "always needs a facilitator" in err.message


def test_R7_a_facilitator_steps_down_once_there_is_another(ws):
    ws.do("facilitator", "participant.set_role", participant_id=ws.ids["host"], role="facilitator")
    ws.do("facilitator", "participant.set_role", participant_id=ws.ids["facilitator"], role="host")
    assert ws.actor("facilitator")["role"] == "host"
    ws.refused("host", "participant.set_role", "conflict", "role", participant_id=ws.ids["host"], role="host")


def test_R7_facilitator_stays_facilitator(ws):
    ws.do("facilitator", "participant.set_role", participant_id=ws.ids["facilitator"], role="facilitator")
    assert ws.actor("facilitator")["role"] == "facilitator"


def test_R2_someone_made_projector_can_no_longer_write(ws):
    ws.do("facilitator", "participant.set_role", participant_id=ws.ids["participant"], role="projector")
    ws.refused("participant", "card.create", "forbidden", board_id=ws.board("ww")["id"], type="note", text="Hi")


def test_workshop_state_require_names_the_field():
    state = WorkshopState("w")
    with pytest.raises(Rejected) as caught:
        state.require(None, "card", "card", "card_id")
    assert (caught.value.code, caught.value.field) == ("not_found", "card_id")
