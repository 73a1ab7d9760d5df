"""Fan-out between server processes through Redis pub/sub, so several `coboard serve` processes
share the same workshops (no sticky sessions).

Events are published after commit with their seq; a process that sees a gap catches up from the
database, which stays the truth. Ephemeral messages and presence changes are fire-and-forget.
"""
import asyncio
import logging
import uuid

import orjson
import redis.asyncio as redis

from ..store import StoredEvent

log = logging.getLogger("coboard.bus")
PREFIX = "coboard:"


class RedisBus:
    def __init__(self, url: str):
        self.url = url
        self.origin = uuid.uuid4().hex  # our own messages come back to us; we skip them
        self.outbox: asyncio.Queue = asyncio.Queue(maxsize=10000)
        self.tasks: list[asyncio.Task] = []

    async def start(self, hubs) -> None:
        self.hubs = hubs
        self.redis = redis.from_url(self.url)
        await self.redis.ping()
        self.pubsub = self.redis.pubsub()
        await self.pubsub.psubscribe(PREFIX + "*")
        self.tasks = [asyncio.create_task(self._listen()), asyncio.create_task(self._send())]

    async def publish(self, workshop_id: str, event: StoredEvent, notices: list[dict]) -> None:
        message = {"origin": self.origin, "seq": event.seq, "op": event.op, "by": event.by, "at": event.at,
                   "put": event.put, "deleted": event.deleted, "notices": notices}
        await self.redis.publish(f"{PREFIX}ev:{workshop_id}", orjson.dumps(message))

    def post_ephemeral(self, workshop_id: str, message: dict) -> None:
        self._post(f"{PREFIX}eph:{workshop_id}", {"origin": self.origin, **message})

    def post_presence(self, workshop_id: str, participant_id: str, delta: int) -> None:
        self._post(f"{PREFIX}presence:{workshop_id}",
                   {"origin": self.origin, "participant_id": participant_id, "delta": delta})

    def ask_presence(self, workshop_id: str) -> None:
        """A process that starts serving a workshop asks the others who is connected through them."""
        self._post(f"{PREFIX}presence_query:{workshop_id}", {"origin": self.origin})

    def _tell_presence(self, workshop_id: str, counts: dict) -> None:
        self._post(f"{PREFIX}presence_state:{workshop_id}", {"origin": self.origin, "counts": counts})

    def _post(self, channel: str, message: dict) -> None:
        try:
            self.outbox.put_nowait((channel, orjson.dumps(message)))
        except asyncio.QueueFull:  # ephemeral by nature: drop rather than slow the room
            log.warning("redis outbox full; dropping %s", channel)

    async def _send(self) -> None:
        while True:
            channel, payload = await self.outbox.get()
            try:
                await self.redis.publish(channel, payload)
            except Exception:
                log.exception("redis publish failed")

    async def _listen(self) -> None:
        while True:
            try:
                async for message in self.pubsub.listen():
                    if message.get("type") != "pmessage":
                        continue
                    await self._deliver(message["channel"].decode(), orjson.loads(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("redis listener failed; resubscribing")
                await asyncio.sleep(0.5)

    async def _deliver(self, channel: str, message: dict) -> None:
        origin = message.pop("origin", None)
        if origin == self.origin:
            return
        kind, _, workshop_id = channel[len(PREFIX):].partition(":")
        hub = self.hubs.hubs.get(workshop_id)
        if hub is None:  # nobody here is looking at that workshop
            return
        if kind == "ev":
            notices = message.pop("notices", [])
            await hub.on_remote_event(StoredEvent(**message), notices)
        elif kind == "eph":
            hub.relay_to_room(message["room_id"], message, skip=None)
        elif kind == "presence":
            hub.on_remote_presence(origin, {message["participant_id"]: message["delta"]}, replace=False)
        elif kind == "presence_state":
            hub.on_remote_presence(origin, message["counts"], replace=True)
        elif kind == "presence_query":
            self._tell_presence(workshop_id, dict(hub.presence))

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        try:
            await self.pubsub.aclose()
            await self.redis.aclose()
        except Exception:
            pass
