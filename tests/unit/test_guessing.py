"""Join-code budgets (server/api/guessing.py): what a process keeps for the others only while it tells them."""
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
