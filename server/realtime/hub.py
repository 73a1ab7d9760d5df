"""One workshop, live in this process, put together from parts with one job each:

- `live.py`      its records, seq and latest events as this process holds them
- `pipeline.py`  the op pipeline: queue, the one gate, group commit, catching up behind another process
- `repeats.py`   ops sent again after a lost ack, answered instead of applied twice
- `presence.py`  who is online here and through other processes
- `fanout.py`    events built once per distinct view and sent; broadcasts; a room's ephemeral traffic
- `welcome.py`   the welcome of a connection: the full view or a replay since `since`

Connections are anything with `participant_id`, `send(str)` and `close_soon(code, reason)`; the
store and the bus are the small interfaces of server/store and server/bus, so each part is
tested in process with fakes that pass the same contract suites as the real ones.
"""
import asyncio
import logging
import time
from typing import Callable

from ..clock import now_iso
from ..domain import gate
from ..domain.anonymous import ballot_origin, workshop_key
from ..domain.errors import Change, Rejected
from ..domain.state import WorkshopState
from ..domain.views import visible
from ..heavy_jobs import Packed, RemoteChecked
from ..store import Store, StoredEvent
from ..workers import HEAVY_OPS, heavy
from .failures import internal
from .fanout import FanOut, dumps, event_payload
from .limits import PersonBudgets
from .live import LiveWorkshop
from .pipeline import Pending, Pipeline
from .presence import Presence
from .repeats import REMEMBERED_ACKS, Repeats
from .revocation import Revocations
from .welcome import Welcomes, arrive, view_of_state, welcome

log = logging.getLogger("coboard.hub")
WELCOME_BATCH = 32  # hellos welcomed under one hold of the hub's lock
INTERNAL = internal  # the answer to a failure inside the server (the endpoint uses it too)


