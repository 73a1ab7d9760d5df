"""The Store contract (tests/contracts/store.py) on a SQLite file and on the in-memory store of the hub tests.

PostgreSQL runs the same suite in tests/scale/test_store_contract_postgres.py.
"""
import asyncio

import pytest

from server.store import Store
from server.store.engine import make_engine
from server.store.migrate import upgrade
from tests.contracts.store import StoreContract
from tests.fakes import MemoryStore


class TestSqliteStore(StoreContract):
    @pytest.fixture
    async def store(self, tmp_path):
        url = f"sqlite:///{tmp_path / 'contract.db'}"
        await asyncio.to_thread(upgrade, url)
        engine = make_engine(url, "FULL")
        store = Store(engine, "FULL")
        yield store
        await store.close()
        await engine.dispose()


class TestMemoryStore(StoreContract):
    @pytest.fixture
    async def store(self):
        yield MemoryStore()
