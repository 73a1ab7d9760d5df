"""The Store contract (tests/contracts/store.py) on a real PostgreSQL server."""
import asyncio

import pytest

from server.store import Store
from server.store.engine import make_engine
from server.store.migrate import upgrade
from tests.contracts.store import StoreContract


class TestPostgresStore(StoreContract):
    @pytest.fixture
    async def store(self, postgres):
        url = postgres()
        await asyncio.to_thread(upgrade, url)
        engine = make_engine(url, "FULL")
        store = Store(engine, "FULL")
        yield store
        await store.close()
        await engine.dispose()
