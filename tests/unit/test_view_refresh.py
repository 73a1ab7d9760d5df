"""A person whose role or seat changes is sent what that changes in what they see (views.refreshed)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain.views import lens, refreshed, through, visible

from .journey import Journey


@pytest.fixture(scope="module")
def journey():
    j = Journey()
    j.before_the_workshop()
    j.day_one()
    return j


def view(records, viewer):
    return {r["id"]: v for r in records if (v := visible(r, viewer)) is not None}


ROLES = ("facilitator", "host", "participant", "projector")


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_refreshing_the_old_view_gives_exactly_the_new_one(journey, data):
    records = list(journey.state.records.values())
    rooms = [None] + [r["id"] for r in journey.state.of_kind("room")]
    person = data.draw(st.sampled_from(list(journey.state.of_kind("participant"))))
    seat = lambda: (data.draw(st.sampled_from(ROLES)), data.draw(st.sampled_from(rooms)), data.draw(st.sampled_from(rooms)))
    before, after = through(person, seat()), through(person, seat())
    shown = view(records, before)
    put, gone = refreshed(records, before, after)
    for record in put:
        shown[record["id"]] = record
    for record_id in gone:
        del shown[record_id]
    assert shown == view(records, after)


def test_a_participant_moved_to_a_table_is_sent_its_earlier_chat_and_loses_the_old_room(journey):
    state = journey.state
    table = next(r for r in state.of_kind("room") if r["type"] == "table")
    message = {"id": "m-t1", "kind": "chat", "v": 1, "room_id": table["id"], "text": "Over here", "by": "x",
               "hidden": False}
    records = [*state.records.values(), message]
    ada = {**state.get(journey.ids["Dee"]), "room_id": state.main_room()["id"], "table_id": None}
    moved = {**ada, "room_id": table["id"], "table_id": table["id"]}
    put, gone = refreshed(records, ada, moved)
    assert message in put and "m-t1" not in gone
    main_room_chat = [r["id"] for r in state.of_kind("chat") if r["room_id"] == ada["room_id"]]
    assert set(main_room_chat) <= set(gone)  # the main room's chat is not theirs while they sit at the table
    put, gone = refreshed(records, moved, ada)
    assert "m-t1" in gone and message not in put
    assert lens(moved) != lens(ada) and through(moved, lens(ada)) == ada


def test_a_new_host_is_sent_the_staff_fields_and_a_demoted_one_loses_them(journey):
    state = journey.state
    dee = state.get(journey.ids["Dee"])
    records = list(state.records.values())
    put, _ = refreshed(records, through(dee, ("participant", dee.get("room_id"), dee.get("table_id"))),
                       through(dee, ("host", dee.get("room_id"), dee.get("table_id"))))
    people = [r for r in put if r["kind"] == "participant"]
    assert people and all("perspective" in p for p in people)
    assert any(r["kind"] == "answer" for r in put)  # the collected answers are staff-only
    _, gone = refreshed(records, through(dee, ("host", None, None)), through(dee, ("participant", None, None)))
    assert any(state.get(i)["kind"] == "answer" for i in gone)
