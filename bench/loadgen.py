"""The load generator of the fan-out bench: WebSocket clients in worker processes.

One generator for every target (Coboard, the bare relay, y-websocket), so all three are driven
the same way: a light sans-I/O `websockets` client on uvloop, orjson, and per target only what its
wire format needs (bench/README.md: how receipts are matched to sends).
"""
from __future__ import annotations

import asyncio
import os
import random
import signal
import time
from collections import Counter

import orjson

POS_BASE = 50      # x, y = (POS_BASE + i) / 1000
POS_SPAN = 900     # i in 0..899


def pos_of(counter: int) -> tuple[float, float]:
    return ((POS_BASE + counter % POS_SPAN) / 1000.0,
            (POS_BASE + counter // POS_SPAN) / 1000.0)


def counter_of(x: float, y: float) -> int:
    return (round(y * 1000) - POS_BASE) * POS_SPAN + (round(x * 1000) - POS_BASE)


def now_ns() -> int:
    return time.monotonic_ns()


# --------------------------------------------------------------------------------------
# Load generator (runs in worker processes)
# --------------------------------------------------------------------------------------

class WSClient(asyncio.Protocol):
    """A minimal WebSocket client on the websockets sans-I/O protocol.

    Cheaper per message than the asyncio client (no task wake-up per frame), which
    matters because the load generator shares the 2 cores with the server.
    """

    def __init__(self, url: str, offer_deflate: bool, on_frames):
        from websockets.client import ClientProtocol
        from websockets.uri import parse_uri
        exts = None
        if offer_deflate:
            from websockets.extensions.permessage_deflate import \
                ClientPerMessageDeflateFactory
            exts = [ClientPerMessageDeflateFactory(client_max_window_bits=True)]
        self.proto = ClientProtocol(parse_uri(url), extensions=exts, max_size=None)
        self.request = self.proto.connect()
        self.on_frames = on_frames
        self.transport = None
        self.opened: asyncio.Future = asyncio.get_running_loop().create_future()
        self.closed: asyncio.Future = asyncio.get_running_loop().create_future()
        self.extensions = ""

    # asyncio.Protocol
    def connection_made(self, transport):
        self.transport = transport
        self.proto.send_request(self.request)
        self._flush()

    def data_received(self, data: bytes):
        t = now_ns()
        from websockets.frames import Opcode
        from websockets.http11 import Response
        self.proto.receive_data(data)
        texts = []
        for ev in self.proto.events_received():
            if isinstance(ev, Response):
                if self.proto.handshake_exc is not None:
                    if not self.opened.done():
                        self.opened.set_exception(self.proto.handshake_exc)
                else:
                    self.extensions = ev.headers.get("Sec-WebSocket-Extensions", "") or ""
                    if not self.opened.done():
                        self.opened.set_result(True)
            elif ev.opcode is Opcode.TEXT or ev.opcode is Opcode.BINARY:
                # servers do not fragment these small frames; fin is expected
                texts.append(ev.data)
        self._flush()
        if texts:
            self.on_frames(t, texts)

    def connection_lost(self, exc):
        if not self.opened.done():
            self.opened.set_exception(exc or ConnectionError("closed during handshake"))
        if not self.closed.done():
            self.closed.set_result(self.proto.close_rcvd)

    def eof_received(self):
        self.proto.receive_eof()
        self._flush()
        return False

    def _flush(self):
        for d in self.proto.data_to_send():
            if d:
                self.transport.write(d)
            elif self.transport.can_write_eof():
                self.transport.write_eof()

    # API
    def send(self, payload: bytes):
        self.proto.send_text(payload)
        for d in self.proto.data_to_send():
            if d:
                self.transport.write(d)

    def send_binary(self, payload: bytes):
        self.proto.send_binary(payload)
        for d in self.proto.data_to_send():
            if d:
                self.transport.write(d)

    def close(self):
        try:
            self.proto.send_close(1000)
            self._flush()
        except Exception:
            pass
        if self.transport is not None:
            self.transport.close()


class Client:
    """One benchmark participant: its connection, and its side of the records."""

    def __init__(self, idx: int, token: str, url: str, offer_deflate: bool, rec: "Recorder"):
        self.idx = idx
        self.token = token
        self.url = url
        self.offer_deflate = offer_deflate
        self.rec = rec
        self.me: str | None = None
        self.room: str | None = None
        self.ws: WSClient | None = None
        self.welcome: asyncio.Future | None = None
        self.pending: dict[str, asyncio.Future] = {}
        self.last_seq: int | None = None
        self.card_id: str | None = None
        self.ack_sent: dict[str, int] = {}
        self.live_at: int | None = None   # when the last welcome arrived (reconnect storms)

    async def connect(self, host: str, port: int, timeout: float, resume: bool = False):
        loop = asyncio.get_running_loop()
        self.welcome = loop.create_future()
        _, self.ws = await asyncio.wait_for(loop.create_connection(
            lambda: WSClient(self.url, self.offer_deflate, self.on_frames), host, port),
            timeout)
        await asyncio.wait_for(self.ws.opened, timeout)
        hello = {"op": "hello", "token": self.token}
        if resume and self.last_seq is not None:
            hello["since"] = self.last_seq
        self.ws.send(orjson.dumps(hello))
        w = await asyncio.wait_for(self.welcome, timeout)
        self.live_at = now_ns()
        if w.get("t") != "welcome":
            raise RuntimeError(f"client {self.idx}: hello answered {w}")
        self.me = (w.get("me") or {}).get("id")
        self.room = (w.get("me") or {}).get("room_id")
        self.last_seq = w.get("seq")
        for ev in w.get("replay") or ():   # resumed with `since`: the events missed meanwhile
            self.last_seq = ev.get("seq", self.last_seq)

    async def create_card(self, board_id: str, card_type: str) -> str | None:
        """The mover's own card (`card.create`); None with the reason in `self.setup_error`."""
        args = {"board_id": board_id, "type": card_type, "text": f"bench card {self.idx}", "x": 0.5, "y": 0.5}
        for _ in range(20):
            m = await self.op("card.create", args)
            if m.get("t") == "ack":
                self.card_id = (m.get("result") or {}).get("card_id")
                return self.card_id
            if m.get("code") != "rate_limited":
                self.setup_error = f"card.create answered {m}"
                return None
            await asyncio.sleep(0.5)
        self.setup_error = "card.create: still rate limited"
        return None

    def move_payload(self, mode: str, n: int, ts: int) -> tuple[tuple, bytes]:
        """(the key receipts will carry, the frame) for the mover's n-th move."""
        x, y = pos_of(n)
        if mode == "eph":
            return (self.card_id, n), orjson.dumps({"op": "eph", "args": {
                "kind": "drag", "card_id": self.card_id, "x": x, "y": y, "ts": ts, "n": n}})
        oid = f"u{self.idx}-{n}"
        self.ack_sent[oid] = ts
        return (self.card_id, n), orjson.dumps({"op": "card.update", "id": oid,
                                                 "args": {"card_id": self.card_id, "x": x, "y": y}})

    def send_move(self, payload: bytes) -> None:
        self.ws.send(payload)

    async def op(self, op: str, args: dict, timeout: float = 10.0) -> dict:
        oid = f"s{self.idx}-{len(self.pending)}-{random.getrandbits(32):x}"
        fut = asyncio.get_running_loop().create_future()
        self.pending[oid] = fut
        self.ws.send(orjson.dumps({"op": op, "id": oid, "args": args}))
        try:
            return await asyncio.wait_for(fut, timeout)
        finally:
            self.pending.pop(oid, None)

    def on_frames(self, t: int, frames: list[bytes]):
        rec = self.rec
        for raw in frames:
            try:
                m = orjson.loads(raw)
            except Exception:
                rec.bad_frames += 1
                continue
            kind = m.get("t")
            rec.frames[kind] += 1
            if kind == "eph":
                a = m.get("args") or {}
                cid = a.get("card_id")
                if cid is None or "x" not in a:
                    continue
                key = (cid, counter_of(a["x"], a["y"]))
                if m.get("by") == self.me:
                    rec.self_eph += 1
                else:
                    rec.receipts.append((key, t, self.idx))
                    if rec.ts_check is not None and "ts" in a:
                        rec.ts_check.append((t - a["ts"]))
            elif kind == "ev":
                seq = m.get("seq")
                if self.last_seq is not None and seq is not None and seq != self.last_seq + 1:
                    rec.seq_gaps += 1
                if seq is not None:
                    self.last_seq = seq
                if m.get("op") != "card.update":
                    continue
                mine = m.get("by") == self.me
                for r in m.get("put") or ():
                    if r.get("kind") == "card" and r.get("x") is not None and r.get("y") is not None:
                        key = (r["id"], counter_of(r["x"], r["y"]))
                        if mine:
                            rec.self_ev.append((key, t))
                        else:
                            rec.receipts.append((key, t, self.idx))
            elif kind == "ack" or kind == "err":
                oid = m.get("id")
                if kind == "err":
                    rec.errors[m.get("code")] += 1
                    if len(rec.error_samples) < 5:
                        rec.error_samples.append(m)
                fut = self.pending.get(oid) if oid else None
                if fut is not None and not fut.done():
                    fut.set_result(m)
                elif kind == "ack" and oid in self.ack_sent:
                    rec.ack_lat.append(t - self.ack_sent.pop(oid))
                    rec.ack_times.append(t)
            elif kind == "welcome":
                if self.welcome is not None and not self.welcome.done():
                    self.welcome.set_result(m)
            elif kind == "presence" or kind == "notice":
                pass


def write_var_uint(out: bytearray, n: int) -> None:
    """lib0's variable-length unsigned integer, as Yjs writes it."""
    while n > 0x7F:
        out.append(0x80 | (n & 0x7F))
        n >>= 7
    out.append(n)


def read_var_uint(buf: bytes, i: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        b = buf[i]
        i += 1
        n |= (b & 0x7F) << shift
        if b < 0x80:
            return n, i
        shift += 7


def var_bytes(payload: bytes) -> bytes:
    out = bytearray()
    write_var_uint(out, len(payload))
    return bytes(out) + payload


SYNC, AWARENESS = 0, 1
STEP1, STEP2, UPDATE = 0, 1, 2
EMPTY_UPDATE = b"\x00\x00"   # no structs, no deletions
EMPTY_STATE = b"\x00"         # a state vector that knows nothing: send me everything


def update_key(update: bytes) -> tuple:
    """A Yjs update (v1) is keyed by its first struct's (client, clock): unique per change, and the
    same whether the server forwards the bytes or re-encodes them."""
    _clients, i = read_var_uint(update, 0)
    _structs, i = read_var_uint(update, i)
    client, i = read_var_uint(update, i)
    clock, _ = read_var_uint(update, i)
    return ("y", client, clock)


class YClient(Client):
    """The same participant on y-websocket: one shared Y.Doc per board, a Y.Map per card.

    A stored move is a Y.Map update of the card's x and y (one transaction) by its mover, made
    by Yrs (pycrdt) so the bytes are what a Yjs client sends; an ephemeral drag is an awareness
    update, as y-websocket apps send cursors. Receivers only read an update's header to key it
    (they keep no document), as cheap as Coboard's clients parsing a JSON frame.
    """

    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        self.client_id = random.getrandbits(48)
        self.doc = self.card = None
        self.echo: dict[tuple, asyncio.Future] = {}
        self.aw_clock = 0

    async def connect(self, host: str, port: int, timeout: float, resume: bool = False):
        loop = asyncio.get_running_loop()
        self.welcome = loop.create_future()
        _, self.ws = await asyncio.wait_for(loop.create_connection(
            lambda: WSClient(self.url, self.offer_deflate, self.on_frames), host, port), timeout)
        await asyncio.wait_for(self.ws.opened, timeout)
        # sync step 1 with what we know (nothing, for a receiver): the server answers step 2, our welcome
        state = self.doc.get_state() if self.doc is not None else EMPTY_STATE
        self.ws.send_binary(bytes([SYNC, STEP1]) + var_bytes(state))
        await asyncio.wait_for(self.welcome, timeout)
        self.me = str(self.client_id)
        self.room = "doc"
        self.live_at = now_ns()

    async def create_card(self, board_id: str, card_type: str) -> str | None:
        from pycrdt import Doc, Map
        self.doc = Doc(client_id=self.client_id)
        cards = self.doc.get("cards", type=Map)
        self._updates: list[bytes] = []
        self.doc.observe(lambda e: self._updates.append(e.update))
        self.card_id = f"card-{self.client_id:x}"
        cards[self.card_id] = Map({"x": 0.5, "y": 0.5, "text": f"bench card {self.idx}", "type": card_type})
        self.card = cards[self.card_id]
        update = self._updates.pop()
        fut = self.echo[update_key(update)] = asyncio.get_running_loop().create_future()
        self.ws.send_binary(bytes([SYNC, UPDATE]) + var_bytes(update))
        await asyncio.wait_for(fut, 10)   # the server has it: our card is on everyone's board
        return self.card_id

    def move_payload(self, mode: str, n: int, ts: int) -> tuple[tuple, bytes]:
        x, y = pos_of(n)
        if mode == "eph":
            self.aw_clock += 1
            state = orjson.dumps({"drag": {"card_id": self.card_id, "x": x, "y": y}})
            body = bytearray()
            write_var_uint(body, 1)
            write_var_uint(body, self.client_id)
            write_var_uint(body, self.aw_clock)
            body += var_bytes(state)
            return ("a", self.client_id, self.aw_clock), bytes([AWARENESS]) + var_bytes(bytes(body))
        with self.doc.transaction():
            self.card["x"] = x
            self.card["y"] = y
        update = self._updates.pop()
        return update_key(update), bytes([SYNC, UPDATE]) + var_bytes(update)

    def send_move(self, payload: bytes) -> None:
        self.ws.send_binary(payload)

    def on_frames(self, t: int, frames: list[bytes]):
        rec = self.rec
        for raw in frames:
            try:
                kind = raw[0]
                length, i = read_var_uint(raw, 2 if kind == SYNC else 1)
                if kind == SYNC:
                    step = raw[1]
                    rec.frames[f"sync{step}"] += 1
                    if step == STEP1:   # the server's state vector: we have nothing it lacks
                        self.ws.send_binary(bytes([SYNC, STEP2]) + var_bytes(
                            self.doc.get_update(raw[i:i + length]) if self.doc is not None else EMPTY_UPDATE))
                        continue
                    if step == STEP2:
                        if self.welcome is not None and not self.welcome.done():
                            self.welcome.set_result(True)
                        continue
                    key = update_key(raw[i:i + length])
                    if key[1] == self.client_id:
                        fut = self.echo.pop(key, None)
                        if fut is not None and not fut.done():
                            fut.set_result(t)
                        else:
                            rec.self_ev.append((key, t))
                    else:
                        rec.receipts.append((key, t, self.idx))
                elif kind == AWARENESS:
                    rec.frames["awareness"] += 1
                    _count, i = read_var_uint(raw, i)
                    client, i = read_var_uint(raw, i)
                    clock, i = read_var_uint(raw, i)
                    if client == self.client_id:
                        rec.self_eph += 1
                    else:
                        rec.receipts.append((("a", client, clock), t, self.idx))
                else:
                    rec.bad_frames += 1
            except Exception:  # noqa: BLE001
                rec.bad_frames += 1


class Recorder:
    def __init__(self, ts_check: bool):
        self.sends: list[tuple] = []          # (key, t_send, measured)
        self.receipts: list[tuple] = []       # (key, t_recv, receiver)
        self.self_ev: list[tuple] = []
        self.ack_lat: list[int] = []
        self.ack_times: list[int] = []
        self.ts_check: list[int] | None = [] if ts_check else None
        self.frames: Counter = Counter()
        self.errors: Counter = Counter()
        self.error_samples: list = []
        self.self_eph = 0
        self.seq_gaps = 0
        self.bad_frames = 0
        self.late_sends = 0


async def _mover(c: Client, mode: str, hz: float, start: int, warm_end: int, meas_end: int,
                 rec: Recorder):
    period = int(1e9 / hz)
    phase = random.randrange(period)
    k = 0
    n = 0
    loop_sleep = asyncio.sleep
    while True:
        target = start + phase + k * period
        if target >= meas_end:
            break
        d = target - now_ns()
        if d > 0:
            await loop_sleep(d / 1e9)
        elif d < -period:
            # fell behind by more than a period: skip ahead rather than burst
            rec.late_sends += 1
            k += (-d) // period
            continue
        ts = now_ns()
        key, payload = c.move_payload(mode, n, ts)
        c.send_move(payload)
        rec.sends.append((key, ts, warm_end <= target < meas_end))
        n += 1
        k += 1


CLIENTS = {"coboard": Client, "base": Client, "relay": Client, "yws": YClient}


async def _storm(clients: list[Client], at: int, host: str, port: int) -> dict:
    """Every client here drops its connection at `at` and reconnects at once, resuming with `since`."""
    d = at - now_ns()
    if d > 0:
        await asyncio.sleep(d / 1e9)
    t0 = now_ns()
    for c in clients:
        c.ws.close()
        c.live_at = None
    failed = []

    async def back(c: Client):
        for attempt in range(5):
            try:
                await c.connect(host, port, 30.0, resume=True)
                return
            except Exception as e:  # noqa: BLE001
                if attempt == 4:
                    failed.append(f"client {c.idx}: {e!r}")
                await asyncio.sleep(0.2 * (attempt + 1))

    await asyncio.gather(*(back(c) for c in clients))
    return {"t0": t0, "live": [c.live_at for c in clients if c.live_at], "failed": failed}


async def _worker_async(conn, cfg: dict):
    import psutil
    loop = asyncio.get_running_loop()
    rec = Recorder(ts_check=cfg["mode"] == "eph")
    host, port = cfg["host"], cfg["port"]
    kind = CLIENTS[cfg.get("target", "coboard")]
    clients = [kind(i, tok, cfg["url"], cfg["offer_deflate"], rec) for i, tok, _ in cfg["clients"]]
    movers = {i for i, _, mv in cfg["clients"] if mv}
    sem = asyncio.Semaphore(cfg.get("connect_concurrency", 16))
    errors: list[str] = []

    async def _connect(c: Client):
        async with sem:
            for attempt in range(5):
                try:
                    await c.connect(host, port, 20.0)
                    return
                except Exception as e:  # noqa: BLE001
                    if attempt == 4:
                        errors.append(f"client {c.idx}: connect failed: {e!r}")
                    await asyncio.sleep(0.5 * (attempt + 1))

    await asyncio.gather(*(_connect(c) for c in clients))
    # each mover creates its own card (one op each, far under the rate limit)
    for c in clients:
        if c.idx not in movers or c.me is None:
            continue
        try:
            if await c.create_card(cfg["board_id"], cfg["card_type"]) is None:
                errors.append(f"client {c.idx}: {getattr(c, 'setup_error', 'no card')}")
        except asyncio.TimeoutError:
            errors.append(f"client {c.idx}: card.create timed out")
    exts = Counter(c.ws.extensions if c.ws else "<none>" for c in clients)
    rooms = Counter(str(c.room) for c in clients)
    conn.send(("ready", {"errors": errors, "extensions": dict(exts), "rooms": dict(rooms),
                         "connected": sum(1 for c in clients if c.me is not None),
                         "cards": sum(1 for c in clients if c.card_id)}))
    msg = await loop.run_in_executor(None, conn.recv)
    if msg[0] != "start":
        return
    start, warm_end, meas_end, drain_end, drain_max = msg[1][:5]
    storm_at = msg[1][5] if len(msg[1]) > 5 else None
    # forget setup traffic
    rec.receipts.clear(); rec.self_ev.clear(); rec.frames.clear(); rec.errors.clear()
    rec.error_samples.clear(); rec.seq_gaps = 0; rec.self_eph = 0
    if rec.ts_check is not None:
        rec.ts_check.clear()
    proc = psutil.Process()
    d = warm_end - now_ns()
    tasks = [asyncio.create_task(_mover(c, cfg["mode"], cfg["hz"], start, warm_end, meas_end, rec))
             for c in clients if c.idx in movers and c.card_id]
    storm = (asyncio.create_task(_storm([c for c in clients if c.idx not in movers and c.ws], storm_at, host, port))
             if storm_at else None)
    if d > 0:
        await asyncio.sleep(d / 1e9)
    cpu0 = sum(proc.cpu_times()[:2])
    d = meas_end - now_ns()
    if d > 0:
        await asyncio.sleep(d / 1e9)
    cpu1 = sum(proc.cpu_times()[:2])
    await asyncio.gather(*tasks)
    storm_result = await storm if storm else None
    # drain: at least until drain_end, then while frames keep coming, up to drain_max
    last = -1
    while True:
        total = sum(rec.frames.values())
        t = now_ns()
        if t >= drain_max or (t >= drain_end and total == last):
            break
        last = total
        await asyncio.sleep(0.5)
    alive = sum(1 for c in clients if c.ws and not c.ws.closed.done())
    conn.send(("done", {
        "sends": rec.sends, "receipts": rec.receipts, "self_ev": rec.self_ev,
        "ack_lat": rec.ack_lat, "ack_times": rec.ack_times, "ts_check": rec.ts_check, "frames": dict(rec.frames),
        "errors": dict(rec.errors), "error_samples": rec.error_samples,
        "self_eph": rec.self_eph, "seq_gaps": rec.seq_gaps, "bad_frames": rec.bad_frames,
        "late_sends": rec.late_sends, "cpu_s": cpu1 - cpu0, "alive": alive, "storm": storm_result,
    }))
    for c in clients:
        if c.ws:
            c.ws.close()
    await asyncio.sleep(0.2)


def raise_priority(nice: int, own_session: bool) -> None:
    """Nice this process; with autogroup scheduling, nice only counts inside a session's group,
    so also give the process its own session and set that group's nice (needs root for < 0)."""
    if own_session:
        try:
            os.setsid()
        except OSError:
            pass
    os.nice(nice)
    try:
        with open("/proc/self/autogroup", "w") as f:
            f.write(str(nice))
    except OSError:
        pass


def worker_main(conn, cfg: dict):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent cleans up
    if cfg.get("nice"):
        raise_priority(cfg["nice"], own_session=True)
    factory = None
    if cfg.get("uvloop", True):
        try:
            import uvloop
            factory = uvloop.new_event_loop
        except ImportError:
            pass
    try:
        with asyncio.Runner(loop_factory=factory) as r:
            r.run(_worker_async(conn, cfg))
    except Exception as e:  # noqa: BLE001
        try:
            conn.send(("error", repr(e)))
        except Exception:
            pass
        raise
