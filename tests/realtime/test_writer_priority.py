"""SQLite's one writer serves live ops before the slices of a heavy op (issue 12, "Heavy work never stalls
the room"; server/store/writers.py SqliteWriter): a live op of one workshop that waits behind queued
import slices of another is committed first, in a transaction of its own, and the slices follow in order."""
import asyncio
import sqlite3
import threading

from tests.contracts.store import entry, real_store, record


def written(db) -> list[tuple[str, int, str]]:
    """(workshop, seq, op) of every stored event, in the order the writer inserted them."""
    with sqlite3.connect(db) as c:
        return c.execute("SELECT workshop_id, seq, op FROM events ORDER BY rowid").fetchall()


async def queued(coro) -> asyncio.Task:
    """`coro` started and waiting for the writer (its batch is in the writer's queue)."""
    task = asyncio.create_task(coro)
    await asyncio.sleep(0)
    return task


async def test_a_live_op_goes_before_the_import_slices_queued_ahead_of_it(tmp_path):
    db = tmp_path / "writer.db"
    async with real_store(f"sqlite:///{db}") as store:
        for wid in ("room", "importer"):
            await store.commit(wid, 0, [entry("workshop.create", [record(wid, kind="workshop")])], create=True)
        writer = store.writer
        held = threading.Event()
        busy = writer.executor.submit(held.wait)  # the writer's thread is busy: what comes now waits
        try:
            slice1 = await queued(store.commit("importer", 1, [entry("responses.import", [record("a1")])], bulk=True))
            slice2 = await queued(store.commit("importer", 2, [entry("responses.import", [record("a2")])], bulk=True))
            move = await queued(store.commit("room", 1, [entry("card.update", [record("c1", x=0.5)])]))
            assert [t.done() for t in (slice1, slice2, move)] == [False, False, False]
        finally:
            held.set()
        busy.result()
        assert await asyncio.gather(slice1, slice2, move) == [2, 3, 2]
        after_creates = written(db)[2:]
        assert after_creates == [("room", 2, "card.update"), ("importer", 2, "responses.import"),
                                 ("importer", 3, "responses.import")]
        state, seq = await store.load("importer")
        assert seq == 3 and {"a1", "a2"} <= set(state.records)


async def test_live_ops_that_never_pause_let_a_slice_through_in_the_end(tmp_path):
    """A slice passed over BULK_PATIENCE live transactions in a row goes next, live ops waiting or not."""
    async with real_store(f"sqlite:///{tmp_path / 'writer.db'}") as store:
        writer = store.writer
        writer._bulk.append("slice")
        order = []
        for n in range(writer.BULK_PATIENCE + 1):
            writer._waiting.append(f"live {n}")
            order.append(writer._next())
        assert order[:writer.BULK_PATIENCE] == [[f"live {n}"] for n in range(writer.BULK_PATIENCE)]
        assert order[writer.BULK_PATIENCE] == ["slice"]  # ahead of the live op waiting with it
        assert writer._next() == [f"live {writer.BULK_PATIENCE}"]
        assert writer._next() == []


async def test_a_slice_is_answered_once_on_disk_and_live_ops_are_written_meanwhile(tmp_path):
    """A slice's fsync is made by the writer's second thread, outside SQLite's write lock: while it has not
    been made (the second thread held here, as a slow disk would), the slice is in the database but not yet
    answered, and another workshop's live op is written and answered. Before, the fsync was the slice's
    COMMIT, and every live op waited for it."""
    db = tmp_path / "writer.db"
    async with real_store(f"sqlite:///{db}") as store:
        for wid in ("room", "importer"):
            await store.commit(wid, 0, [entry("workshop.create", [record(wid, kind="workshop")])], create=True)
        writer = store.writer
        held = threading.Event()
        syncing = writer.background.submit(held.wait)
        try:
            piece = await queued(store.commit("importer", 1, [entry("responses.import", [record("a1")])], bulk=True))
            while ("importer", 2, "responses.import") not in written(db):  # committed, by the writer's thread
                await asyncio.sleep(0.01)
            move = await store.commit("room", 1, [entry("card.update", [record("c1", x=0.5)])])
            assert move == 2 and not piece.done()  # the live op went through; the slice waits for its sync
        finally:
            held.set()
        syncing.result()
        assert await piece == 2
        with sqlite3.connect(db) as c:
            assert c.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL: as configured, for live ops


async def test_the_log_is_copied_into_the_database_by_the_second_thread_not_in_a_commit(tmp_path):
    """The writer's own connection never checkpoints (a live op that crossed SQLite's 1,000 pages waited for
    one); once CHECKPOINT_BYTES have been written, the second thread copies the log into the database file."""
    db = tmp_path / "writer.db"
    async with real_store(f"sqlite:///{db}") as store:
        writer = store.writer
        writer.CHECKPOINT_BYTES = 10_000
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop")])], create=True)
        held = threading.Event()
        busy = writer.background.submit(held.wait)
        try:
            marker = "checkpointed-in-the-background"
            await store.commit("w1", 1, [entry("card.update", [record("c1", text=marker + "." * 12_000)])])
            assert marker.encode() not in db.read_bytes()  # in the log only: the commit did not checkpoint
        finally:
            held.set()
        busy.result()
        writer.background.submit(lambda: None).result()  # the checkpoint, queued before the answer, has run
        assert marker.encode() in db.read_bytes()
