"""The Bus contract (tests/contracts/bus.py) on the in-process bus; Redis runs it in tests/scale."""
import pytest

from server.bus import LocalBus
from tests.contracts.bus import BusContract, RecordingHubs


class TestLocalBus(BusContract):
    @pytest.fixture
    async def buses(self):
        a, b = LocalBus(), LocalBus()
        await a.start(RecordingHubs("w1"))
        await b.start(RecordingHubs("w1"))
        assert await a.subscribe("w1") and await b.subscribe("w1")
        yield a, b, False
        await a.close()
        await b.close()
