"""One workshop, live in this process: its cached records, its connections, the op pipeline.

Ops on a workshop are ordered by an asyncio lock here and by the workshop row's lock in the
database, so several processes can share a workshop. The pipeline: queue → (one writer task,
under the lock) decide each queued op in order (pure domain) → store the batch's events and
records in one transaction, or catch up if another process moved the workshop on and decide
again → ack → fan out to every connection in seq order → publish on the bus.
"""
import asyncio
import logging
import random
from collections import Counter, OrderedDict, deque
from dataclasses import dataclass
from typing import Callable

import orjson

from ..clock import now_iso, op_context
from ..domain import gate
from ..domain.errors import Change, Rejected
from ..domain.gate import Checked
from ..domain.roles import STAFF
from ..domain.state import WorkshopState
from ..domain.views import event_view, view_key, visible
from ..store import Behind, Entry, Store, StoredEvent

RECENT_EVENTS = 2000  # kept in memory so most resumes need no database read
MAX_BATCH = 64  # ops stored in one transaction at most
REMEMBERED_ACKS = 5000  # per workshop: repeats of ops older than this are rare (a phone asleep for hours)
log = logging.getLogger("coboard.hub")


def storing_failed(e: BaseException) -> Rejected:
    """A batch that could not be stored: nothing of it changed; say whether the database is away."""
    if isinstance(e, (OSError, ConnectionError, asyncio.TimeoutError)) or type(e).__name__ in (
            "OperationalError", "InterfaceError", "ConnectionDoesNotExistError", "CannotConnectNowError"):
        log.warning("could not store a batch of ops: %s", type(e).__name__)
        return Rejected("unavailable", "The board cannot save just now, so nothing was changed. "
                                       "Please try again in a moment.")
    if isinstance(e, Exception):
        log.error("could not store a batch of ops", exc_info=e)
    return INTERNAL()


def INTERNAL() -> Rejected:
    """What a failure inside the server is answered with: nothing changed, the connection stays."""
    return Rejected("internal", "Something went wrong on our side, and nothing was changed. Please try again.")


@dataclass
class Pending:
    """An op waiting in its workshop's queue; `done` gets (seq, change) or the reason it was refused."""

    actor_id: str | None
    checked: Checked
    on_commit: Callable | None
    credential: str | None
    create: bool
    done: asyncio.Future
    client_op: str | None = None  # the client's op id, op and args, fingerprinted: a repeat is answered, not re-applied

    @property
    def op(self) -> str:
        return self.checked.name


def dumps(message: dict) -> str:
    return orjson.dumps(message).decode()


