"""Idle workshops leave memory (least recently used first) and load again when used (issue 12)."""
from server.bus import LocalBus
from server.config import Settings
from server.exports.restore import export_document
from server.realtime.hub import Hubs
from tests.fakes import FakeConnection, MemoryStore


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class NoSnapshots:
    async def list(self, workshop_id, with_svg=False):
        return []


async def started(cap=3, idle=900.0):
    clock = Clock()
    store, bus = MemoryStore(), LocalBus()
    hubs = Hubs(store, bus, Settings(_env_file=None, COBOARD_MAX_LIVE_WORKSHOPS=cap,
                                                     COBOARD_IDLE_WORKSHOP_SECONDS=idle), clock=clock)
    await bus.start(hubs)
    return hubs, clock


async def open_one(hubs, wid: str):
    hub = hubs.new(wid)
    await hub.execute(None, "workshop.create", {"title": wid, "facilitator_name": "Sam", "join_code": "CODE2345"},
                      internal=True, credential=f"tok-{wid}", create=True)
    return hub


async def test_idle_hubs_beyond_the_cap_are_dropped_least_recently_used_first():
    hubs, clock = await started(cap=3)
    for wid in ("w1", "w2", "w3"):
        await open_one(hubs, wid)
        clock.now += 60
    await hubs.get("w1")  # w1 is used again: w2 is now the least recently used
    clock.now += 60
    await open_one(hubs, "w4")
    assert set(hubs.hubs) == {"w1", "w3", "w4"}
    reloaded = await hubs.get("w2")  # dropped from memory only: it loads again, whole
    assert reloaded.state.workshop()["title"] == "w2" and reloaded.seq == 1


async def test_a_hub_with_a_connection_or_used_just_now_is_kept_over_the_cap():
    hubs, clock = await started(cap=1)
    first = await open_one(hubs, "w1")
    first.fanout.connections.add(FakeConnection("someone"))
    clock.now += 60
    await open_one(hubs, "w2")
    assert set(hubs.hubs) == {"w1", "w2"}  # w1 has a connection; w2 was used a moment ago
    clock.now += 60
    hubs.evict()
    assert set(hubs.hubs) == {"w1"}


async def test_a_workshop_nobody_used_for_the_idle_time_is_dropped_below_the_cap():
    hubs, clock = await started(cap=100, idle=900)
    await open_one(hubs, "w1")
    clock.now += 600
    await open_one(hubs, "w2")
    clock.now += 301
    assert hubs.evict() == ["w1"]
    assert set(hubs.hubs) == {"w2"}


async def test_restored_hubs_are_dropped_like_any_other():
    hubs, clock = await started(cap=2)
    original = await open_one(hubs, "w1")
    export = await export_document(original, NoSnapshots())
    for wid in ("r1", "r2", "r3"):
        clock.now += 60
        restored = hubs.new(wid)
        await restored.execute(None, "workshop.restore", {"export": export, "join_code": "CODE6789"},
                               internal=True, credential=f"tok-{wid}", create=True)
    clock.now += 60
    hubs.evict()
    assert len(hubs.hubs) <= 2 and "r3" in hubs.hubs
    assert (await hubs.get("r1")).state.workshop()["title"] == "w1"  # it is in the store, not lost
