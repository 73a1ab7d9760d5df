"""Nothing large before authentication, over WebSocket too (issue 12). Before: 200 sockets to a made-up
workshop, no token, each sending one ~1 MiB frame that was not a hello, took the server from 124 to 539 MB
(280 MB after they closed), and one socket could go on sending 1 MiB frames for the whole 10 s hello window.

Now a frame before the welcome may be HELLO_FRAME_BYTES (websockets refuses a bigger one from its header,
1009, its body never kept), the first frame that is not a hello closes the socket, and an address may hold
HELLO_SOCKETS_PER_ADDRESS sockets that have not said hello (1013 beyond). The sockets here are bare TCP, so
that what is sent is exactly what an attacker would send, from addresses of 127.0.0.0/8 of their own."""
import asyncio
import base64
import os
import socket
import struct
from urllib.parse import urlsplit

from server.protocol.limits import HELLO_SOCKETS_PER_ADDRESS
from tests.realtime.client import connect

from .conftest import MiB, rss

ATTACKERS = [f"127.0.0.{n}" for n in range(71, 75)]  # 4 addresses × 50 sockets = 200
SOCKETS = len(ATTACKERS) * HELLO_SOCKETS_PER_ADDRESS
# The bound leaves room for 200 open sockets and the allocator: one frame read per socket would be 200 MiB.
MEMORY_BOUND = 40 * MiB