class Hub:
    def __init__(self, workshop_id: str, state: WorkshopState, seq: int, store: Store, bus, settings):
        self.workshop_id, self.state, self.seq = workshop_id, state, seq
        self.store, self.bus, self.settings = store, bus, settings
        self.failing_ops = frozenset(filter(None, (getattr(settings, "fail_ops", "") or "").split(",")))
        self.lock = asyncio.Lock()
        self.connections: set = set()
        self.presence: Counter = Counter()
        self.reconnects: Counter = Counter()  # hosts see whose connection keeps dropping
        self.remote_presence: dict[str, Counter] = {}  # process → connections it holds
        self.recent: deque[StoredEvent] = deque(maxlen=RECENT_EVENTS)
        self.queue: deque[Pending] = deque()  # ops waiting for the writer task
        self.acked: OrderedDict[tuple, tuple[int, dict]] = OrderedDict()  # (actor, client op) → (seq, result)
        self.inflight: dict[tuple, Pending] = {}
        self.writer: asyncio.Task | None = None
        # Called after each committed op whose name is in the observer's `ops`, with the records as they
        # were before it: (hub, op, args, event, records_before). Snapshots every board when the
        # activity changes.
        self.observers: list[Callable] = []

    # ---- ops -----------------------------------------------------------------------------

    async def execute(self, actor_id: str | None, op: str, args, *, internal: bool = False,
                      on_commit: Callable[[int, Change], None] | None = None,
                      credential: str | None = None, create: bool = False,
                      client_op: str | None = None) -> tuple[int, Change]:
        """Decide (through the one gate), store and fan out one op; raises Rejected with nothing changed.

        `op` names an op of the registry and `args` are its raw arguments, as sent; `internal`
        lets the server's own callers use its internal ops (a new workshop, a join, an import).
        Ops wait in the workshop's queue; one writer task takes them in order, decides each
        against the state the previous ones left, and stores the whole batch in one transaction
        (group commit). Each op's ack and event go out only after that commit.
        """
        checked = gate.parse(op, args, internal=internal)
        key = (actor_id, client_op) if client_op is not None and actor_id is not None else None
        if key is not None and key in self.acked:  # a repeat whose ack was lost on the way: the same answer
            seq, result = self.acked[key]
            change = Change(result=result)
            if on_commit:
                on_commit(seq, change)
            return seq, change
        if key is not None and key in self.inflight:  # the first copy is still queued: answer both with it
            seq, change = await asyncio.shield(self.inflight[key].done)
            if on_commit:
                on_commit(seq, change)
            return seq, change
        pending = Pending(actor_id, checked, on_commit, credential, create,
                          asyncio.get_running_loop().create_future(), client_op)
        if key is not None:
            self.inflight[key] = pending
        self.queue.append(pending)
        if self.writer is None or self.writer.done():
            self.writer = asyncio.create_task(self._write_queued())
        try:
            # shielded: a connection that drops while waiting must not cancel the op for its repeat
            return await asyncio.shield(pending.done)
        finally:
            if pending.done.done():
                self._settled(pending)

    async def _write_queued(self) -> None:
        while self.queue:
            batch = [self.queue.popleft()]
            while self.queue and len(batch) < MAX_BATCH and not batch[0].create and not self.queue[0].create:
                batch.append(self.queue.popleft())  # a workshop's first op goes alone
            async with self.lock:
                try:
                    await self._commit_batch(batch)
                except BaseException as e:
                    answer = e if isinstance(e, Rejected) else storing_failed(e)
                    for p in batch:
                        if not p.done.done():
                            p.done.set_exception(answer)
                    if not isinstance(e, Exception):
                        raise

    def _decide(self, batch: list[Pending]):
        """Each op against the state the ops before it left; the state is changed as it goes."""
        decided, refused, undo = [], [], []
        for p in batch:
            try:
                actor = None
                if p.actor_id is not None:
                    actor = self.state.get(p.actor_id)
                    if actor is None:
                        raise Rejected("unauthorized", "You are no longer a member of this workshop.")
                ctx = op_context()
                before = (list(self.state.records.values())
                          if any(p.op in getattr(o, "ops", ()) for o in self.observers) else None)
                if p.op in self.failing_ops:
                    raise RuntimeError(f"{p.op} fails on purpose (COBOARD_FAIL_OPS)")
                change = gate.decide(self.state, actor, p.checked, ctx)
                credentials = [(p.credential, change.result["participant_id"])] if p.credential else []
            except Rejected as r:
                refused.append((p, r))
                continue
            except Exception:  # a bug in a rule refuses that op only, with an answer
                log.exception("op %s failed inside the gate", p.op)
                refused.append((p, INTERNAL()))
                continue
            undo.append([(r["id"], self.state.records.get(r["id"])) for r in change.put + change.deleted])
            self.state.apply(change)
            decided.append((p, change, Entry(p.op, p.actor_id, p.checked.logged(), change, ctx.now, credentials, p.client_op),
                            before))
        return decided, refused, undo

    async def _commit_batch(self, batch: list[Pending]) -> None:
        attempt: dict = {}

        def decide_now() -> list[Entry]:
            attempt["decided"], attempt["refused"], attempt["undo"] = self._decide(batch)
            return [d[2] for d in attempt["decided"]]

        async def on_behind(missed: list[StoredEvent]) -> list[Entry]:
            """Another process moved the workshop on: take its ops, then decide ours again."""
            self._undo(attempt["undo"])
            self._catch_up(missed)
            return decide_now()

        entries = decide_now()
        for tries in range(50):
            try:
                if entries:
                    await self.store.commit(self.workshop_id, self.seq, entries, batch[0].create, on_behind)
                break
            except Behind as behind:
                entries = await on_behind(behind.events)
                await asyncio.sleep(random.uniform(0, 0.002 * (tries + 1)))  # let the other writer finish
            except BaseException:
                self._undo(attempt["undo"])
                raise
        else:
            self._undo(attempt["undo"])
            raise Rejected("conflict", "The workshop is very busy just now. Please try again.")
        decided, refused = attempt["decided"], attempt["refused"]
        for p, reason in refused:
            self._settled(p)
            if not p.done.done():  # a connection that went away no longer waits
                p.done.set_exception(reason)
        for p, change, entry, before in decided:
            event = StoredEvent(self.seq + 1, p.op, p.actor_id, entry.at, change.put, change.deleted)
            self.seq = event.seq
            self.recent.append(event)
            if p.client_op is not None:
                self.remember_ack(p.actor_id, p.client_op, event.seq, change.result)
            self._settled(p)
            for observe in self.observers:
                if p.op in getattr(observe, "ops", ()):
                    observe(self, p.op, p.checked.logged(), event, before)
            if p.on_commit:
                p.on_commit(event.seq, change)
            self._fan_out(event)
            for notice in change.notices:
                self.notify_staff(notice)
            try:
                await self.bus.publish(self.workshop_id, event, change.notices)
            except Exception:  # committed is committed: other processes catch up from the database
                log.exception("could not publish event %s of %s", event.seq, self.workshop_id)
            if not p.done.done():
                p.done.set_result((event.seq, change))

    def _settled(self, p: Pending) -> None:
        if p.client_op is not None and self.inflight.get((p.actor_id, p.client_op)) is p:
            del self.inflight[(p.actor_id, p.client_op)]

    def remember_ack(self, actor_id: str, client_op: str, seq: int, result: dict) -> None:
        self.acked[(actor_id, client_op)] = (seq, result)
        while len(self.acked) > REMEMBERED_ACKS:
            self.acked.popitem(last=False)

    def _undo(self, undo: list) -> None:
        for restored in reversed(undo):
            for record_id, record in restored:
                if record is None:
                    self.state.records.pop(record_id, None)
                else:
                    self.state.records[record_id] = record

    def notify_staff(self, notice: dict) -> None:
        """A notice (such as someone entering the chill-out room) to every facilitator and host, at once."""
        self.broadcast({"t": "notice", **notice}, to=lambda conn: (self.state.records.get(conn.participant_id)
                                                                   or {}).get("role") in STAFF)

    def _apply(self, event: StoredEvent) -> None:
        self.state.apply(Change(put=event.put, deleted=event.deleted))
        self.seq = event.seq
        self.recent.append(event)

    def _catch_up(self, events: list[StoredEvent]) -> None:
        """Another process committed ops on this workshop: take them in order, tell our connections."""
        for event in events:
            if event.seq == self.seq + 1:
                self._apply(event)
                self._fan_out(event)

    async def on_remote_event(self, event: StoredEvent, notices: list[dict] = ()) -> None:
        """An event committed by another process: take it in order (or catch up from the database)."""
        async with self.lock:
            if event.seq <= self.seq:
                return
            if event.seq == self.seq + 1:
                self._catch_up([event])
            else:
                self._catch_up(await self.store.events_since(self.workshop_id, self.seq))
            if self.seq >= event.seq:
                for notice in notices:
                    self.notify_staff(notice)

    # ---- fan-out -------------------------------------------------------------------------

    def online_ids(self) -> set[str]:
        online = {pid for pid, n in self.presence.items() if n > 0}
        for counts in self.remote_presence.values():
            online |= {pid for pid, n in counts.items() if n > 0}
        return online

    def on_remote_presence(self, origin: str, counts: dict[str, int], replace: bool) -> None:
        """Connections held by another process serving this workshop: a change, or its whole list."""
        before = self.online_ids()
        theirs = self.remote_presence.setdefault(origin, Counter())
        if replace:
            theirs.clear()
        theirs.update(counts)
        after = self.online_ids()
        for pid in before ^ after:
            self.broadcast({"t": "presence", "participant_id": pid, "online": pid in after,
                            "reconnects": self.reconnects[pid]})

    def _fan_out(self, event: StoredEvent) -> None:
        online = self.online_ids()
        records = event.put + event.deleted
        payloads: dict[tuple, str] = {}
        for conn in list(self.connections):
            viewer = self.state.records.get(conn.participant_id)
            if viewer is None:
                conn.close_soon(4403, "You are no longer a member of this workshop.")
                continue
            key = view_key(viewer, records)
            payload = payloads.get(key)
            if payload is None:
                payload = payloads[key] = self.event_payload(event, viewer, online)
            conn.send(payload)

    @staticmethod
    def event_payload(event: StoredEvent, viewer: dict, online) -> str:
        put, gone = event_view(event.put, event.deleted, viewer, online)
        if not put and not gone:  # nothing of it is yours to see: only its number, so a gap still shows
            return dumps({"t": "ev", "seq": event.seq, "put": [], "del": []})
        return dumps({"t": "ev", "seq": event.seq, "op": event.op, "by": event.by, "at": event.at,
                      "put": put, "del": gone})

    def broadcast(self, message: dict, to=None) -> None:
        payload = dumps(message)
        for conn in list(self.connections):
            if to is None or to(conn):
                conn.send(payload)

    def relay_ephemeral(self, sender, args: dict) -> None:
        """A drag, cursor or typing hint: to the other people in the sender's room, never stored."""
        me = self.state.records.get(sender.participant_id)
        if me is None:
            return
        message = {"t": "eph", "by": sender.participant_id, "room_id": me.get("room_id"), "args": args}
        self.relay_to_room(message["room_id"], message, skip=sender)
        self.bus.post_ephemeral(self.workshop_id, message)

    def relay_to_room(self, room_id: str | None, message: dict, skip=None) -> None:
        payload = dumps(message)
        for conn in self.connections:
            if conn is skip:
                continue
            other = self.state.records.get(conn.participant_id)
            if other is not None and other.get("room_id") == room_id:
                conn.send(payload)

    # ---- connections ---------------------------------------------------------------------

    def view_of_state(self, viewer: dict) -> list[dict]:
        online = self.online_ids()
        return [v for r in self.state.records.values() if (v := visible(r, viewer, online)) is not None]

    async def _refresh_locked(self) -> None:
        """Catch up with ops committed by someone no bus told us about (`coboard import` beside us)."""
        stored = await self.store.current_seq(self.workshop_id)
        if stored is not None and stored > self.seq:
            self._catch_up(await self.store.events_since(self.workshop_id, self.seq))

    async def current_view(self, viewer_id: str) -> dict:
        """What GET state answers: the same view a welcome gives, caught up with the database."""
        async with self.lock:
            await self._refresh_locked()
            me = self.state.get(viewer_id)
            online = self.online_ids()
            return {"seq": self.seq, "me": visible(me, me, online), "records": self.view_of_state(me)}

    async def attach(self, conn, since: int | None) -> None:
        """Welcome a connection (full view, or the events it missed) and start sending it events."""
        async with self.lock:
            await self._refresh_locked()
            viewer = self.state.get(conn.participant_id)
            if viewer is None:
                raise Rejected("unauthorized", "You are no longer a member of this workshop.")
            came_online = conn.participant_id not in self.online_ids()
            if came_online and since is not None:
                self.reconnects[conn.participant_id] += 1
            self.presence[conn.participant_id] += 1
            self.bus.post_presence(self.workshop_id, conn.participant_id, +1)
            online = self.online_ids()
            welcome = {"t": "welcome", "seq": self.seq, "me": visible(viewer, viewer, online),
                       "online": sorted(online)}
            if viewer["role"] in STAFF:
                welcome["reconnects"] = dict(self.reconnects)
            missed = await self._replayable(since)
            if missed is None:
                welcome["records"] = self.view_of_state(viewer)
            else:
                welcome["replay"] = [orjson.loads(self.event_payload(e, viewer, online)) for e in missed]
            conn.send(dumps(welcome))
            self.connections.add(conn)
        if came_online:
            self.broadcast({"t": "presence", "participant_id": conn.participant_id, "online": True,
                            "reconnects": self.reconnects[conn.participant_id]})

    async def _replayable(self, since: int | None) -> list[StoredEvent] | None:
        if since is None or since > self.seq or self.seq - since > self.settings.replay_limit:
            return None
        if since == self.seq:
            return []
        if self.recent and self.recent[0].seq <= since + 1:
            return [e for e in self.recent if e.seq > since]
        return await self.store.events_since(self.workshop_id, since)

    def detach(self, conn) -> None:
        if conn not in self.connections:
            return
        self.connections.discard(conn)
        self.presence[conn.participant_id] -= 1
        self.bus.post_presence(self.workshop_id, conn.participant_id, -1)
        if self.presence[conn.participant_id] <= 0:
            del self.presence[conn.participant_id]
            if conn.participant_id in self.online_ids():  # still here through another process
                return
            self.broadcast({"t": "presence", "participant_id": conn.participant_id, "online": False,
                            "reconnects": self.reconnects[conn.participant_id]})

    async def close_all(self, code: int, reason: str) -> None:
        for conn in list(self.connections):
            conn.close_soon(code, reason)


