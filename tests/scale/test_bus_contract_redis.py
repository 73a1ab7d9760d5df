"""The Bus contract (tests/contracts/bus.py) on a real Redis server: two buses, as two processes hold them."""
import pytest

from server.bus.redis import RedisBus
from tests.contracts.bus import BusContract, RecordingHubs


class TestRedisBus(BusContract):
    @pytest.fixture
    async def buses(self, redis_url):
        a, b = RedisBus(redis_url), RedisBus(redis_url)
        await a.start(RecordingHubs("w1"))
        await b.start(RecordingHubs("w1"))
        yield a, b, True
        await a.close()
        await b.close()
