"""Join-code budgets (server/api/guessing.py): what a process keeps for the others only while it tells them."""
import pytest

from server.api.guessing import Guessing


def test_a_lone_process_keeps_no_address_for_each_join():
    g = Guessing(per_address=15, per_workshop=200, joins_per_minute=10_000)
    for i in range(1000):
        g.joining(f"10.0.{i // 250}.{i % 250}", "w1")
    assert g.forgotten == [] and "forget" not in g.take_spent()


def test_a_shared_process_tells_the_others_what_it_forgave_and_then_forgets_it():
    g = Guessing(per_address=15, per_workshop=200, joins_per_minute=10_000)
    g.shared = True
    g.wrong("10.0.0.1", "w1")
    g.joining("10.0.0.1", "w1")
    assert g.take_spent()["forget"] == ["10.0.0.1 w1"]
    assert g.forgotten == [] and "forget" not in g.take_spent()


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


def test_a_suspect_is_told_to_wait_until_the_workshop_or_its_own_mistakes_let_it_try():
    from server.api.errors import ApiError
    from server.protocol.limits import ROOM_MISTAKES, WRONG_CODE_WINDOW

    clock = Clock()
    g = Guessing(per_address=1000, per_workshop=ROOM_MISTAKES + 5, joins_per_minute=10_000, clock=clock)
    for _ in range(ROOM_MISTAKES + 1):  # one more than a room's mistakes: a suspect
        g.wrong("10.0.0.9", "w1")
    for _ in range(4):  # the workshop's budget spent by others
        g.wrong("10.0.0.2", "w1")
    g.check("10.0.0.2", "w1")  # not a suspect: tries as before
    with pytest.raises(ApiError) as refused:
        g.check("10.0.0.9", "w1")
    # the workshop's budget has a try back first (one in WINDOW / (ROOM_MISTAKES + 5) seconds), before the
    # suspect's own mistakes (48 s: two back at 25 in the window)
    assert refused.value.status == 429 and refused.value.retry_after == WRONG_CODE_WINDOW / (ROOM_MISTAKES + 5) == 20
    clock.now += 20
    g.check("10.0.0.9", "w1")
