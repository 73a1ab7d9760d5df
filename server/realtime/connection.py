"""One WebSocket connection as an explicit state machine: connected → live → closed.

Outgoing messages go to a bounded list, written once per turn of the event loop in one write, so
a slow phone never slows the room: when its list is full it is disconnected and resumes later
with `since`.
"""
import asyncio
import enum
import logging
import weakref

from starlette.websockets import WebSocket, WebSocketState

from ..i18n import COOKIE, reader_language
from .wire import SOCKET

log = logging.getLogger("coboard.realtime")


class Phase(enum.Enum):
    CONNECTED = "connected"  # waiting for hello
    LIVE = "live"            # hello accepted: ops, ephemeral messages, events
    CLOSED = "closed"


CLOSE = object()  # in a connection's outgoing list: close once what is before it is written


class _Flusher:
    """Connections with something to write, written once per turn of the event loop: what an event,
    a batch of events or a burst of presence queued for one connection goes in one write."""

    def __init__(self, loop):
        self.loop, self.dirty, self.scheduled = loop, [], False

    def add(self, conn) -> None:
        self.dirty.append(conn)
        if not self.scheduled:
            self.scheduled = True
            self.loop.call_soon(self.run)

    def run(self) -> None:
        self.scheduled = False
        dirty, self.dirty = self.dirty, []
        for conn in dirty:
            conn.flush()


_flushers: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Flusher]" = weakref.WeakKeyDictionary()


def _flusher() -> _Flusher:
    loop = asyncio.get_running_loop()
    flusher = _flushers.get(loop)
    if flusher is None:
        flusher = _flushers[loop] = _Flusher(loop)
    return flusher


