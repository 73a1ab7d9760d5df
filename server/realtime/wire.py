"""The bytes on the socket: a frame made once for every connection that gets it, and everything
queued for one connection written to its socket in one write.

Going through ASGI costs a `send` coroutine chain (starlette → uvicorn) and a transport write
per message per connection; under load that was most of the server's time. uvicorn's own
sans-I/O WebSocket protocol is used as it is, with one addition: after the handshake it puts
itself in the scope (`extensions["coboard.socket"]`), so a connection can write frames to its
transport directly. Everything else (handshake, receiving, pings, close) stays uvicorn's.
"""
import struct

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.protocol import State

SOCKET = "coboard.socket"


class Outgoing:
    """One message as JSON bytes; its text and its WebSocket frame made at most once."""

    __slots__ = ("data", "_text", "_frame")

    def __init__(self, data: bytes):
        self.data = data
        self._text: str | None = None
        self._frame: bytes | None = None

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
    n = len(data)
    if n < 126:
        return bytes((0x81, n)) + data
    if n < 65536:
        return struct.pack("!BBH", 0x81, 126, n) + data
    return struct.pack("!BBQ", 0x81, 127, n) + data


def as_bytes(payload) -> bytes:
    return payload.data if isinstance(payload, Outgoing) else payload.encode()


class SocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's protocol, reachable from the app for direct, coalesced writes (see `write`)."""

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
        self.transport.write(b"".join([p.frame() if isinstance(p, Outgoing) else text_frame(p.encode())
                                       for p in payloads]))
        return True
