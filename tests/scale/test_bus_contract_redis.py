"""The Bus contract (tests/contracts/bus.py) on a real Redis server: two buses, as two processes hold them."""
import orjson
import pytest
import redis.asyncio as redis

from server.bus.redis import RedisBus, _channel
from tests.contracts.bus import BusContract, RecordingHub, RecordingHubs, eventually


class TestRedisBus(BusContract):
    @pytest.fixture
    async def buses(self, redis_url):
        a, b = RedisBus(redis_url), RedisBus(redis_url)
        await a.start(RecordingHubs("w1"))
        await b.start(RecordingHubs("w1"))
        assert await a.subscribe("w1") and await b.subscribe("w1")
        yield a, b, True
        await a.close()
        await b.close()


async def test_what_is_published_the_moment_subscribe_returns_is_heard(redis_url):
    """subscribe returns only once Redis has confirmed it: a message another process publishes right then
    arrives (a bus that returned before Redis took the SUBSCRIBE lost it: the PUBLISH got there first).
    The server catches up from the log after subscribing, so this is what makes its first welcome whole."""
    bus, other = RedisBus(redis_url), redis.from_url(redis_url)
    hubs = RecordingHubs()
    await bus.start(hubs)
    await other.ping()  # connected beforehand: the publish below is written at once
    try:
        for n in range(20):
            workshop_id = f"w{n}"
            hub = hubs.hubs[workshop_id] = RecordingHub(workshop_id)
            assert await bus.subscribe(workshop_id) is True
            message = {"k": "ev", "origin": "another process", "seq": 1, "op": "card.update", "by": "p1",
                       "at": "2026-01-01T10:00:00.000Z", "put": [], "deleted": [], "client_op": None,
                       "result": None, "notices": []}
            assert await other.publish(_channel(workshop_id), orjson.dumps(message)) == 1  # one subscriber: us
            assert await eventually(lambda: len(hub.events) == 1, 2.0), n
    finally:
        await bus.close()
        await other.aclose()


async def test_a_processs_own_messages_come_back_and_are_skipped_unread(redis_url, caplog):
    """Redis sends a process every message of the workshops it is subscribed to, its own too: those are told
    by their first bytes (the origin comes first) and never decoded. A message whose body is not JSON after
    our own origin is skipped without a word; another process's message after it is heard as usual."""
    bus, other = RedisBus(redis_url), redis.from_url(redis_url)
    hubs = RecordingHubs("w1")
    await bus.start(hubs)
    try:
        assert await bus.subscribe("w1") is True
        await other.publish(_channel("w1"), bus.own + b"not JSON: decoding it would fail")
        message = {"k": "ev", "origin": "another process", "seq": 1, "op": "card.update", "by": "p1",
                   "at": "2026-01-01T10:00:00.000Z", "put": [], "deleted": [], "client_op": None,
                   "result": None, "notices": []}
        await other.publish(_channel("w1"), orjson.dumps(message))
        assert await eventually(lambda: len(hubs.hubs["w1"].events) == 1, 2.0)
        assert not [r for r in caplog.records if "listener failed" in r.getMessage()]
        assert orjson.loads(bus.own + b'"k": "ev"}')["origin"] == bus.origin  # what publish starts with
    finally:
        await bus.close()
        await other.aclose()