class Bare:
    """A WebSocket client on a bare socket: the handshake, then frames written as they are given."""

    def __init__(self, sock: socket.socket):
        self.sock, self.loop, self.got = sock, asyncio.get_running_loop(), b""

    @classmethod
    async def open(cls, server, path: str, local_address: str) -> "Bare":
        loop = asyncio.get_running_loop()
        url = urlsplit(server.base_url)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setblocking(False)
        sock.bind((local_address, 0))
        await loop.sock_connect(sock, (url.hostname, url.port))
        key = base64.b64encode(os.urandom(16)).decode()
        await loop.sock_sendall(sock, (f"GET {path} HTTP/1.1\r\nHost: {url.netloc}\r\nUpgrade: websocket\r\n"
                                       f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                                       "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        bare = cls(sock)
        while b"\r\n\r\n" not in bare.got:
            more = await loop.sock_recv(sock, 4096)
            assert more, "the server hung up during the handshake"
            bare.got += more
        head, bare.got = bare.got.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 101"), head
        return bare

    async def send_text(self, payload: bytes, chunk: int = 64 * 1024) -> int:
        """One masked text frame (a mask of zeros: the payload goes as it is); the bytes the socket took
        before the server hung up."""
        n = len(payload)
        head = (bytes((0x81, 0x80 | n)) if n < 126 else struct.pack("!BBH", 0x81, 0x80 | 126, n) if n < 65536
                else struct.pack("!BBQ", 0x81, 0x80 | 127, n)) + b"\0\0\0\0"
        data, sent = head + payload, 0
        try:
            while sent < len(data):
                await self.loop.sock_sendall(self.sock, data[sent:sent + chunk])
                sent += min(chunk, len(data) - sent)
        except OSError:  # the server hung up
            pass
        return sent

    async def close_code(self) -> int | None:
        """Read until the server's close frame: its code, the text frames before it in `texts`; None when
        the connection ended without one."""
        self.texts: list[bytes] = []
        while True:
            frame = self._frame()
            if frame is not None:
                opcode, body = frame
                if opcode == 0x8:
                    return struct.unpack("!H", body[:2])[0] if len(body) >= 2 else None
                if opcode == 0x1:
                    self.texts.append(body)
                continue
            try:
                more = await self.loop.sock_recv(self.sock, 65536)
            except OSError:
                return None
            if not more:
                return None
            self.got += more

    def _frame(self):
        got = self.got
        if len(got) < 2:
            return None
        n, at = got[1] & 0x7F, 2
        if n == 126:
            if len(got) < 4:
                return None
            n, at = struct.unpack("!H", got[2:4])[0], 4
        elif n == 127:
            if len(got) < 10:
                return None
            n, at = struct.unpack("!Q", got[2:10])[0], 10
        if len(got) < at + n:
            return None
        self.got = got[at + n:]
        return got[0] & 0x0F, got[at:at + n]

    def close(self) -> None:
        self.sock.close()


async def test_200_sockets_sending_big_frames_before_hello_are_cut_off_unread(shared):
    server = shared
    workshop = server.create_workshop()
    ada = server.join(workshop, "Ada")
    frame = b'{"op":"card.create","args":{"text":"' + b"x" * (MiB - 64) + b'"}}'
    warm = await Bare.open(server, "/ws/workshops/w_made_up", ATTACKERS[0])  # the code paths once
    await warm.send_text(frame)
    await warm.close_code()
    warm.close()
    await asyncio.sleep(0.5)
    before = rss(server)

    async def attack(address: str) -> int | None:
        bare = await Bare.open(server, "/ws/workshops/w_made_up", address)
        try:
            await bare.send_text(frame)
            return await asyncio.wait_for(bare.close_code(), 30)
        finally:
            bare.close()

    async def member_works() -> dict:  # a real member connects while the attack goes on
        client, welcome = await connect(server.ws_url(workshop["workshop_id"]), ada["token"], name="ada")
        try:
            assert welcome["t"] == "welcome", welcome
            return await client.op("hand.raise", {}, timeout=30)
        finally:
            await client.close()

    *codes, answer = await asyncio.gather(*(attack(a) for a in ATTACKERS for _ in range(HELLO_SOCKETS_PER_ADDRESS)),
                                          member_works())
    grown = rss(server) - before
    print(f"200 sockets with 1 MiB frames before hello: the server grew by {grown / MiB:.1f} MiB")
    assert len(codes) == SOCKETS == 200
    assert set(codes) <= {1009, None} and codes.count(1009) > SOCKETS // 2, codes  # None: reset, nothing to read
    assert answer["t"] == "ack", answer
    assert grown < MEMORY_BOUND, f"the server grew by {grown / MiB:.0f} MiB"
    after, welcome = await connect(server.ws_url(workshop["workshop_id"]), ada["token"], name="ada2")
    try:
        assert welcome["t"] == "welcome" and (await after.op("hand.raise", {}))["t"] == "ack"
    finally:
        await after.close()


async def test_the_first_frame_that_is_not_a_hello_closes_the_socket(shared):
    server = shared
    workshop = server.create_workshop()
    path = f"/ws/workshops/{workshop['workshop_id']}"
    for frame, code in ((b'{"op":"card.create","id":"x1","args":{}}', b'"unauthorized"'),
                        (b"not json", b'"invalid"'), (b"[1, 2]", b'"invalid"')):
        bare = await Bare.open(server, path, ATTACKERS[1])
        try:
            await bare.send_text(frame)
            assert await asyncio.wait_for(bare.close_code(), 10) == 4401
            assert len(bare.texts) == 1 and code in bare.texts[0], bare.texts
        finally:
            bare.close()
    bare = await Bare.open(server, path, ATTACKERS[1])  # a hello of 5 KiB (a real one is under 1 KiB)
    try:
        await bare.send_text(b'{"op":"hello","token":"' + b"t" * 5000 + b'"}')
        assert await asyncio.wait_for(bare.close_code(), 10) == 1009
    finally:
        bare.close()


async def test_an_address_holds_so_many_sockets_before_hello_and_others_are_not_affected(shared):
    server = shared
    workshop = server.create_workshop()
    ada = server.join(workshop, "Ada")
    path = f"/ws/workshops/{workshop['workshop_id']}"
    silent = [await Bare.open(server, path, ATTACKERS[2]) for _ in range(HELLO_SOCKETS_PER_ADDRESS)]
    try:
        one_more = await Bare.open(server, path, ATTACKERS[2])
        try:
            assert await asyncio.wait_for(one_more.close_code(), 10) == 1013
            assert b'"rate_limited"' in one_more.texts[0], one_more.texts
        finally:
            one_more.close()
        client, welcome = await connect(server.ws_url(workshop["workshop_id"]), ada["token"], name="ada")
        try:  # from another address, while that one holds its sockets
            assert welcome["t"] == "welcome" and (await client.op("hand.raise", {}))["t"] == "ack"
        finally:
            await client.close()
    finally:
        for bare in silent:
            bare.close()
    for _ in range(100):  # the closed sockets have been let go of (bounded: 100 tries)
        again = await Bare.open(server, path, ATTACKERS[2])
        try:
            await again.send_text(b'{"op":"hello","token":"not-a-token"}')
            code = await asyncio.wait_for(again.close_code(), 10)
        finally:
            again.close()
        if code == 4401:
            break
        assert code == 1013, code
        await asyncio.sleep(0.1)
    assert code == 4401  # a place again, and a bad token refused as ever
