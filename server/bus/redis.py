"""Fan-out between server processes through Redis pub/sub, so several `coboard serve` processes
share the same workshops (no sticky sessions).

Events are published after commit with their seq; a process that sees a gap catches up from the
database, which stays the truth. Ephemeral messages and presence changes are fire-and-forget.

Each workshop has one channel, and a process subscribes only to the workshops a member uses
through it (`subscribe`, awaited until Redis confirms it, so the caller can then catch up from
the log and miss nothing in between), and unsubscribes when it drops the workshop from memory:
a process is not sent, and does not decode, what the other processes' workshops do.

Presence survives a process that dies without a word (kill -9, a crashed machine): every process
sends the whole list of who is connected through it every HEARTBEAT seconds and keeps a key of its
own in Redis that expires after TTL seconds unless renewed. When a process has not been heard
from for TTL and its key is gone, the others forget the people it held, who are then shown
offline (within TTL + HEARTBEAT of the death). A restarted Redis loses the keys, but not the
heartbeats: nobody alive is forgotten, since both must be missing.
"""
import asyncio
import logging
import time
import uuid
from collections import deque

import orjson
import redis.asyncio as redis

from ..store import StoredEvent

log = logging.getLogger("coboard.bus")
PREFIX = "coboard:"
HEARTBEAT = 10.0  # seconds between a process's full presence lists
TTL = 30.0  # a process not heard from for this long, with its key expired, is taken for dead
SHARE_EVERY = 0.25  # seconds between reports of what each person spent through this process (limits.py)
SEND_BATCH = 256  # messages sent to Redis in one pipeline at most
SUBSCRIBE_WAIT = 2.0  # seconds a first use waits for Redis to confirm a subscription (then: the seq gap)
GUESSES = PREFIX + "guess"  # every process's budgets that are not one workshop's ops: join codes, joins, limits
CHANNEL = PREFIX + "w:"  # + workshop id: everything of one workshop, on one channel
UNREACHABLE = (redis.ConnectionError, redis.TimeoutError, OSError)  # Redis down or restarting


