"""The server's limits that are not one workshop's ops (server/api/workshops.py SharedLimits): what one process
spent, told to another, is spent there too, limit by limit and key by key (the Redis bus carries the report)."""
import orjson

from server.api.workshops import PerClientLimit, SharedLimits


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


def limits(clock) -> SharedLimits:
    return SharedLimits(picture=PerClientLimit(30, clock=clock), history=PerClientLimit(2, clock=clock),
                        restore=PerClientLimit(5, 3600, clock=clock))


def test_what_one_process_spent_is_spent_on_the_other():
    clock = Clock()
    a, b = limits(clock), limits(clock)
    assert a.take_spent() == {}  # nothing spent: nothing to tell
    assert a["history"].allow("w1 p1") and a["history"].allow("w1 p1") and a["restore"].allow("10.0.0.9")
    told = orjson.loads(orjson.dumps(a.take_spent()))  # as the bus carries it
    assert told == {"history": {"w1 p1": 2.0}, "restore": {"10.0.0.9": 1.0}}
    assert a.take_spent() == {}  # told once
    b.charge(told)
    assert not b["history"].allow("w1 p1") and b["history"].wait("w1 p1") > 0  # her budget is spent on b too
    assert b["history"].allow("w1 p2")  # another person's is not
    assert all(b["restore"].allow("10.0.0.9") for _ in range(4)) and not b["restore"].allow("10.0.0.9")
    assert all(b["picture"].allow("w1 p1") for _ in range(30))  # another limit is not
    clock.now += 30  # one history file a person refills every 30 s
    assert b["history"].allow("w1 p1")


def test_a_report_not_understood_changes_nothing():
    clock = Clock()
    b = limits(clock)
    for junk in (None, [], "x", {"nonsense": {"w1 p1": 5}}, {"history": ["w1 p1"]}, {"history": {"w1 p1": "2"}},
                 {"history": {"w1 p1": -5}}):
        b.charge(junk)
    assert b["history"].allow("w1 p1") and b["history"].allow("w1 p1")
