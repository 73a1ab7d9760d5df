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


async def _row_held(store: Store, workshop_id: str) -> bool:
    """Whether someone holds the workshop's row lock (asked from a connection of its own, without waiting)."""
    import asyncpg
    pg = await asyncpg.connect(store.writer.dsn)
    try:
        async with pg.transaction():
            await pg.fetchval("SELECT seq FROM workshops WHERE id = $1 FOR UPDATE NOWAIT", workshop_id)
        return False
    except asyncpg.LockNotAvailableError:
        return True
    finally:
        await pg.close()


async def test_behind_the_writer_catches_up_without_holding_the_workshops_row(store):
    """Deciding again runs on the server's event loop: under the row lock, every other process's commit to the
    workshop waited for it (bench/scale.py split, about half the batches with two processes)."""
    await store.commit("w5", 0, [put("a", 1)], create=True)
    await store.commit("w5", 1, [put("a", 2, "theirs")])
    held = []

    async def on_behind(missed):
        held.append(([e.seq for e in missed], await _row_held(store, "w5")))
        return [put("a", 3, "ours, after theirs")]

    assert await store.commit("w5", 1, [put("a", 2, "ours")], on_behind=on_behind) == 3
    assert held == [([2], False)]
    state, seq = await store.load("w5")
    assert seq == 3 and state.records["a"]["text"] == "ours, after theirs"


async def test_a_workshop_that_keeps_moving_on_is_caught_up_under_its_row_lock_in_the_end(store):
    """Each catching up without the lock is beaten by yet another commit: after CATCH_UP_TRIES the writer
    locks the row, so it always gets through, with one gapless seq."""
    from server.store.pg_writer import CATCH_UP_TRIES
    await store.commit("w6", 0, [put("a", 1)], create=True)
    await store.commit("w6", 1, [put("t0", 1)])
    held = []

    async def on_behind(missed):
        locked = await _row_held(store, "w6")
        held.append(([e.seq for e in missed], locked))
        if not locked:  # someone else gets in first again
            await store.commit("w6", missed[-1].seq, [put(f"t{len(held)}", 1)])
        return [put("ours", 1)]

    seq = await store.commit("w6", 1, [put("ours", 1)], on_behind=on_behind)
    assert seq == 3 + CATCH_UP_TRIES
    assert held == [([2 + i], False) for i in range(CATCH_UP_TRIES)] + [([2 + CATCH_UP_TRIES], True)]
    events = await store.events_since("w6", 0)
    assert [e.seq for e in events] == list(range(1, seq + 1))
    state, _ = await store.load("w6")
    assert {"ours", "t0", *(f"t{i + 1}" for i in range(CATCH_UP_TRIES))} <= set(state.records)
