"""Rooms as channels: R3 who may enter which room, R4 the chill-out notice, R5 staff-only setup."""
import itertools

import pytest

from tests.unit.gate_helpers import join_workshop, new_workshop
from server.domain.errors import Rejected
from server.domain.gate import apply_op
from server.domain.state import OpContext, WorkshopState


@pytest.fixture
def room_setup():
    ids = itertools.count()
    ctx = OpContext("2026-11-26T10:00:00.000Z", lambda p: f"{p}{next(ids)}")
    state = WorkshopState("w")
    change = new_workshop("w", "Rooms", None, "Sam", "CODE", ctx)
    state.apply(change)
    fac = state.get(change.result["participant_id"])
    people = []
    for name in ("Ada", "Bob"):
        c = join_workshop(state, name, None, ctx)
        state.apply(c)
        people.append(c.result["participant_id"])

    def run(actor_id, op, **args):
        change = apply_op(state, state.get(actor_id), op, args, ctx)
        state.apply(change)
        return change

    return state, fac["id"], people, run


def test_tables_are_numbered_and_there_is_one_chill_out_room(room_setup):
    state, fac, _, run = room_setup
    t1 = run(fac, "room.create", type="table").result["room_id"]
    t2 = run(fac, "room.create", type="table", name="Blue table").result["room_id"]
    assert (state.get(t1)["number"], state.get(t1)["name"]) == (1, "Table 1")
    assert (state.get(t2)["number"], state.get(t2)["name"]) == (2, "Blue table")
    run(fac, "room.create", type="chill_out")
    for kind in ("chill_out", "main"):
        with pytest.raises(Rejected) as e:
            run(fac, "room.create", type=kind)
        assert e.value.code == "conflict"


def test_R5_participants_cannot_create_rooms_or_assign(room_setup):
    state, fac, (ada, bob), run = room_setup
    table = run(fac, "room.create", type="table").result["room_id"]
    with pytest.raises(Rejected) as e:
        run(ada, "room.create", type="table")
    assert e.value.code == "forbidden"
    with pytest.raises(Rejected) as e:
        run(ada, "room.assign", participant_id=bob, room_id=table)
    assert e.value.code == "forbidden"


def test_R3_participants_enter_only_their_own_table(room_setup):
    state, fac, (ada, bob), run = room_setup
    t1 = run(fac, "room.create", type="table").result["room_id"]
    t2 = run(fac, "room.create", type="table").result["room_id"]
    run(fac, "room.assign", participant_id=ada, room_id=t1)
    assert state.get(ada)["room_id"] == t1 and state.get(ada)["table_id"] == t1
    with pytest.raises(Rejected) as e:
        run(ada, "room.enter", room_id=t2)
    assert e.value.code == "forbidden"
    run(ada, "room.enter", room_id=state.main_room()["id"])
    run(ada, "room.enter", room_id=t1)
    run(fac, "room.enter", room_id=t2)  # staff look into any room


def test_R4_entering_the_chill_out_room_notifies_staff_and_remembers_the_way_back(room_setup):
    state, fac, (ada, _), run = room_setup
    t1 = run(fac, "room.create", type="table").result["room_id"]
    chill = run(fac, "room.create", type="chill_out").result["room_id"]
    run(fac, "room.assign", participant_id=ada, room_id=t1)
    change = run(ada, "room.enter", room_id=chill)
    assert change.notices == [{"kind": "chill_out_entered", "participant_id": ada, "at": "2026-11-26T10:00:00.000Z"}]
    assert state.get(ada)["return_room_id"] == t1
    assert run(ada, "room.enter", room_id=t1).notices == []


def test_R4_the_chill_out_alert_stays_until_a_facilitator_or_host_has_seen_it(room_setup):
    state, fac, (ada, bob), run = room_setup
    chill = run(fac, "room.create", type="chill_out").result["room_id"]
    run(ada, "room.enter", room_id=chill)
    assert state.get(ada)["chill_out_alert"] == {"at": "2026-11-26T10:00:00.000Z", "seen_by": None, "seen_at": None}
    run(ada, "room.enter", room_id=state.main_room()["id"])  # back before anyone looked: still unseen
    assert state.get(ada)["chill_out_alert"]["seen_by"] is None
    with pytest.raises(Rejected) as e:
        run(bob, "chill_out.seen", participant_id=ada)
    assert e.value.code == "forbidden"
    run(fac, "chill_out.seen", participant_id=ada)
    assert state.get(ada)["chill_out_alert"]["seen_by"] == fac
    assert run(fac, "chill_out.seen", participant_id=ada).put == []  # already seen
