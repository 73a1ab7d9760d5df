"""The Store contract (tests/contracts/store.py) on a SQLite file and on the in-memory store of the hub tests.

PostgreSQL runs the same suite in tests/scale/test_store_contract_postgres.py.
"""
import pytest

from tests.contracts.store import StoreContract, real_store
from tests.fakes import MemoryStore


class TestSqliteStore(StoreContract):
    @pytest.fixture
    async def store(self, tmp_path):
        async with real_store(f"sqlite:///{tmp_path / 'contract.db'}") as store:
            yield store


class TestMemoryStore(StoreContract):
    @pytest.fixture
    async def store(self):
        yield MemoryStore()