class Hub:
    def __init__(self, workshop_id: str, state: WorkshopState, seq: int, store: Store, bus, settings):
        self.workshop_id = workshop_id
        self.store, self.bus, self.settings = store, bus, settings
        self.lock = asyncio.Lock()
        self.live = LiveWorkshop(state, seq)
        self.presence = Presence()
        self.budgets = PersonBudgets(settings)  # per person, shared by all their connections
        self.repeats = Repeats()
        self.fanout = FanOut(self.live, self.presence)
        self.pipeline = Pipeline(self)
        self.revocations = Revocations(self)
        self.arrivals: list[tuple] = []  # hellos waiting for their welcome: (conn, since, future)
        # events other processes committed, told while the lock was held: taken by the next holder (on_remote_event)
        self.inbox: list[tuple[StoredEvent, list]] = []
        self.taking: asyncio.Task | None = None
        self.welcoming: asyncio.Task | None = None
        self.forget: Callable[[], None] | None = None  # drops this hub from its Hubs (a deleted workshop)
        self.hearing: asyncio.Task | None = None  # told by the bus what other processes commit (hear_others)
        self.dropped = False  # released: no longer this process's hub of the workshop
        # Called after each committed op whose name is in the observer's `ops`, with the records as they
        # were before it: (hub, op, args, event, records_before). Snapshots every board when the
        # activity changes.
        self.observers: list[Callable] = []
        # Told this workshop's id when this process must keep no copy made from its records any more (Hubs.let_go)
        self.let_go: list[Callable[[str], None]] = []

    # ---- what other parts of the server read -------------------------------------------------

    @property
    def state(self) -> WorkshopState:
        return self.live.state

    @property
    def seq(self) -> int:
        return self.live.seq

    @property
    def connections(self) -> set:
        return self.fanout.connections

    def online_ids(self) -> set[str]:
        return self.presence.online_ids()

    def view_of_state(self, viewer: dict) -> list[dict]:
        return view_of_state(self.live, viewer, self.online_ids())

    def idle(self) -> bool:
        """No connection and no op waiting: the hub can be dropped and loaded again later."""
        return (not self.connections and not self.pipeline.busy() and not self.lock.locked()
                and not self.arrivals and self.welcoming is None and not self.inbox
                and (self.hearing is None or self.hearing.done()))

    def release(self) -> None:
        """Dropped from this process (evicted, deleted): its records and recent events let go now.

        A hub is held in reference cycles (its pipeline, its `forget`), which only the cycle collector
        frees, at its next full collection. Records hold no cycles: emptied here, they are freed by
        reference counting at once, without waiting for it; only the hub's small frame waits."""
        self.dropped = True
        self.live.state.records.clear()
        self.live.recent.clear()
        self.drop_copies()

    def drop_copies(self) -> None:
        """What other parts keep made from this workshop's records (pictures said in another language) let go:
        the hub is released, or an erasure was stored here or heard from another process."""
        for let_go in self.let_go:
            let_go(self.workshop_id)

    # ---- ops ---------------------------------------------------------------------------------

    async def execute(self, actor_id: str | None, op: str, args, *, internal: bool = False,
                      on_commit: Callable[[int, Change], None] | None = None,
                      credential: str | None = None, create: bool = False,
                      client_op: str | None = None,
                      on_refuse: Callable[[Rejected], None] | None = None) -> tuple[int, Change]:
        """Decide (through the one gate), store and fan out one op; raises Rejected with nothing changed.

        `op` names an op of the registry and `args` are its raw arguments, as sent; `internal`
        lets the server's own callers use its internal ops (a new workshop, a join, an import).
        Each op's ack and event go out only after its batch is stored.
        """
        if op in HEAVY_OPS and internal and isinstance(args, Packed):  # read in a child process: parsed
            checked = RemoteChecked(op, args)  # there too, with the decide, under the lock (pipeline.py)
        elif op in HEAVY_OPS:  # tens of thousands of answers or records: checked off the event loop
            checked = await heavy(gate.parse, op, args, internal=internal)
        else:
            checked = gate.parse(op, args, internal=internal)
        key = self.repeats.key(actor_id, client_op)
        answered = self.repeats.answered(key)
        if answered is not None:  # a repeat whose ack was lost on the way: the same answer
            seq, change = answered[0], Change(result=answered[1])
        elif (first := self.repeats.queued(key)) is not None:  # the first copy is still queued: its answer
            seq, change = await asyncio.shield(first.done)
        else:
            pending = Pending(actor_id, checked, on_commit, credential, create,
                              asyncio.get_running_loop().create_future(), client_op, on_refuse=on_refuse)
            self.repeats.start(key, pending)
            self.pipeline.submit(pending)
            try:
                # shielded: a connection that drops while waiting must not cancel the op for its repeat
                return await asyncio.shield(pending.done)
            finally:
                if pending.done.done():
                    self.repeats.settled(key, pending)
        if on_commit:
            on_commit(seq, change)
        return seq, change

    def submit(self, actor_id: str, op: str, args, *, on_commit: Callable[[int, Change], None],
               on_refuse: Callable[[Rejected], None], client_op: str | None = None) -> asyncio.Future | None:
        """`execute` for a client's op without a task of its own: checked through the one gate and queued now;
        the future its pipeline settles (after `on_commit` or `on_refuse` has answered), or None when only
        `execute` can take it (a heavy op, checked off the loop; a repeat, answered or waiting for its first
        copy). Raises Rejected with nothing changed. A task and a shield for each op were 7 % of the event
        loop's samples under bench/durable.py."""
        if op in HEAVY_OPS:
            return None
        checked = gate.parse(op, args)
        key = self.repeats.key(actor_id, client_op)
        if key is not None and (self.repeats.answered(key) is not None or self.repeats.queued(key) is not None):
            return None
        pending = Pending(actor_id, checked, on_commit, None, False, asyncio.get_running_loop().create_future(),
                          client_op, on_refuse=on_refuse)
        self.repeats.start(key, pending)
        self.pipeline.submit(pending)
        if key is not None:
            pending.done.add_done_callback(lambda _: self.repeats.settled(key, pending))
        return pending.done

    def remember_ack(self, actor_id: str, client_op: str, seq: int, result: dict) -> None:
        self.repeats.remember(actor_id, client_op, seq, result)

    def deliver(self, event: StoredEvent, notices=()) -> None:
        """A committed event to every connection here, then its notices to the staff."""
        self.fanout.event(event)
        self.revocations.after(event)
        for notice in notices:
            self.fanout.notify_staff(notice)

    def take_remote(self, events: list[StoredEvent]) -> None:
        """Events another process committed: taken in order, each sent to our connections."""
        for event in events:
            if self.live.apply(event):
                if event.client_op is not None and event.by is not None:  # a repeat sent here is answered
                    self.repeats.remember(event.by, event.client_op, event.seq, event.result or {})
                self.fanout.event(event)
                self.revocations.after(event)

    async def on_remote_event(self, event: StoredEvent, notices: list[dict] = ()) -> None:
        """An event committed by another process: taken in order (or caught up from the database), soon.

        The bus's listener calls this for every message in turn, so it does not wait for the lock here:
        held by a commit (a round trip and an fsync), waiting for it made every later message wait too,
        and the other processes' events came in one per commit of ours. The event waits in the inbox,
        taken by the pipeline before it decides its next batch (which is then decided against it, and
        not Behind) or by a task that waits for the lock, whichever comes first. An event already taken
        (caught up from the database while committing) needs nothing but its notices."""
        if event.seq <= self.live.seq:
            self._notify(notices)
            return
        self.inbox.append((event, list(notices)))
        # Nobody holds the lock (no batch decided and not yet stored, no welcome half sent): taken and sent in
        # this very turn, as holding the lock without awaiting would; a task of its own a message cost one more
        # turn of the loop for every event of the other processes. A gap before it is the task's (the database).
        if not self.lock.locked() and self.take_inbox_now():
            return
        if self.taking is None or self.taking.done():
            self.taking = asyncio.get_running_loop().create_task(self._take_inbox_when_free())

    def take_inbox_now(self) -> bool:
        """Under the lock: the events of the inbox that follow on from ours, taken now, without waiting; False
        when one is missing before them (the database has it: `_take_inbox_when_free`)."""
        self.inbox.sort(key=lambda told: told[0].seq)
        while self.inbox:
            event, notices = self.inbox[0]
            if event.seq > self.live.seq + 1:
                return False
            del self.inbox[0]
            if event.seq == self.live.seq + 1:
                self.take_remote([event])
            self._notify(notices)
        return True

    async def _take_inbox_when_free(self) -> None:
        """Every event of the inbox taken under the lock, from the database when one is missing before it."""
        async with self.lock:
            if self.take_inbox_now():
                return
            try:
                self.take_remote(await self.store.events_since(self.workshop_id, self.live.seq))
            except Exception as e:  # the database away: caught up by the seq gap at the next event or commit
                log.warning("could not catch up %s from the database: %s", self.workshop_id, type(e).__name__)
                self.inbox.clear()
                return
            if not self.take_inbox_now():  # published after its commit, so this cannot be; kept for ever, never
                log.warning("events %s of %s are not in the database", [e.seq for e, _ in self.inbox], self.workshop_id)
                self.inbox.clear()

    async def hear_others(self) -> None:
        """From the first use by a member here on (a socket, a long poll, any request signed in as a member):
        told by the bus what the other processes commit to this workshop, then caught up from the log with
        what they committed before, so that nothing committed in between is missed. A hub that is only
        loaded (a join, a new workshop) hears nothing: it catches up by its seq when it commits, and a
        process is not sent what it does not serve. Never called with the lock held (the catch-up takes it)."""
        if self.hearing is None and not self.dropped:
            self.hearing = asyncio.get_running_loop().create_task(self._start_hearing())
        if self.hearing is not None:
            await asyncio.shield(self.hearing)

    async def _start_hearing(self) -> None:
        if not await self.bus.subscribe(self.workshop_id):
            self.hearing = None  # Redis away: the next use asks again; meanwhile the seq gap catches up
        self.bus.ask_presence(self.workshop_id)  # who is connected through the others
        try:
            async with self.lock:
                await self._refresh_locked()
        except Exception as e:  # the database away: the use that follows says so, or the seq gap catches up
            log.warning("could not catch up %s from the database: %s", self.workshop_id, type(e).__name__)

    def _notify(self, notices) -> None:
        for notice in notices:
            self.fanout.notify_staff(notice)

    async def refresh(self) -> None:
        """Catch up with ops committed by someone no bus told us about (call under the lock)."""
        await self._refresh_locked()

    async def catch_up(self) -> None:
        """Before a member is answered from memory: what was stored beside us that no bus told us about (`coboard
        erase` or `delete` on the same database) taken first, so that nothing the log no longer holds is served
        from the events kept here. One look at the database; the lock only when it is ahead."""
        stored = await self.store.current_seq(self.workshop_id)
        if (stored is None and self.live.seq > 0) or (stored is not None and stored > self.live.seq):
            async with self.lock:
                await self._refresh_locked()

    async def _refresh_locked(self) -> None:
        """Catch up with ops committed by someone no bus told us about (`coboard import` beside us)."""
        stored = await self.store.current_seq(self.workshop_id)
        if stored is None and self.live.seq > 0 and not self.revocations.deleted:  # no row of it left (a new
            self.revocations.workshop_gone()                                       # workshop's hub: seq 0)
        elif stored is not None and stored > self.live.seq:
            self.take_remote(await self.store.events_since(self.workshop_id, self.live.seq))

    # ---- sending -----------------------------------------------------------------------------

    event_payload = staticmethod(event_payload)

    def broadcast(self, message: dict, to=None) -> None:
        self.fanout.broadcast(message, to)

    def notify_staff(self, notice: dict) -> None:
        self.fanout.notify_staff(notice)

    def relay_to_room(self, room_id: str | None, message: dict, skip=None) -> None:
        self.fanout.to_room(room_id, message, skip)

    def relay_ephemeral(self, sender, args: dict) -> None:
        """A drag, cursor or typing hint: to the other people in the sender's room, never stored."""
        me = self.live.state.records.get(sender.participant_id)
        if me is None:
            return
        message = {"t": "eph", "by": sender.participant_id, "room_id": me.get("room_id"), "args": args}
        self.fanout.to_room(message["room_id"], message, skip=sender)
        self.bus.post_ephemeral(self.workshop_id, message)

    # ---- presence ----------------------------------------------------------------------------

    def on_remote_presence(self, origin: str, counts: dict[str, int], replace: bool) -> None:
        """Connections held by another process serving this workshop: a change, or its whole list."""
        for pid, online in self.presence.on_remote(origin, counts, replace):
            self.fanout.tell_presence(self.presence.frame(pid, online))

    def forget_process(self, origin: str) -> None:
        """Another process stopped beating (killed): its people go offline here."""
        for pid, online in self.presence.forget(origin):
            self.fanout.tell_presence(self.presence.frame(pid, online))

    # ---- connections -------------------------------------------------------------------------

    async def current_view(self, viewer_id: str) -> dict:
        """What GET state answers: the same view a welcome gives, caught up with the database."""
        await self.hear_others()
        async with self.lock:
            await self._refresh_locked()
            me = self.live.state.get(viewer_id)
            online = self.online_ids()
            return {"seq": self.live.seq, "me": visible(me, me, online), "records": view_of_state(self.live, me, online)}

    async def attach(self, conn, since: int | None) -> None:
        """Welcome a connection (full view, or the events it missed) and start sending it events.

        Hellos that arrive together are welcomed together (a room reconnecting after a Wi-Fi blip):
        under one hold of the lock (up to WELCOME_BATCH at a time, so that ops queued meanwhile are
        stored between two batches), after one look at the database for ops no bus told us about;
        everyone in the batch is online in every welcome of it, and the people already here get
        the batch's presence frames (with any others of the presence window) in one write each.
        """
        arrived = asyncio.get_running_loop().create_future()
        self.arrivals.append((conn, since, arrived))
        if self.welcoming is None:
            self.welcoming = asyncio.get_running_loop().create_task(self._welcome_arrivals())
        await arrived

    async def _welcome_arrivals(self) -> None:
        batch: list[tuple] = []
        try:
            while self.arrivals:
                await self.hear_others()  # before the welcome's look at the log: nothing committed between is missed
                async with self.lock:
                    # at most WELCOME_BATCH under one hold of the lock: ops queued meanwhile (others
                    # moving cards while a room reconnects) are stored between two batches
                    batch, self.arrivals = self.arrivals[:WELCOME_BATCH], self.arrivals[WELCOME_BATCH:]
                    try:
                        await self._refresh_locked()
                    except Exception as failed:  # the database away: every hello of the batch is answered
                        for _, _, arrived in batch:
                            if not arrived.done():
                                arrived.set_exception(failed)
                        continue
                    here, came_online = self.fanout.connections.arrivals, []  # the last to arrive before
                    arrivals = []
                    for conn, since, arrived in batch:
                        if arrived.done():  # its hello was given up (the server is stopping)
                            continue
                        vouched_at = getattr(conn, "vouched_at", None)
                        if vouched_at is not None and self.revocations.vouched_before_revocation(
                                conn.participant_id, vouched_at):  # revoked by an op we just caught up on
                            arrived.set_exception(Rejected("unauthorized", "This link or sign-in is not valid for "
                                                                           "this workshop. Please join again."))
                            continue
                        try:
                            if arrive(self, conn, since):
                                came_online.append(conn.participant_id)
                        except Exception as refused:
                            arrived.set_exception(refused)
                            continue
                        arrivals.append((conn, since, arrived))
                    welcomes = Welcomes(self)  # each distinct view encoded once for the batch
                    for conn, since, arrived in arrivals:  # every welcome lists the whole batch online
                        try:
                            frame = await welcome(self, conn, since, welcomes)
                        except Exception as failed:
                            self._undo_arrival(conn)
                            if not arrived.done():
                                arrived.set_exception(failed)
                            continue
                        if arrived.done():  # given up meanwhile
                            self._undo_arrival(conn)
                            continue
                        conn.send(frame)
                        self.fanout.connections.add(conn)
                        self.fanout.saw(conn.participant_id)
                        arrived.set_result(None)
                    online = self.presence.online_ids()
                for pid in came_online:  # to those already here: the batch's welcomes have them
                    if pid in online:
                        self.fanout.tell_presence(self.presence.frame(pid, True), here_then=here)
        finally:
            self.welcoming = None
            for _, _, arrived in batch + self.arrivals:  # cancelled (the server is stopping)
                arrived.cancel()

    def _undo_arrival(self, conn) -> None:
        """A connection that arrived but could not be welcomed (its welcome failed inside)."""
        self.presence.leave(conn.participant_id)
        self.bus.post_presence(self.workshop_id, conn.participant_id, -1)

    async def attach_poller(self, poller) -> None:
        """A member long-polling over HTTP: online, and sent what a socket would be (see polling.py)."""
        await self.hear_others()
        async with self.lock:
            if self.live.state.get(poller.participant_id) is None:
                raise Rejected("unauthorized", "You are no longer a member of this workshop.")
            came_online = self.presence.arrive(poller.participant_id, resumed=False)
            self.bus.post_presence(self.workshop_id, poller.participant_id, +1)
            self.fanout.connections.add(poller)
            self.fanout.saw(poller.participant_id)
        if came_online:
            self.fanout.tell_presence(self.presence.frame(poller.participant_id, True))
            self.fanout.presence_now()  # one at a time (a poll), so in the answer to this very poll

    def detach(self, conn) -> None:
        if conn not in self.fanout.connections:
            return
        self.fanout.connections.discard(conn)
        self.fanout.forget(conn.participant_id)
        went_offline = self.presence.leave(conn.participant_id)
        self.bus.post_presence(self.workshop_id, conn.participant_id, -1)
        if went_offline:
            self.fanout.tell_presence(self.presence.frame(conn.participant_id, False))

    async def close_all(self, code: int, reason: str) -> None:
        for conn in list(self.fanout.connections):
            conn.close_soon(code, reason)


