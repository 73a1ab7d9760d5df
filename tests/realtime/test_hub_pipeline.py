"""The op pipeline in process (server/realtime/pipeline.py): order, group commit, refusals, failures."""
import asyncio

import pytest

from server.domain.errors import Rejected
from server.realtime.hub import Hubs
from tests.fakes import MemoryStore

from .hub_helpers import LiveHub


async def test_queued_ops_are_decided_in_order_and_stored_in_one_transaction():
    live = await LiveHub.start()
    commits = live.store.commits
    nww = live.board("nww")
    results = await asyncio.gather(*(live.do("ada", "card.create", board_id=nww, type="note", text=f"n{i}")
                                     for i in range(10)))
    seqs = [seq for seq, _ in results]
    assert seqs == sorted(seqs) and len(set(seqs)) == 10 and seqs[-1] == live.hub.seq
    assert live.store.commits - commits < 10  # grouped: fewer transactions than ops
    assert [e.seq for e in await live.store.events_since("w1", seqs[0] - 1)] == seqs


async def test_a_refused_op_in_a_batch_changes_nothing_and_the_others_are_stored():
    live = await LiveHub.start()
    nww = live.board("nww")
    good = live.do("ada", "card.create", board_id=nww, type="note", text="fine")
    bad = live.do("ada", "card.create", board_id=nww, type="note", text="x" * 171)
    also = live.do("ben", "card.create", board_id=nww, type="note", text="also fine")
    first, refused, last = await asyncio.gather(good, bad, also, return_exceptions=True)
    assert isinstance(refused, Rejected) and refused.code == "too_long"
    assert last[0] == first[0] + 1  # the refused op took no seq
    texts = sorted(r["text"] for r in live.hub.state.of_kind("card"))
    assert texts == ["also fine", "fine"]
    stored, _ = await live.store.load("w1")
    assert stored.records == live.hub.state.records


async def test_a_failure_inside_the_gate_is_an_internal_rejection_and_changes_nothing():
    live = await LiveHub.start(COBOARD_FAIL_OPS="hand.raise")
    seq = live.hub.seq
    with pytest.raises(Rejected) as caught:
        await live.do("ada", "hand.raise")
    assert caught.value.code == "internal" and live.hub.seq == seq
    await live.do("ada", "hand.lower")  # the pipeline goes on


class BrokenStore(MemoryStore):
    """A store whose database has gone away (after the workshop was made)."""

    broken = False

    async def commit(self, *args, **kwargs):
        if self.broken:
            raise ConnectionRefusedError("database is down")
        return await super().commit(*args, **kwargs)


async def test_a_store_that_cannot_be_reached_is_unavailable_and_the_state_is_rolled_back():
    store = BrokenStore()
    live = await LiveHub.start(store=store)
    before, seq = dict(live.hub.state.records), live.hub.seq
    store.broken = True
    with pytest.raises(Rejected) as caught:
        await live.do("ada", "card.create", board_id=live.board("nww"), type="note", text="lost?")
    assert caught.value.code == "unavailable"
    assert live.hub.state.records == before and live.hub.seq == seq
    store.broken = False
    await live.do("ada", "card.create", board_id=live.board("nww"), type="note", text="saved")


async def test_behind_another_process_the_batch_is_decided_again_after_catching_up():
    store = MemoryStore()
    live = await LiveHub.start(store=store)
    # another process (a second hub on the same store) commits first
    twin = await Hubs(store, live.bus, live.hubs.settings).get("w1")
    await twin.execute(live.ids["ben"], "card.create", {"board_id": live.board("nww"), "type": "theme",
                                                        "text": "I am lonely"})
    seq, change = await live.do("ada", "card.create", board_id=live.board("nww"), type="note", text="mine")
    assert seq == twin.seq + 1
    assert {r["text"] for r in live.hub.state.of_kind("card")} == {"I am lonely", "mine"}