class Connection:
    """`send` only appends to the outgoing list: the flusher writes it, straight to uvicorn's socket
    (wire.SocketProtocol) when the server runs with it, else through ASGI by a sender task."""

    def __init__(self, websocket: WebSocket, settings):
        self.websocket = websocket
        self.settings = settings
        self.phase = Phase.CONNECTED
        self.participant_id: str | None = None
        self.credential: str | None = None  # the hash of the token it said hello with (revocation.py)
        self.vouched_at: int | None = None  # the hub's revocation epoch when its token was checked
        self.hub = None
        self.chosen_language = (getattr(websocket, "cookies", None) or {}).get(COOKIE)  # the person's choice on this device, if any
        self.accept_language = (getattr(websocket, "headers", None) or {}).get("accept-language")  # the browser's
        # before hello: the default language of the workshop in the socket's path, once a refusal needed it
        # (endpoint.said: None not read yet, "" none set)
        self.workshop_language: str | None = None
        self.out: list = []
        self.answers: list[list] = []  # see reply_slot (a list: an idle connection's empty deque is 600 bytes)
        self.running: set[asyncio.Task] = set()  # ops sent and not yet answered
        self.limit = settings.send_queue_limit
        self.budget = None  # the person's budgets in the hub (limits.py), shared with their other connections
        self.pending_ephemeral: tuple[dict, int] | None = None
        self.flush_scheduled = False
        self.close_code: int | None = None
        self.close_reason = ""
        self.socket = websocket.scope.get("extensions", {}).get(SOCKET)
        self.flusher = _flusher()
        self.waiting: asyncio.Task | None = None  # a direct socket whose peer reads slowly: wait for it
        self.closer: asyncio.Task | None = None
        self.wake: asyncio.Event | None = None
        self.sender: asyncio.Task | None = None
        if self.socket is None:  # not served by wire.SocketProtocol: one message at a time through ASGI
            self.wake = asyncio.Event()
            self.sender = asyncio.create_task(self._send_loop())

    # ---- answers to ops, in the order the ops came ---------------------------------------------
    # The endpoint reads a connection's next frame while its earlier ops are still being stored, so
    # answers are lined up: each op takes a place when it arrives, and an answer goes out only when
    # every answer before it has.

    def reply_slot(self) -> list:
        slot = [None]
        self.answers.append(slot)
        return slot

    def reply(self, slot: list, payload) -> None:
        slot[0] = payload
        answers = self.answers
        while answers and answers[0][0] is not None:
            self.send(answers.pop(0)[0])

    def reply_now(self, payload) -> None:
        """An answer known at once (a bad frame): still after the answers to earlier ops."""
        if self.answers:
            self.reply(self.reply_slot(), payload)
        else:
            self.send(payload)

    @property
    def language(self) -> str:
        """What this connection's answers are written in (i18n.reader_language): the person's choice, else the
        workshop's default (before hello: as read for a refusal, endpoint.said), else the browser's
        Accept-Language, else English."""
        if self.hub is not None:
            workshop = next(self.hub.state.of_kind("workshop"), None)
            default = workshop.get("language") if workshop else None
        else:
            default = self.workshop_language or None
        return reader_language(self.chosen_language, default, self.accept_language)

    def go_live(self, hub, participant_id: str) -> None:
        assert self.phase is Phase.CONNECTED
        self.hub, self.participant_id, self.phase = hub, participant_id, Phase.LIVE
        self.budget = hub.budgets.of(participant_id)
        if self.socket is not None:
            self.socket.let_in(True)

    def not_live(self) -> None:
        """Its hello failed inside (the database away): back to waiting for a hello."""
        if self.phase is Phase.LIVE and (self.hub is None or self not in self.hub.connections):
            self.hub, self.participant_id, self.budget, self.phase = None, None, None, Phase.CONNECTED
            if self.socket is not None:
                self.socket.let_in(False)

    @property
    def ops(self):
        return self.budget.ops

    def send(self, payload) -> None:
        """A message (str, or wire.Outgoing shared by many connections) after those already queued."""
        if self.phase is Phase.CLOSED:
            return
        out = self.out
        out.append(payload)
        if len(out) == 1:
            self._schedule()
        elif len(out) > self.limit:
            log.info("send queue full for %s: disconnecting, it will resume", self.participant_id)
            out.clear()
            self.close_soon(4408, "Too far behind; reconnecting will catch up.")

    def _schedule(self) -> None:
        if self.socket is not None:
            self.flusher.add(self)
        else:
            self.wake.set()

    def close_soon(self, code: int, reason: str) -> None:
        """Stop sending and close after what is already queued (e.g. a final err)."""
        if self.phase is Phase.CLOSED:
            return
        self.phase = Phase.CLOSED
        self.close_code, self.close_reason = code, reason
        self._detach()
        self.out.append(CLOSE)
        if len(self.out) == 1:
            self._schedule()

    def _detach(self) -> None:
        if self.hub is not None:
            self.hub.detach(self)

    def flush(self) -> None:
        """Write everything queued in one write (direct socket), then close if asked to."""
        out = self.out
        if not out:
            return
        socket = self.socket
        if not socket.writable.is_set():  # the peer reads slowly: keep queueing (up to the limit)
            if self.waiting is None:
                self.waiting = asyncio.get_running_loop().create_task(self._wait_writable())
            return
        self.out = []
        closing = out[-1] is CLOSE
        if closing:
            out.pop()
        if out and not socket.write(out):  # the peer went away: the receive loop sees the disconnect
            if self.phase is not Phase.CLOSED:
                self.phase = Phase.CLOSED
                self._detach()
            return
        if closing and self.closer is None:
            self.closer = asyncio.get_running_loop().create_task(self._close(self.close_code or 1000,
                                                                              self.close_reason))

    async def _wait_writable(self) -> None:
        try:
            await self.socket.writable.wait()
        finally:
            self.waiting = None
        self.flush()

    async def _send_loop(self) -> None:
        try:
            while True:
                await self.wake.wait()
                self.wake.clear()
                out, self.out = self.out, []
                for payload in out:
                    if payload is CLOSE:
                        await self._close(self.close_code or 1000, self.close_reason)
                        return
                    await self.websocket.send_text(str(payload))
        except asyncio.CancelledError:
            raise
        except Exception:  # the peer went away mid-send: the receive loop sees the disconnect
            self.phase = Phase.CLOSED
            self._detach()

    async def _close(self, code: int, reason: str) -> None:
        if self.websocket.application_state != WebSocketState.DISCONNECTED:
            try:
                await self.websocket.close(code, reason[:120])
            except Exception:
                pass

    # ---- ephemeral throttle --------------------------------------------------------------

    def relay_ephemeral(self, args: dict, size: int) -> None:
        """Within the person's budgets (messages and bytes a second, across all their connections)
        everything is relayed; beyond them only the latest of this connection is kept, and sent
        when the budget allows."""
        if self.budget.relay_now(size):
            self.hub.relay_ephemeral(self, args)
            return
        self.pending_ephemeral = (args, size)
        if not self.flush_scheduled:
            self.flush_scheduled = True
            asyncio.get_running_loop().call_later(self.budget.eph_wait(size), self._flush_ephemeral)

    def _flush_ephemeral(self) -> None:
        self.flush_scheduled = False
        if self.phase is not Phase.LIVE or self.pending_ephemeral is None:
            return
        (args, size), self.pending_ephemeral = self.pending_ephemeral, None
        self.relay_ephemeral(args, size)

    async def finish(self) -> None:
        """The receive loop ended: leave the hub; let a closing connection flush its last words."""
        closing = self.close_code is not None
        self.phase = Phase.CLOSED
        self._detach()
        if self.socket is not None:
            if closing:
                self.flush()
                try:
                    if self.waiting is not None:
                        await asyncio.wait_for(asyncio.shield(self.waiting), 5)
                    if self.closer is not None:
                        await asyncio.wait_for(asyncio.shield(self.closer), 5)
                except (asyncio.CancelledError, asyncio.TimeoutError, Exception):
                    pass
            self.out = []
            if self.waiting is not None:
                self.waiting.cancel()
            return
        if not closing:
            self.sender.cancel()
        try:
            await asyncio.wait_for(self.sender, 5)
        except (asyncio.CancelledError, asyncio.TimeoutError, Exception):
            pass
