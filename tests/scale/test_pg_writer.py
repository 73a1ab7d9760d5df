"""The PostgreSQL writer against a real server: one statement per batch, the locked path when behind."""
import asyncio

import pytest

from server.domain.errors import Change
from server.store import Behind, Entry, Store
from server.store.engine import make_engine
from server.store.migrate import upgrade


def note(rid: str, v: int, text: str) -> dict:
    return {"id": rid, "kind": "card", "v": v, "text": text}


def put(rid, v, text="x") -> Entry:
    return Entry("card.update", "p1", {"card_id": rid}, Change(put=[note(rid, v, text)]), "2026-01-01T00:00:00Z")


def drop(rid, v) -> Entry:
    return Entry("card.delete", "p1", {"card_id": rid}, Change(deleted=[note(rid, v, "x")]), "2026-01-01T00:00:00Z")


@pytest.fixture
async def store(postgres):
    url = postgres()
    await asyncio.to_thread(upgrade, url)
    engine = make_engine(url)
    store = Store(engine)
    yield store
    await store.close()
    await engine.dispose()


async def test_a_batch_that_puts_moves_and_deletes_the_same_records_leaves_their_last_state(store):
    await store.commit("w1", 0, [put("a", 1)], create=True)
    seq = await store.commit("w1", 1, [put("b", 1), put("b", 2, "moved"), put("a", 2), drop("a", 2), put("c", 1),
                                       drop("c", 1), put("c", 2, "back")])
    assert seq == 8
    state, stored_seq = await store.load("w1")
    assert stored_seq == 8
    assert {rid: (r["v"], r["text"]) for rid, r in state.records.items()} == {"b": (2, "moved"), "c": (2, "back")}
    events = await store.events_since("w1", 0)
    assert [e.seq for e in events] == list(range(1, 9))
    assert [e.op for e in events][-3:] == ["card.update", "card.delete", "card.update"]


async def test_a_batch_decided_against_an_old_seq_writes_nothing_and_answers_what_it_missed(store):
    await store.commit("w2", 0, [put("a", 1)], create=True)
    await store.commit("w2", 1, [put("a", 2, "theirs")])
    with pytest.raises(Behind) as behind:
        await store.commit("w2", 1, [put("a", 2, "ours")])
    assert [e.seq for e in behind.value.events] == [2]
    state, seq = await store.load("w2")
    assert seq == 2 and state.records["a"]["text"] == "theirs"


async def test_behind_with_a_decider_catches_up_under_the_lock_and_commits(store):
    await store.commit("w3", 0, [put("a", 1)], create=True)
    await store.commit("w3", 1, [put("a", 2, "theirs")])
    seen = []

    async def on_behind(missed):
        seen.extend(e.seq for e in missed)
        return [put("a", 3, "ours, after theirs")]

    assert await store.commit("w3", 1, [put("a", 2, "ours")], on_behind=on_behind) == 3
    state, seq = await store.load("w3")
    assert seen == [2] and seq == 3 and state.records["a"]["text"] == "ours, after theirs"


async def test_two_writers_racing_on_one_workshop_get_one_gapless_seq(store, postgres):
    await store.commit("w4", 0, [put("a", 1)], create=True)
    other_engine = make_engine(str(store.engine.url.render_as_string(hide_password=False)))
    other = Store(other_engine)
    try:
        async def writer(s: Store, name: str, n: int):
            done = 0
            while done < n:
                seq = (await s.current_seq("w4"))
                try:
                    await s.commit("w4", seq, [put(f"{name}{done}", 1)])
                    done += 1
                except Behind:
                    await asyncio.sleep(0)
        await asyncio.gather(writer(store, "x", 30), writer(other, "y", 30))
    finally:
        await other.close()
        await other_engine.dispose()
    events = await store.events_since("w4", 0)
    assert [e.seq for e in events] == list(range(1, 62))
    state, seq = await store.load("w4")
    assert seq == 61 and len(state.records) == 61
