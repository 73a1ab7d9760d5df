"""The Store contract (tests/contracts/store.py) on a SQLite file and on the in-memory store of the hub tests.

PostgreSQL runs the same suite in tests/scale/test_store_contract_postgres.py.
"""
import asyncio
import sqlite3
import time

import pytest
from sqlalchemy import event

from tests.contracts.store import StoreContract, entry, real_store, record
from tests.fakes import MemoryStore


class TestSqliteStore(StoreContract):
    @pytest.fixture
    async def store(self, tmp_path):
        async with real_store(f"sqlite:///{tmp_path / 'contract.db'}") as store:
            yield store

    async def test_hellos_at_once_look_their_tokens_up_in_one_query(self, store):
        """300 tokens asked for together are a query or two, not 300 (each a pool checkout and a trip
        to the driver's thread: most of what a connection cost the server to connect)."""
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop")], actor=None,
                                           credentials=[(f"tok-{i}", f"p{i}") for i in range(300)])], create=True)
        lookups = []

        def seen(conn, cursor, statement, *args):
            if "FROM credentials" in statement:
                lookups.append(statement)

        event.listen(store.engine.sync_engine, "before_cursor_execute", seen)
        try:
            answers = await asyncio.gather(*(store.member_for_token(f"tok-{i}") for i in range(300)))
        finally:
            event.remove(store.engine.sync_engine, "before_cursor_execute", seen)
        assert answers == [("w1", f"p{i}") for i in range(300)]
        assert 1 <= len(lookups) <= 2

    async def test_lookups_waiting_when_the_database_fails_are_each_told_and_the_next_ones_work(self, store):
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop")], actor=None,
                                           credentials=[("tok-1", "p1")])], create=True)

        def away(conn, cursor, statement, *args):
            if "FROM credentials" in statement:
                raise OSError("the database is away")

        event.listen(store.engine.sync_engine, "before_cursor_execute", away)
        try:
            answers = await asyncio.gather(*(store.member_for_token(t) for t in ("tok-1", "tok-2", "tok-1")),
                                           return_exceptions=True)
        finally:
            event.remove(store.engine.sync_engine, "before_cursor_execute", away)
        assert [type(a) for a in answers] == [OSError] * 3
        assert await store.member_for_token("tok-1") == ("w1", "p1")


    async def test_D3_the_log_is_emptied_after_an_erasure_without_holding_up_other_commits(self, store, tmp_path):
        """A reader still in the log keeps the truncation waiting, not the writer: commits go on at their
        own pace meanwhile (the checkpoint gives way instead of holding the write lock while it waits for
        the reader), and once the reader is done the log is cut to nothing."""
        path = tmp_path / "contract.db"
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop")], actor=None)],
                           create=True)
        reader = sqlite3.connect(path, isolation_level=None)
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM records").fetchall()  # a snapshot that needs the log
        await store.commit("w1", 1, [entry(put=[record("c1")])])  # the log now holds more than the reader's
        clearing = asyncio.ensure_future(store.clear_old_copies())
        waits = []
        for seq in range(2, 12):
            started = time.monotonic()
            await store.commit("w1", seq, [entry(put=[record("c1", v=seq)])])
            waits.append(time.monotonic() - started)
        assert not clearing.done() and max(waits) < 4, waits  # a checkpoint that waited: 5 s and more (25.8 s seen)
        reader.execute("COMMIT")
        reader.close()
        assert await clearing is True
        assert (tmp_path / "contract.db-wal").stat().st_size == 0


class TestMemoryStore(StoreContract):
    @pytest.fixture
    async def store(self):
        yield MemoryStore()
