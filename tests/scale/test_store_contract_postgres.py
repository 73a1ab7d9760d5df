"""The Store contract (tests/contracts/store.py) on a real PostgreSQL server."""
import pytest

from tests.contracts.store import StoreContract, real_store


class TestPostgresStore(StoreContract):
    @pytest.fixture
    async def store(self, postgres):
        async with real_store(postgres()) as store:
            yield store
