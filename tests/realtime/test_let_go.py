"""A process keeps no copy made from a workshop's records (its pictures said in another language) past an
erasure, a deletion, or its hub leaving the process, after which it would not hear of an erasure (issue 12)."""
import asyncio

from server.realtime.hub import Hubs
from tests.realtime.hub_helpers import LiveHub
from tests.realtime.test_hub_eviction import open_one, started


async def test_an_erasure_and_a_deletion_let_go_of_the_workshops_copies():
    live = await LiveHub.start()
    told: list[str] = []
    live.hubs.let_go.append(told.append)
    await live.do("sam", "chat.send", text="hello")
    assert told == []  # an ordinary op keeps them
    await live.hub.execute(live.ids["sam"], "participant.erase", {"participant_id": live.ids["ada"]}, internal=True)
    assert told == ["w1"]
    await live.hub.execute(live.ids["sam"], "workshop.delete", {}, internal=True)
    assert told == ["w1", "w1"] and "w1" not in live.hubs.hubs


async def taken(hub, seq: int) -> None:
    """The hub took the event (on_remote_event takes it soon, in a task of its own)."""
    for _ in range(1000):
        if hub.seq >= seq:
            return
        await asyncio.sleep(0)
    raise AssertionError(f"seq {seq} not taken, at {hub.seq}")


async def test_an_erasure_heard_from_another_process_lets_go_of_its_copies_there():
    live = await LiveHub.start()
    other_hubs = Hubs(live.store, live.bus, live.hubs.settings)  # another process on the same store
    other = await other_hubs.get("w1")
    told: list[str] = []
    other_hubs.let_go.append(told.append)
    stored = []
    deliver = live.hub.deliver
    live.hub.deliver = lambda event, notices=(): (stored.append(event), deliver(event, notices))
    await live.do("sam", "chat.send", text="hello")
    await live.hub.execute(live.ids["sam"], "participant.erase", {"participant_id": live.ids["ben"]}, internal=True)
    assert [e.op for e in stored] == ["chat.send", "participant.erase"]
    for event in stored:
        await other.on_remote_event(event, [])
        await taken(other, event.seq)
        assert told == ([] if event.op == "chat.send" else ["w1"])


async def test_a_hub_leaving_the_process_lets_go_of_its_copies():
    hubs, clock = await started(cap=1)
    told: list[str] = []
    hubs.let_go.append(told.append)
    await open_one(hubs, "w1")
    clock.now += 60
    await open_one(hubs, "w2")
    assert set(hubs.hubs) == {"w2"} and told == ["w1"]
