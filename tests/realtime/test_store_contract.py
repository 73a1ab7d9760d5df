"""The Store contract (tests/contracts/store.py) on a SQLite file and on the in-memory store of the hub tests.

PostgreSQL runs the same suite in tests/scale/test_store_contract_postgres.py.
"""
import asyncio

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


class TestMemoryStore(StoreContract):
    @pytest.fixture
    async def store(self):
        yield MemoryStore()