class RedisBus:
    def __init__(self, url: str):
        self.url = url
        self.origin = uuid.uuid4().hex  # our own messages come back to us; we skip them
        # ...unread: every message we send starts with our origin (publish, _post), so the echo of one is told by its
        # first bytes, before Redis's reply is decoded as JSON (each process is sent every event it published)
        self.own = orjson.dumps({"origin": self.origin})[:-1] + b","
        self.outbox: asyncio.Queue = asyncio.Queue(maxsize=10000)
        self.tasks: list[asyncio.Task] = []
        self.last_heard: dict[str, float] = {}  # other process → when it last said anything
        self.unreachable = False  # Redis away (said once in the log until it is back)
        self.subscribed: dict[str, asyncio.Future] = {}  # workshop → its subscription (done once Redis confirmed it)
        self.confirming: dict[str, deque] = {}  # channel → subscriptions sent, in order, awaiting Redis's word
        self.changes: asyncio.Queue = asyncio.Queue()  # ("subscribe" | "unsubscribe", workshop), sent in order

    async def start(self, hubs) -> None:
        self.hubs = hubs
        # RESP2: a pub/sub message is a plain reply; RESP3 makes it a push frame, which redis-py hands through its
        # push handler at about 30 % more CPU a message (bench/bus.py); nothing here needs RESP3
        self.redis = redis.from_url(self.url, protocol=2)
        await self.redis.ping()
        self.pubsub = self.redis.pubsub()
        await self.pubsub.subscribe(GUESSES)  # the listener always has a channel to listen on
        self.tasks = [asyncio.create_task(self._listen()), asyncio.create_task(self._send()),
                      asyncio.create_task(self._heartbeat()), asyncio.create_task(self._share_spending()),
                      asyncio.create_task(self._subscriptions())]

    async def subscribe(self, workshop_id: str) -> bool:
        """Told from now on what the other processes do in the workshop: True once Redis has confirmed it, so
        that what the caller reads from the log afterwards covers everything committed before. False when
        Redis did not confirm it within SUBSCRIBE_WAIT (away): it is kept trying, and the seq gap catches up."""
        heard = self.subscribed.get(workshop_id)
        if heard is None:
            heard = self.subscribed[workshop_id] = asyncio.get_running_loop().create_future()
            self.confirming.setdefault(_channel(workshop_id), deque()).append(heard)
            self.changes.put_nowait(("subscribe", workshop_id))
        if heard.done():
            return True
        if self.unreachable:
            return False
        try:
            await asyncio.wait_for(asyncio.shield(heard), SUBSCRIBE_WAIT)
        except TimeoutError:
            return False
        return True

    def unsubscribe(self, workshop_id: str) -> None:
        """The workshop is no longer live here: Redis stops sending us its messages."""
        if self.subscribed.pop(workshop_id, None) is not None:
            self.changes.put_nowait(("unsubscribe", workshop_id))

    async def _subscriptions(self) -> None:
        """Subscriptions and unsubscriptions sent in the order asked, each kept trying while Redis is away.

        Redis confirms every SUBSCRIBE on a connection in order, so the n-th confirmation of a channel is
        the n-th subscription sent (`confirming`); an unsubscription asked for a workshop wanted again
        meanwhile is not sent at all."""
        while True:
            action, workshop_id = await self.changes.get()
            while not (action == "unsubscribe" and workshop_id in self.subscribed):
                try:
                    if action == "subscribe":
                        await self.pubsub.subscribe(_channel(workshop_id))
                    else:
                        await self.pubsub.unsubscribe(_channel(workshop_id))
                    break
                except asyncio.CancelledError:
                    raise
                except UNREACHABLE as e:
                    self._away("subscribing", e)
                    await asyncio.sleep(0.5)
                except Exception:
                    log.exception("redis %s failed", action)
                    break

    def _confirmed(self, channel: str) -> None:
        waiting = self.confirming.get(channel)
        if waiting:
            heard = waiting.popleft()
            if not heard.done():
                heard.set_result(None)
            if not waiting:
                del self.confirming[channel]

    async def publish(self, workshop_id: str, event: StoredEvent, notices: list[dict]) -> None:
        """A committed event, queued for Redis in commit order: the commit does not wait for the round
        trip (it held the workshop's lock for one per op). Waits only when the outbox is full."""
        message = {"origin": self.origin, "k": "ev", "seq": event.seq, "op": event.op, "by": event.by, "at": event.at,
                   "put": event.put, "deleted": event.deleted, "client_op": event.client_op, "result": event.result,
                   "notices": notices}
        item = (_channel(workshop_id), orjson.dumps(message))
        try:
            self.outbox.put_nowait(item)
        except asyncio.QueueFull:  # committed is committed: wait for room rather than lose it
            await self.outbox.put(item)

    def post_ephemeral(self, workshop_id: str, message: dict) -> None:
        self._post(workshop_id, "eph", message)

    def post_presence(self, workshop_id: str, participant_id: str, delta: int) -> None:
        self._post(workshop_id, "presence", {"participant_id": participant_id, "delta": delta})

    def ask_presence(self, workshop_id: str) -> None:
        """A process that starts serving a workshop asks the others who is connected through them."""
        self._post(workshop_id, "presence_query", {})

    def _tell_presence(self, workshop_id: str, counts: dict) -> None:
        self._post(workshop_id, "presence_state", {"counts": counts})

    def _post(self, workshop_id: str | None, kind: str, message: dict) -> None:
        """Fire and forget, to the workshop's channel (None: to every process's)."""
        channel = _channel(workshop_id) if workshop_id is not None else GUESSES
        try:
            # the origin first: see `own` (the messages posted here never carry one of their own)
            self.outbox.put_nowait((channel, orjson.dumps({"origin": self.origin, **message, "k": kind})))
        except asyncio.QueueFull:  # ephemeral by nature: drop rather than slow the room
            log.warning("redis outbox full; dropping %s", kind)

    def _away(self, what: str, e: BaseException) -> None:
        """Redis cannot be reached (restarting, say): one plain line per outage, not a traceback each try."""
        if not self.unreachable:
            self.unreachable = True
            log.warning("redis unreachable (%s while %s: %s); retrying, ops still commit to the database",
                        type(e).__name__, what, e)

    def _back(self) -> None:
        if self.unreachable:
            self.unreachable = False
            log.warning("redis reachable again")

    async def _send(self) -> None:
        """The outbox to Redis in order: whatever is queued goes in one pipeline (one round trip)."""
        while True:
            items = [await self.outbox.get()]
            while not self.outbox.empty() and len(items) < SEND_BATCH:
                items.append(self.outbox.get_nowait())
            try:
                if len(items) == 1:
                    await self.redis.publish(*items[0])
                else:
                    pipe = self.redis.pipeline(transaction=False)
                    for channel, payload in items:
                        pipe.publish(channel, payload)
                    await pipe.execute()
                self._back()
            except UNREACHABLE as e:  # events are caught up by the gap in seq; the rest is ephemeral
                self._away("publishing", e)
            except Exception:
                log.exception("redis publish failed")

    async def _heartbeat(self) -> None:
        while True:
            try:
                await self.redis.set(f"{PREFIX}process:{self.origin}", "1", ex=int(TTL))
                for workshop_id, hub in list(self.hubs.hubs.items()):
                    self._tell_presence(workshop_id, dict(hub.presence.local))
                await self._forget_silent()
            except asyncio.CancelledError:
                raise
            except UNREACHABLE as e:  # Redis away: the listener reconnects; we try again next beat
                self._away("beating", e)
            except Exception:
                log.exception("presence heartbeat failed")
            await asyncio.sleep(HEARTBEAT)

    async def _share_spending(self) -> None:
        """Per-person budgets across processes: what each person spent through us, told to the others."""
        guessing = getattr(self.hubs, "guessing", None)
        if guessing is not None:
            guessing.shared = True  # its forgiven mistakes are now taken from it every beat
        while True:
            await asyncio.sleep(SHARE_EVERY)
            try:
                for workshop_id, hub in list(self.hubs.hubs.items()):
                    spent = hub.budgets.take_spent()
                    if spent:
                        self._post(workshop_id, "spend", {"spent": spent})
                guessing = getattr(self.hubs, "guessing", None)  # join codes and joins (api/guessing.py)
                if guessing is not None and (spent := guessing.take_spent()):
                    self._post(None, "guess", {"spent": spent})
                limits = getattr(self.hubs, "limits", None)  # creates, restores, pictures (api/workshops.py)
                if limits is not None and (spent := limits.take_spent()):
                    self._post(None, "limits", {"spent": spent})
            except Exception:
                log.exception("sharing budgets failed")

    async def _forget_silent(self) -> None:
        """The people held by processes that stopped beating are no longer online."""
        now = time.monotonic()
        for origin, heard in list(self.last_heard.items()):
            if now - heard < TTL or await self.redis.exists(f"{PREFIX}process:{origin}"):
                continue
            log.info("process %s silent for %.0f s: its connections are gone", origin[:8], now - heard)
            del self.last_heard[origin]
            for hub in list(self.hubs.hubs.values()):
                hub.forget_process(origin)

    async def _listen(self) -> None:
        while True:
            try:
                async for message in self.pubsub.listen():
                    self._back()
                    if message.get("type") == "subscribe":
                        self._confirmed(message["channel"].decode())
                    if message.get("type") != "message" or message["data"].startswith(self.own):
                        continue  # our own message back: delivered here when we sent it
                    await self._deliver(message["channel"].decode(), orjson.loads(message["data"]))
            except asyncio.CancelledError:
                raise
            except UNREACHABLE as e:
                self._away("listening", e)
                await asyncio.sleep(0.5)
            except Exception:
                log.exception("redis listener failed; resubscribing")
                await asyncio.sleep(0.5)

    async def _deliver(self, channel: str, message: dict) -> None:
        origin = message.pop("origin", None)
        if origin == self.origin:
            return
        self.last_heard[origin] = time.monotonic()
        kind, workshop_id = message.pop("k", None), channel[len(CHANNEL):]
        if kind == "guess":  # not one workshop's: every process's join-code and join budgets
            guessing = getattr(self.hubs, "guessing", None)
            if guessing is not None:
                guessing.charge(message.get("spent") or {})
            return
        if kind == "limits":  # not one workshop's either: SharedLimits (api/workshops.py)
            limits = getattr(self.hubs, "limits", None)
            if limits is not None:
                limits.charge(message.get("spent") or {})
            return
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
        elif kind == "spend":
            hub.budgets.charge(message.get("spent") or {})
        elif kind == "presence_query":
            self._tell_presence(workshop_id, dict(hub.presence.local))

    async def close(self) -> None:
        for task in self.tasks:
            task.cancel()
        try:
            await self.pubsub.aclose()
            await self.redis.aclose()
        except Exception:
            pass


def _channel(workshop_id: str) -> str:
    return CHANNEL + workshop_id