class Hubs:
    """The workshops live in this process, loaded from the store on first use."""

    def __init__(self, store: Store, bus, settings):
        self.store, self.bus, self.settings = store, bus, settings
        self.hubs: dict[str, Hub] = {}
        self.observers: list[Callable] = []  # given to every hub (see Hub.observers)
        self._loading = asyncio.Lock()

    async def get(self, workshop_id: str) -> Hub | None:
        hub = self.hubs.get(workshop_id)
        if hub is not None:
            return hub
        async with self._loading:
            hub = self.hubs.get(workshop_id)
            if hub is None:
                loaded = await self.store.load(workshop_id)
                if loaded is None:
                    return None
                hub = Hub(workshop_id, *loaded, self.store, self.bus, self.settings)
                for actor, client_op, seq, result in reversed(
                        await self.store.recent_client_ops(workshop_id, REMEMBERED_ACKS)):
                    hub.remember_ack(actor, client_op, seq, result)
                self.hubs[workshop_id] = hub
                hub.observers = self.observers
                self.bus.ask_presence(workshop_id)
            return hub

    def new(self, workshop_id: str) -> Hub:
        hub = self.hubs[workshop_id] = Hub(workshop_id, WorkshopState(workshop_id), 0, self.store, self.bus,
                                           self.settings)
        hub.observers = self.observers
        return hub

    async def close_all(self) -> None:
        for hub in self.hubs.values():
            await hub.close_all(1012, "The server is restarting. You will be reconnected.")


__all__ = ["Hub", "Hubs", "now_iso"]
