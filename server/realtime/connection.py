"""One WebSocket connection as an explicit state machine: connected → live → closed.

Outgoing messages go through a bounded queue drained by one sender task, so a slow phone never
slows the room: when its queue is full it is disconnected and resumes later with `since`.
"""
import asyncio
import enum
import logging

from starlette.websockets import WebSocket, WebSocketState


log = logging.getLogger("coboard.realtime")


class Phase(enum.Enum):
    CONNECTED = "connected"  # waiting for hello
    LIVE = "live"            # hello accepted: ops, ephemeral messages, events
    CLOSED = "closed"


class Connection:
    def __init__(self, websocket: WebSocket, settings):
        self.websocket = websocket
        self.settings = settings
        self.phase = Phase.CONNECTED
        self.participant_id: str | None = None
        self.credential: str | None = None  # the hash of the token it said hello with (revocation.py)
        self.hub = None
        self.queue: asyncio.Queue[str | None] = asyncio.Queue(maxsize=settings.send_queue_limit)
        self.budget = None  # the person's budgets in the hub (limits.py), shared with their other connections
        self.pending_ephemeral: tuple[dict, int] | None = None
        self.flush_scheduled = False
        self.close_code: int | None = None
        self.sender = asyncio.create_task(self._send_loop())

    def go_live(self, hub, participant_id: str) -> None:
        assert self.phase is Phase.CONNECTED
        self.hub, self.participant_id, self.phase = hub, participant_id, Phase.LIVE
        self.budget = hub.budgets.of(participant_id)

    @property
    def ops(self):
        return self.budget.ops

    def send(self, payload: str) -> None:
        if self.phase is Phase.CLOSED:
            return
        try:
            self.queue.put_nowait(payload)
        except asyncio.QueueFull:
            log.info("send queue full for %s: disconnecting, it will resume", self.participant_id)
            self.close_soon(4408, "Too far behind; reconnecting will catch up.")

    def close_soon(self, code: int, reason: str) -> None:
        """Stop sending and close after what is already queued (e.g. a final err)."""
        if self.phase is Phase.CLOSED:
            return
        self.phase = Phase.CLOSED
        self.close_code = code
        self._detach()
        try:
            self.queue.put_nowait(None)
        except asyncio.QueueFull:
            self.sender.cancel()
            asyncio.get_running_loop().create_task(self._close(code, reason))
            return
        self.close_reason = reason

    def _detach(self) -> None:
        if self.hub is not None:
            self.hub.detach(self)

    async def _send_loop(self) -> None:
        try:
            while True:
                payload = await self.queue.get()
                if payload is None:
                    await self._close(self.close_code or 1000, getattr(self, "close_reason", ""))
                    return
                await self.websocket.send_text(payload)
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
        """The receive loop ended: leave the hub; let a closing sender flush its last words."""
        closing = self.close_code is not None
        self.phase = Phase.CLOSED
        self._detach()
        if not closing:
            self.sender.cancel()
        try:
            await asyncio.wait_for(self.sender, 5)
        except (asyncio.CancelledError, asyncio.TimeoutError, Exception):
            pass
