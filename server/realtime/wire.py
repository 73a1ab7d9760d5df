"""The bytes on the socket: a frame made once for every connection that gets it, and everything
queued for one connection written to its socket in one write.

Going through ASGI costs a `send` coroutine chain (starlette → uvicorn) and a transport write
per message per connection; under load that was most of the server's time. uvicorn's own
sans-I/O WebSocket protocol is used as it is, with one addition: after the handshake it puts
itself in the scope (`extensions["coboard.socket"]`), so a connection can write frames to its
transport directly. Everything else (handshake, receiving, pings, close) stays uvicorn's.
"""
import asyncio
import struct

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.protocol import State

from ..protocol.limits import HELLO_FRAME_BYTES

SOCKET = "coboard.socket"


class Outgoing:
    """One message as JSON bytes; its text and its WebSocket frame made at most once.

    `once`: for one connection only (a welcome): its frame is written as header and data, never
    copied into one more large bytes object that would live as long as the message. `parts`: the
    bytes as pieces written one after the other (a welcome: its own head, then the records it shares
    with the other welcomes of its batch), joined only if someone asks for `data`.
    """

    __slots__ = ("_data", "parts", "once", "_text", "_frame")

    def __init__(self, data: bytes | None = None, once: bool = False, parts: tuple | None = None):
        self._data = data
        self.parts = parts if data is None else None
        self.once = once or parts is not None
        self._text: str | None = None
        self._frame: bytes | None = None

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = b"".join(self.parts)
            self.parts = None
        return self._data

    def size(self) -> int:
        return len(self._data) if self._data is not None else sum(map(len, self.parts))

    def __str__(self) -> str:
        if self._text is None:
            self._text = self.data.decode()
        return self._text

    def frame(self) -> bytes:
        """An unmasked, uncompressed, final text frame, the same bytes for every connection."""
        if self._frame is None:
            self._frame = text_frame(self.data)
        return self._frame


def text_frame(data: bytes) -> bytes:
    return frame_header(len(data)) + data


def frame_header(n: int) -> bytes:
    if n < 126:
        return bytes((0x81, n))
    if n < 65536:
        return struct.pack("!BBH", 0x81, 126, n)
    return struct.pack("!BBQ", 0x81, 127, n)


def as_bytes(payload) -> bytes:
    return payload.data if isinstance(payload, Outgoing) else payload.encode()


class Inbox:
    """What uvicorn's protocol asks of its asyncio.Queue (`put_nowait`, `get`, `empty`, `qsize`) for
    its one reader, the app's `receive`, without the Queue's three deques: an idle connection holds
    one, and each empty deque is about 600 bytes. A cancelled `get` (a hello's timeout) loses nothing."""

    __slots__ = ("items", "waiter")

    def __init__(self):
        self.items: list = []
        self.waiter: asyncio.Future | None = None

    def put_nowait(self, item) -> None:
        self.items.append(item)
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def empty(self) -> bool:
        return not self.items

    def qsize(self) -> int:
        return len(self.items)

    async def get(self):
        while not self.items:
            if self.waiter is not None:
                raise RuntimeError("one reader at a time")
            self.waiter = asyncio.get_running_loop().create_future()
            try:
                await self.waiter
            finally:
                self.waiter = None
        return self.items.pop(0)


class Flag:
    """asyncio.Event's `set`, `clear`, `is_set` and `wait`, its waiters made only when someone waits
    (uvicorn's `writable`: set all the life of a connection whose peer keeps up)."""

    __slots__ = ("value", "waiters")

    def __init__(self, value: bool = False):
        self.value = value
        self.waiters: list | None = None

    def is_set(self) -> bool:
        return self.value

    def set(self) -> None:
        self.value = True
        waiters, self.waiters = self.waiters, None
        for waiter in waiters or ():
            if not waiter.done():
                waiter.set_result(True)

    def clear(self) -> None:
        self.value = False

    async def wait(self) -> bool:
        if self.value:
            return True
        waiter = asyncio.get_running_loop().create_future()
        if self.waiters is None:
            self.waiters = []
        self.waiters.append(waiter)
        try:
            return await waiter
        finally:
            if self.waiters is not None and waiter in self.waiters:
                self.waiters.remove(waiter)


class SocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's protocol, reachable from the app for direct, coalesced writes (see `write`), with a
    lighter inbox and `writable` flag (memory per idle connection).

    Until its hello is let in, a socket's frames may be HELLO_FRAME_BYTES at most, enforced by websockets'
    parser from the frame's header: a bigger frame closes the socket (1009) before its body is read or
    kept, so a socket nobody has signed in on holds a few KiB, not the 1 MiB a member's frame may have
    (ws_max_size, FRAME_BYTES_HARD). The parser reads the limit when the next frame's first bytes arrive,
    so a frame sent before the welcome is still held to it (the browser waits for the welcome)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.queue = Inbox()
        self.writable = Flag(True)
        self.conn.max_message_size = HELLO_FRAME_BYTES

    def let_in(self, yes: bool) -> None:
        """Its hello was accepted (frames up to the server's hard limit from now on), or it is waiting for
        one again (its hello failed inside)."""
        self.conn.max_message_size = self.config.ws_max_size if yes else HELLO_FRAME_BYTES

    def handle_connect(self, event) -> None:
        super().handle_connect(event)
        scope = getattr(self, "scope", None)
        if scope is not None:
            scope["extensions"][SOCKET] = self

    async def send(self, message) -> None:
        await super().send(message)
        if message["type"] == "websocket.accept" and self.handshake_complete:
            self.request = self.response = None  # the handshake's headers: not needed once open (memory)

    def open(self) -> bool:
        return (self.handshake_complete and not self.close_sent and not self.disconnected
                and self.conn.state is State.OPEN and not self.transport.is_closing())

    def write(self, payloads: list) -> bool:
        """Every payload (str or Outgoing) as one text message each, in one transport write.

        False when the socket is no longer open (nothing is written). With permessage-deflate the
        frames differ per connection (each has its own compression context), so websockets makes them.
        """
        if not self.open():
            return False
        if self.conn.extensions:
            send = self.conn.send_text
            for p in payloads:
                send(as_bytes(p))
            self.transport.write(b"".join(self.conn.data_to_send()))
            return True
        if len(payloads) == 1 and isinstance(payloads[0], Outgoing) and not payloads[0].once:
            self.transport.write(payloads[0].frame())  # the usual case: one event, the same bytes for all
            return True
        bufs = []
        for p in payloads:
            if not isinstance(p, Outgoing):
                p = Outgoing(p.encode(), once=True)
            if p.parts is not None:
                bufs.append(frame_header(p.size()))
                bufs += p.parts
            elif p.once:
                bufs += (frame_header(len(p.data)), p.data)
            else:
                bufs.append(p.frame())
        self.transport.writelines(bufs)  # one system call (writev), no copy into one buffer
        return True
