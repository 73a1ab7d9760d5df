"""A small WebSocket client for tests against a real server: hello, ops by id, buffered receive.

Every message that arrives while a test waits for something else is kept in `inbox`, so no
`ev` is ever lost between two `recv` calls; `raw` keeps every text frame as it came, for
checks of what a recipient may see.
"""
import asyncio
import itertools
import json
import time
from typing import Callable

import websockets

Pred = Callable[[dict], bool]
_ids = itertools.count(1)


def is_t(kind: str, **fields) -> Pred:
    """A predicate: a frame of type `kind` whose fields equal `fields`."""
    return lambda m: m.get("t") == kind and all(m.get(k) == v for k, v in fields.items())


class Client:
    def __init__(self, ws, name: str = ""):
        self.ws, self.name = ws, name
        self.inbox: list[dict] = []
        self.raw: list[str] = []
        self.closed = False

    # ---- sending --------------------------------------------------------------------------

    async def send(self, frame) -> None:
        """A dict is sent as JSON; a str or bytes as it is (for malformed frames)."""
        await self.ws.send(frame if isinstance(frame, (str, bytes)) else json.dumps(frame))

    async def send_op(self, op: str, args=None, op_id=None) -> str:
        op_id = op_id if op_id is not None else f"{self.name or 'c'}-{next(_ids)}"
        await self.send({"op": op, "id": op_id, "args": {} if args is None else args})
        return op_id

    async def op(self, op: str, args=None, timeout: float = 5.0) -> dict:
        """Send an op and return its answer (ack or err), keeping everything else in the inbox."""
        op_id = await self.send_op(op, args)
        return await self.answer(op_id, timeout)

    async def answer(self, op_id, timeout: float = 5.0) -> dict:
        return await self.expect(lambda m: m.get("t") in ("ack", "err") and m.get("id") == op_id, timeout,
                                 f"an answer to {op_id}")

    async def ok(self, op: str, args=None) -> dict:
        """An op that must be acked."""
        answer = await self.op(op, args)
        assert answer["t"] == "ack", f"{self.name}: {op} {args} was refused: {answer}"
        return answer

    # ---- receiving ------------------------------------------------------------------------

    async def _next(self, timeout: float) -> dict | None:
        try:
            text = await asyncio.wait_for(self.ws.recv(), timeout)
        except (asyncio.TimeoutError, websockets.ConnectionClosed):
            if isinstance(self.ws.close_code, int):
                self.closed = True
            return None
        if isinstance(text, bytes):
            text = text.decode()
        self.raw.append(text)
        return json.loads(text)

    async def recv(self, pred: Pred = lambda m: True, timeout: float = 5.0) -> dict | None:
        """The first message (buffered or new) matching `pred`, or None after `timeout` seconds."""
        for i, m in enumerate(self.inbox):
            if pred(m):
                return self.inbox.pop(i)
        end = time.monotonic() + timeout
        while not self.closed:
            left = end - time.monotonic()
            if left <= 0:
                return None
            m = await self._next(left)
            if m is None:
                if self.closed:
                    return None
                continue
            if pred(m):
                return m
            self.inbox.append(m)
        return None

    async def expect(self, pred: Pred, timeout: float = 5.0, what: str = "a message") -> dict:
        m = await self.recv(pred, timeout)
        assert m is not None, f"{self.name}: no {what} within {timeout} s; inbox: {self.inbox[-10:]}"
        return m

    async def drain(self, quiet: float = 0.3) -> list[dict]:
        """Everything buffered plus everything that arrives until `quiet` seconds pass without a frame."""
        got, self.inbox = self.inbox, []
        while not self.closed:
            m = await self._next(quiet)
            if m is None:
                break
            got.append(m)
        return got

    async def take_all(self, pred: Pred, count: int, timeout: float = 10.0) -> list[dict]:
        """Exactly `count` messages matching `pred`, in arrival order (fails on a timeout)."""
        got = []
        end = time.monotonic() + timeout
        while len(got) < count:
            m = await self.recv(pred, max(0.0, end - time.monotonic()))
            assert m is not None, f"{self.name}: got {len(got)} of {count} messages; last: {got[-3:]}"
            got.append(m)
        return got

    async def events_through(self, seq: int, timeout: float = 10.0) -> list[dict]:
        """Every `ev` up to and including `seq`, in arrival order (other frames stay in the inbox)."""
        got = []
        while not got or got[-1]["seq"] < seq:
            got.append(await self.expect(is_t("ev"), timeout, f"ev up to seq {seq} (have {len(got)})"))
        return got

    # ---- closing --------------------------------------------------------------------------

    async def wait_closed(self, timeout: float = 5.0) -> int | None:
        """Read until the server closes the connection; its close code."""
        end = time.monotonic() + timeout
        while not self.closed and time.monotonic() < end:
            await self._next(max(0.01, end - time.monotonic()))
        return self.ws.close_code

    async def close(self) -> None:
        self.closed = True
        await self.ws.close()


async def connect(url: str, token: str | None = None, since: int | None = None, name: str = "",
                  hello: bool = True) -> tuple[Client, dict | None]:
    """Open a connection and (unless hello=False) say hello; the welcome (or err) it got."""
    ws = await websockets.connect(url, max_size=2 ** 24, max_queue=None, open_timeout=5, close_timeout=2)
    client = Client(ws, name)
    if not hello:
        return client, None
    frame = {"op": "hello", "token": token}
    if since is not None:
        frame["since"] = since
    await client.send(frame)
    first = await client.recv(lambda m: m.get("t") in ("welcome", "err"))
    return client, first
