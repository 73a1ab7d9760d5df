"""Breakouts: B1 balanced random tables with perspectives mixed; open, choose, broadcast, close."""
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain.breakouts import deal
from server.domain.errors import Rejected

from .facilitation_helpers import Workshop

PERSPECTIVES = ["lived_experience", "provider", "commissioner"]


def test_B1_thirty_people_into_five_tables_six_each_perspectives_mixed():
    names = [f"P{i}" for i in range(30)]
    w = Workshop(people=names, perspectives=[PERSPECTIVES[i % 3] for i in range(30)])
    tables = [w.run(w.fac, "room.create", type="table").result["room_id"] for _ in range(5)]
    w.run(w.host, "rooms.shuffle")
    people = [w.get(p) for p in w.people]
    assert Counter(p["table_id"] for p in people) == {t: 6 for t in tables}
    for table in tables:
        mix = Counter(p["perspective"] for p in people if p["table_id"] == table)
        assert set(mix) == set(PERSPECTIVES) and max(mix.values()) - min(mix.values()) <= 1
    assert w.get(w.host)["table_id"] is None  # staff are not dealt out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(PERSPECTIVES + [None]), max_size=60), st.integers(1, 8), st.integers(0, 10**6))
def test_B1_any_group_is_balanced_and_each_perspective_spread(perspectives, n_tables, seed):
    import random
    people = [{"id": f"p{i}", "perspective": p} for i, p in enumerate(perspectives)]
    plan = deal(people, [f"t{i}" for i in range(n_tables)], random.Random(seed))
    sizes = Counter(plan.values())
    assert len(plan) == len(people)
    if people:
        counts = [sizes.get(f"t{i}", 0) for i in range(n_tables)]
        assert max(counts) - min(counts) <= 1
    for perspective in set(perspectives) - {None}:
        at = Counter(plan[p["id"]] for p in people if p["perspective"] == perspective)
        spread = [at.get(f"t{i}", 0) for i in range(n_tables)]
        assert max(spread) - min(spread) <= 1


def test_open_moves_people_to_their_tables_and_close_brings_everyone_back():
    w = Workshop(people=["Ada", "Bob", "Cy"])
    ada, bob, cy = w.people
    t1 = w.run(w.fac, "room.create", type="table").result["room_id"]
    t2 = w.run(w.fac, "room.create", type="table").result["room_id"]
    chill = w.run(w.fac, "room.create", type="chill_out").result["room_id"]
    w.run(w.host, "room.assign", participant_id=ada, room_id=t1)
    w.run(w.host, "room.assign", participant_id=bob, room_id=t2)
    w.run(w.host, "room.assign", participant_id=ada, room_id=w.main)
    w.run(ada, "room.enter", room_id=chill)
    w.run(w.host, "breakout.open", seconds=600)
    assert w.state.workshop()["breakout"]["ends_at"] == "2026-11-26T10:10:00.000Z"
    assert w.get(bob)["room_id"] == t2 and w.get(cy)["room_id"] == w.main
    assert w.get(ada)["room_id"] == chill and w.get(ada)["return_room_id"] == t1  # the chill-out room stays calm
    w.run(w.host, "breakout.broadcast", text="Five minutes left")
    w.run(w.host, "breakout.close")
    assert w.get(bob)["room_id"] == w.main and w.get(ada)["return_room_id"] == w.main
    with pytest.raises(Rejected):
        w.run(bob, "breakout.open")


def test_breakout_open_with_choose_lets_people_pick_their_table():
    w = Workshop()
    ada, _ = w.people
    t1 = w.run(w.fac, "room.create", type="table").result["room_id"]
    with pytest.raises(Rejected) as e:
        w.run(ada, "room.enter", room_id=t1)
    assert e.value.code == "forbidden"
    w.run(w.host, "breakout.open", choose=True)
    w.run(ada, "room.enter", room_id=t1)
    assert w.get(ada)["table_id"] == t1 and w.get(ada)["room_id"] == t1