CLOSING_WAIT = 60.0  # seconds: the most the services' closing waits for what the hubs are storing


class Hubs:
    """The workshops live in this process, loaded from the store on first use, and dropped again
    (least recently used first) when idle: beyond `max_live_workshops`, or when nobody has used
    one for `idle_workshop_seconds`. A dropped workshop is only memory: it loads again when used."""

    RECENT = 30.0  # seconds: a hub used this recently is kept even over the cap (a request may hold it)
    # A workshop's default language read from the store for a refusal (default_language) is kept this long:
    # another process may change it meanwhile, and a flood of refusals must not be a query each.
    LANGUAGE_SECONDS = 5.0
    LANGUAGES_KEPT = 1000

    def __init__(self, store: Store, bus, settings, clock=time.monotonic):
        self.store, self.bus, self.settings, self.clock = store, bus, settings, clock
        self.hubs: dict[str, Hub] = {}
        self.used: dict[str, float] = {}  # workshop id → last use; insertion order = least recently used first
        self.observers: list[Callable] = []  # given to every hub (see Hub.observers)
        # given to every hub (Hub.drop_copies): told a workshop id when its hub is released here or an erasure
        # is stored in it, so that no copy made from its records outlives the hub that would hear the erasure
        self.let_go: list[Callable[[str], None]] = []
        self.ballot_secret = b""  # the server's secret for anonymous answers (services.py sets it)
        self._loading = asyncio.Lock()
        self.swept = clock()
        self.languages: dict[str, tuple[str | None, float]] = {}  # workshop id → (default language, when read)

    def touch(self, workshop_id: str) -> None:
        """The workshop was used (a request or a hello accepted): last in line to be dropped."""
        if workshop_id not in self.hubs:
            return
        self.used.pop(workshop_id, None)
        self.used[workshop_id] = self.clock()
        if len(self.hubs) > self.cap or self.clock() - self.swept > 10:
            self.evict()

    async def admit(self, hub: Hub) -> Hub | None:
        """A request read with `get(touch=False)` is let in: the hub touched, or loaded again if it was
        dropped while the request was being checked (None: the workshop is gone)."""
        if self.hubs.get(hub.workshop_id) is hub:
            self.touch(hub.workshop_id)
            return hub
        return await self.get(hub.workshop_id)

    def _loaded_untouched(self, workshop_id: str) -> None:
        """A hub loaded for a request not yet accepted: first in line to be dropped once it is no longer
        recent (a refused request must not keep a workshop live, nor push the used ones out)."""
        self.used = {workshop_id: self.clock(), **{k: v for k, v in self.used.items() if k != workshop_id}}

    @property
    def cap(self) -> int:
        return getattr(self.settings, "max_live_workshops", 200)

    def evict(self) -> list[str]:
        """Drop idle hubs: the least recently used beyond the cap, and any unused for long; their ids."""
        now, self.swept = self.clock(), self.clock()
        idle_after = getattr(self.settings, "idle_workshop_seconds", 900.0)
        dropped = []
        for workshop_id, last in list(self.used.items()):  # oldest first
            hub = self.hubs.get(workshop_id)
            if hub is None:
                self.used.pop(workshop_id, None)
                continue
            over_cap = len(self.hubs) > self.cap and now - last >= self.RECENT
            if (over_cap or now - last >= idle_after) and hub.idle():
                del self.hubs[workshop_id]
                del self.used[workshop_id]
                hub.release()
                self.bus.unsubscribe(workshop_id)
                dropped.append(workshop_id)
        return dropped

    def live(self, workshop_id: str) -> Hub | None:
        """The workshop's hub if it is live in this process: nothing is loaded, and its place in the
        least-recently-used order stays (an error's language, a hello not yet accepted read it)."""
        return self.hubs.get(workshop_id)

    async def default_language(self, workshop_id: str) -> str | None:
        """The default language the workshop's facilitator set (None: none, or no such workshop), for what a
        refusal is written in: the live hub's when it is live here, else read from the store, so that the answer
        does not depend on whether the workshop happens to be live in this process (it differs between processes
        and after a restart). Nothing is loaded and the least-recently-used order stays. A value read from the
        store is kept for LANGUAGE_SECONDS; with the database away, None (the next in the reader's order)."""
        hub = self.hubs.get(workshop_id)
        if hub is not None:
            workshop = hub.state.get(workshop_id)
            return workshop.get("language") if workshop else None
        now, known = self.clock(), self.languages.get(workshop_id)
        if known is not None and now - known[1] < self.LANGUAGE_SECONDS:
            return known[0]
        try:
            language = await asyncio.wait_for(self.store.workshop_language(workshop_id), 2.0)
        except Exception:  # the database away or slow: not worth holding a refusal for
            return None
        self.languages.pop(workshop_id, None)
        while len(self.languages) >= self.LANGUAGES_KEPT:  # the oldest read first
            del self.languages[next(iter(self.languages))]
        self.languages[workshop_id] = (language, now)
        return language

    async def exists(self, workshop_id: str) -> bool | None:
        """Whether there is such a workshop (live here, else one look at the store; nothing loaded, the
        least-recently-used order kept); None when the database cannot say (away or slow)."""
        if workshop_id in self.hubs:
            return True
        try:
            return await asyncio.wait_for(self.store.current_seq(workshop_id), 2.0) is not None
        except Exception:
            return None

    def live_activity(self, workshop_id: str) -> str | None:
        """The agenda item on now in a workshop live in this process, else None: the board page names it so that
        the page fetches that activity's screen beside its socket. Nothing is loaded or read from the store (the
        page is asked for without a token) and the least-recently-used order stays."""
        hub = self.hubs.get(workshop_id)
        workshop = hub.state.get(workshop_id) if hub is not None else None
        activity = workshop.get("activity") if workshop else None
        return activity if isinstance(activity, str) else None

    async def get(self, workshop_id: str, touch: bool = True) -> Hub | None:
        """The workshop's hub, loaded when it is not live. `touch=False` for a request not yet accepted
        (its sign-in, role or join code still to check): `touch` it once accepted, and a refused one
        leaves a live hub where it was in the order, a hub it loaded first in line."""
        hub = self.hubs.get(workshop_id)
        if hub is not None:
            if touch:
                self.touch(workshop_id)
            return hub
        async with self._loading:
            hub = self.hubs.get(workshop_id)
            if hub is None:
                loaded = await self.store.load(workshop_id)
                if loaded is None:
                    return None
                loaded[0].ballot_key = workshop_key(self.ballot_secret,
                                                    ballot_origin(loaded[0].get(workshop_id), workshop_id))
                hub = Hub(workshop_id, *loaded, self.store, self.bus, self.settings)
                for actor, client_op, seq, result in reversed(
                        await self.store.recent_client_ops(workshop_id, REMEMBERED_ACKS)):
                    hub.remember_ack(actor, client_op, seq, result)
                self.hubs[workshop_id] = hub
                self.languages.pop(workshop_id, None)  # the hub's own from now on (default_language)
                hub.observers, hub.let_go = self.observers, self.let_go
                hub.forget = lambda: self.forget(hub)
                if not touch:
                    self._loaded_untouched(workshop_id)
            if touch:
                self.touch(workshop_id)
            return hub

    def new(self, workshop_id: str, origin: str | None = None) -> Hub:
        """A new workshop's hub; `origin`: the workshop a restore began as (its key files the answers)."""
        state = WorkshopState(workshop_id, ballot_key=workshop_key(self.ballot_secret, origin or workshop_id))
        hub = self.hubs[workshop_id] = Hub(workshop_id, state, 0, self.store, self.bus, self.settings)
        self.languages.pop(workshop_id, None)
        hub.observers, hub.let_go = self.observers, self.let_go
        hub.forget = lambda: self.forget(hub)
        self.touch(workshop_id)
        return hub

    def forget(self, hub: Hub) -> None:
        """A deleted workshop: no longer live here (loading it again finds nothing)."""
        if self.hubs.get(hub.workshop_id) is hub:
            del self.hubs[hub.workshop_id]
            self.used.pop(hub.workshop_id, None)
            hub.release()
            self.bus.unsubscribe(hub.workshop_id)

    async def close_all(self) -> None:
        """Every connection told to come back later, then what the hubs are storing finished before the
        store closes: an import's slices (or, on a stop, taking back those stored: pipeline.py), which
        closing the store under them left half stored."""
        for hub in self.hubs.values():
            hub.pipeline.release_held()  # anonymous answers waiting for their batch are stored now
            await hub.close_all(1012, "The server is restarting. You will be reconnected.")
        writers = [hub.pipeline.writer for hub in self.hubs.values() if hub.pipeline.busy()]
        if writers:
            await asyncio.wait(writers, timeout=CLOSING_WAIT)


__all__ = ["Hub", "Hubs", "INTERNAL", "dumps", "now_iso"]
