"""Fan-out benchmark: Coboard against a bare ``websockets.broadcast`` relay.

N clients on one board, M of them moving their own card at H Hz, either as stored ops
(``card.update`` with x/y) or as ephemeral drags (``{"op": "eph", "args": {"kind": "drag",
"card_id", "x", "y"}}``). For each scenario the script starts a fresh Coboard server
(``coboard serve``, temp SQLite DB, free port on 127.0.0.1) and then a fresh bare relay
(``bench/relay.py``), runs the same load against each, and prints latency from send to
receipt at every *other* client (p50/p99/max), deliveries per second, server CPU and memory
(psutil on the server process tree), and the ratio Coboard / relay.

Defaults (the aims on a 2-core machine):

- ``eph``:    50 clients, all 50 moving at 10 Hz, p99 <= 15 ms
- ``stored``: 200 clients, 20 moving at 5 Hz,    p99 <= 30 ms
- both within 2x the bare relay.

How latency is measured: every send gets a unique (x, y) position on the mover's own card
(x, y step by 0.001, so the value survives rounding to 3 decimals); the sender records the
send time (CLOCK_MONOTONIC, shared by all processes of the machine) under (card_id, counter),
each receiver records the receipt time of the ``eph`` / ``ev`` frame carrying that position,
and the parent process joins the two after the run. Eph frames also carry ``args.ts`` /
``args.n`` (send time and counter) as a cross-check; they are not needed for the join.

The load generator runs in ``--procs`` worker processes (uvloop, a light sans-I/O
``websockets`` client, orjson) on the same 2 cores as the server: the figures include that
contention, for Coboard and for the relay alike. The load generator's own CPU is printed.

Compression: clients always offer permessage-deflate (as browsers do); the server side
decides. ``--compression none`` starts Coboard with ``COBOARD_WS_DEFLATE=false`` (plus
``--ws-per-message-deflate false`` when ``coboard serve`` has that option) and the relay with
``compression=None``; ``deflate`` turns it on on both. The negotiated extension is printed.

Examples::

    .venv/bin/python bench/fanout.py                      # both scenarios, default sizes
    .venv/bin/python bench/fanout.py --scenario eph --seconds 5
    .venv/bin/python bench/fanout.py --scenario stored --clients 100 --movers 10 --hz 5
    .venv/bin/python bench/fanout.py --target relay       # only the relay (no server needed)
    .venv/bin/python bench/fanout.py --snapshot HEAD --nice -10 --repeat 3   # committed code, medians

See bench/README.md for the method and the caveats.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import orjson

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
VENV_BIN = Path(sys.executable).parent

SCENARIOS = {
    # name: (clients, movers, hz, p99 target ms)
    "eph": (50, 50, 10.0, 15.0),
    "stored": (200, 20, 5.0, 30.0),
}
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

    async def connect(self, host: str, port: int, timeout: float):
        loop = asyncio.get_running_loop()
        self.welcome = loop.create_future()
        _, self.ws = await asyncio.wait_for(loop.create_connection(
            lambda: WSClient(self.url, self.offer_deflate, self.on_frames), host, port),
            timeout)
        await asyncio.wait_for(self.ws.opened, timeout)
        self.ws.send(orjson.dumps({"op": "hello", "token": self.token}))
        w = await asyncio.wait_for(self.welcome, timeout)
        if w.get("t") != "welcome":
            raise RuntimeError(f"client {self.idx}: hello answered {w}")
        self.me = (w.get("me") or {}).get("id")
        self.room = (w.get("me") or {}).get("room_id")
        self.last_seq = w.get("seq")

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
        x, y = pos_of(n)
        ts = now_ns()
        if mode == "eph":
            payload = {"op": "eph", "args": {"kind": "drag", "card_id": c.card_id,
                                             "x": x, "y": y, "ts": ts, "n": n}}
        else:
            oid = f"u{c.idx}-{n}"
            payload = {"op": "card.update", "id": oid,
                       "args": {"card_id": c.card_id, "x": x, "y": y}}
            c.ack_sent[oid] = ts
        c.ws.send(orjson.dumps(payload))
        rec.sends.append(((c.card_id, n), ts, warm_end <= target < meas_end))
        n += 1
        k += 1


async def _worker_async(conn, cfg: dict):
    import psutil
    loop = asyncio.get_running_loop()
    rec = Recorder(ts_check=cfg["mode"] == "eph")
    host, port = cfg["host"], cfg["port"]
    clients = [Client(i, tok, cfg["url"], cfg["offer_deflate"], rec)
               for i, tok, _ in cfg["clients"]]
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
        args = {"board_id": cfg["board_id"], "type": cfg["card_type"],
                "text": f"bench card {c.idx}", "x": 0.5, "y": 0.5}
        for attempt in range(20):
            try:
                m = await c.op("card.create", args)
            except asyncio.TimeoutError:
                errors.append(f"client {c.idx}: card.create timed out")
                break
            if m.get("t") == "ack":
                c.card_id = (m.get("result") or {}).get("card_id")
                break
            if m.get("code") == "rate_limited":
                await asyncio.sleep(0.5)
                continue
            errors.append(f"client {c.idx}: card.create answered {m}")
            break
    exts = Counter(c.ws.extensions if c.ws else "<none>" for c in clients)
    rooms = Counter(str(c.room) for c in clients)
    conn.send(("ready", {"errors": errors, "extensions": dict(exts), "rooms": dict(rooms),
                         "connected": sum(1 for c in clients if c.me is not None),
                         "cards": sum(1 for c in clients if c.card_id)}))
    msg = await loop.run_in_executor(None, conn.recv)
    if msg[0] != "start":
        return
    start, warm_end, meas_end, drain_end, drain_max = msg[1]
    # forget setup traffic
    rec.receipts.clear(); rec.self_ev.clear(); rec.frames.clear(); rec.errors.clear()
    rec.error_samples.clear(); rec.seq_gaps = 0; rec.self_eph = 0
    if rec.ts_check is not None:
        rec.ts_check.clear()
    proc = psutil.Process()
    d = warm_end - now_ns()
    tasks = [asyncio.create_task(_mover(c, cfg["mode"], cfg["hz"], start, warm_end, meas_end, rec))
             for c in clients if c.idx in movers and c.card_id]
    if d > 0:
        await asyncio.sleep(d / 1e9)
    cpu0 = sum(proc.cpu_times()[:2])
    d = meas_end - now_ns()
    if d > 0:
        await asyncio.sleep(d / 1e9)
    cpu1 = sum(proc.cpu_times()[:2])
    await asyncio.gather(*tasks)
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
        "late_sends": rec.late_sends, "cpu_s": cpu1 - cpu0, "alive": alive,
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


# --------------------------------------------------------------------------------------
# Servers under test
# --------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProc:
    """A server subprocess in its own session; stopped (TERM, then KILL) on exit."""

    def __init__(self, name: str, argv: list[str], env: dict, port: int, logdir: Path,
                 cwd: Path = ROOT):
        self.name, self.argv, self.env, self.port, self.cwd = name, argv, env, port, cwd
        self.log_path = logdir / f"{name}-{port}.log"
        self.p: subprocess.Popen | None = None

    def start(self, timeout: float = 60.0):
        import httpx
        self.log = open(self.log_path, "wb")
        nice = _NICE[0]
        self.p = subprocess.Popen(self.argv, env=self.env, stdout=self.log,
                                  stderr=subprocess.STDOUT, cwd=str(self.cwd),
                                  start_new_session=True,
                                  preexec_fn=(lambda: raise_priority(nice, False))
                                  if nice else None)
        _LIVE.append(self)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.p.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.p.returncode}; "
                                   f"log: {self.log_path}\n{self.tail()}")
            try:
                r = httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1.0)
                if r.status_code == 200:
                    return
            except Exception:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not healthy after {timeout}s; log: {self.log_path}\n"
                           f"{self.tail()}")

    def tail(self, n: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except Exception:
            return ""

    def procs(self):
        import psutil
        try:
            p = psutil.Process(self.p.pid)
            return [p] + p.children(recursive=True)
        except psutil.NoSuchProcess:
            return []

    def stop(self):
        if self.p is None:
            return
        if self.p.poll() is None:
            try:
                os.killpg(self.p.pid, signal.SIGTERM)   # our own session: the server's pid
            except ProcessLookupError:
                pass
            try:
                self.p.wait(8)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.p.wait(5)
        try:
            self.log.close()
        except Exception:
            pass
        if self in _LIVE:
            _LIVE.remove(self)


_LIVE: list[ServerProc] = []
_NICE = [0]
_WORKERS: list[mp.Process] = []


def _cleanup():
    for w in list(_WORKERS):
        if w.is_alive():
            w.terminate()
            w.join(3)
            if w.is_alive():
                w.kill()
        _WORKERS.remove(w)
    for s in list(_LIVE):
        try:
            s.stop()
        except Exception:
            pass


_COBOARD_SRC: list[Path | None] = [None]


def coboard_argv() -> list[str]:
    """The live work tree's `coboard` entry point, or `python -m server.cli` in a snapshot."""
    if _COBOARD_SRC[0] is None:
        return [str(VENV_BIN / "coboard")]
    return [sys.executable, "-m", "server.cli"]


def export_snapshot(rev: str, dest: Path) -> Path:
    """`git archive REV` into dest (reads the repository, changes nothing in it)."""
    dest.mkdir(parents=True, exist_ok=True)
    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    arch = subprocess.Popen(["git", "archive", "--format=tar", rev], cwd=ROOT,
                            stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(dest)], stdin=arch.stdout, check=True)
    arch.stdout.close()
    if arch.wait() != 0:
        raise RuntimeError(f"git archive {rev} failed")
    print(f"Coboard from a snapshot of {rev} ({sha}) in {dest}", flush=True)
    return dest


def coboard_help() -> str:
    try:
        return subprocess.run(coboard_argv() + ["serve", "--help"], capture_output=True,
                              text=True, timeout=30, cwd=str(_COBOARD_SRC[0] or ROOT)).stdout
    except Exception:
        return ""


def start_coboard(port: int, compression: str, tmp: Path, logdir: Path) -> ServerProc:
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite:///{tmp / f'bench-{port}.db'}"
    env["COBOARD_WS_DEFLATE"] = "true" if compression == "deflate" else "false"
    env.pop("REDIS_URL", None)
    for kv in _SERVER_ENV:
        k, _, v = kv.partition("=")
        env[k] = v
    argv = coboard_argv() + ["serve", "--host", "127.0.0.1", "--port", str(port)]
    if "--ws-per-message-deflate" in _COBOARD_HELP[0]:
        argv += ["--ws-per-message-deflate", "true" if compression == "deflate" else "false"]
    s = ServerProc("coboard", argv, env, port, logdir, cwd=_COBOARD_SRC[0] or ROOT)
    s.start()
    return s


_COBOARD_HELP = [""]
_SERVER_ENV: list[str] = []


def start_relay(port: int, compression: str, logdir: Path) -> ServerProc:
    argv = [sys.executable, str(BENCH_DIR / "relay.py"), "--host", "127.0.0.1",
            "--port", str(port), "--compression", compression]
    s = ServerProc("relay", argv, dict(os.environ), port, logdir)
    s.start()
    return s


def setup_coboard(port: int, n: int) -> tuple[str, list[str], str, str, dict]:
    """Create a workshop, join n-1 participants; returns wid, tokens, board_id, card_type, info."""
    import httpx
    base = f"http://127.0.0.1:{port}"
    hdr = {}
    if os.environ.get("COBOARD_ADMIN_KEY"):
        hdr["X-Admin-Key"] = os.environ["COBOARD_ADMIN_KEY"]
    info: dict = {"join_retries": 0}
    with httpx.Client(base_url=base, timeout=30.0) as h:
        r = h.post("/api/workshops", json={"title": "Fan-out bench",
                                           "facilitator_name": "Bench facilitator"},
                   headers=hdr)
        if r.status_code != 201:
            raise RuntimeError(f"POST /api/workshops -> {r.status_code} {r.text[:300]}")
        w = r.json()
        wid, code = w["workshop_id"], w["join_code"]
        tokens = [w["token"]]
        for i in range(1, n):
            for attempt in range(30):
                r = h.post(f"/api/workshops/{wid}/join",
                           json={"join_code": code, "name": f"Bench {i}"})
                if r.status_code == 201:
                    tokens.append(r.json()["token"])
                    break
                if r.status_code == 429:
                    info["join_retries"] += 1
                    time.sleep(float(r.headers.get("Retry-After", "0.5") or 0.5))
                    continue
                raise RuntimeError(f"join {i} -> {r.status_code} {r.text[:300]}")
            else:
                raise RuntimeError(f"join {i}: still rate limited after 30 tries")
        r = h.get(f"/api/workshops/{wid}/state", headers={"Authorization": f"Bearer {tokens[0]}"})
        r.raise_for_status()
        recs = r.json().get("records", [])
        boards = [x for x in recs if x.get("kind") == "board"]
        info["boards"] = sorted({b.get("type") for b in boards})
        nww = [b for b in boards if b.get("type") == "nww"]
        if nww:
            return wid, tokens, nww[0]["id"], "theme", info
        if boards:
            return wid, tokens, boards[0]["id"], "note", info
        raise RuntimeError("the workshop has no board to put cards on")


# --------------------------------------------------------------------------------------
# One run: one target, one scenario
# --------------------------------------------------------------------------------------

def pct(sorted_vals: list[float], q: float) -> float:
    if not sorted_vals:
        return float("nan")
    i = min(len(sorted_vals) - 1, max(0, int(round(q * (len(sorted_vals) - 1)))))
    return sorted_vals[i]


def run_one(target: str, scenario: str, n: int, m: int, hz: float, a, tmp: Path,
            logdir: Path) -> dict:
    import psutil
    port = free_port()
    print(f"\n== {target} / {scenario}: {n} clients, {m} moving at {hz:g} Hz "
          f"({a.seconds:g}s measured after {a.warmup:g}s warm-up), compression {a.compression}",
          flush=True)
    t_setup = time.monotonic()
    if target == "coboard":
        srv = start_coboard(port, a.compression, tmp, logdir)
        wid, tokens, board_id, card_type, info = setup_coboard(port, n)
        url = f"ws://127.0.0.1:{port}/ws/workshops/{wid}"
    else:
        srv = start_relay(port, a.compression, logdir)
        tokens = [f"p{i}" for i in range(n)]
        board_id, card_type, info = "board-nww", "theme", {}
        url = f"ws://127.0.0.1:{port}/ws/workshops/bench"
    try:
        # the facilitator (client 0) only watches; movers are clients 1..m (or 0.. if m == n)
        mover_ids = set(range(n - m, n)) if m < n else set(range(n))
        specs = [(i, tokens[i], i in mover_ids) for i in range(n)]
        procs = max(1, min(a.procs, n))
        slices = [specs[k::procs] for k in range(procs)]
        pipes = []
        for k, sl in enumerate(slices):
            parent_end, child_end = mp.Pipe()
            cfg = {"host": "127.0.0.1", "port": port, "url": url, "clients": sl,
                   "mode": scenario, "hz": hz, "board_id": board_id, "card_type": card_type,
                   "offer_deflate": not a.no_offer_deflate, "uvloop": not a.no_uvloop,
                   "nice": a.nice}
            w = mp.Process(target=worker_main, args=(child_end, cfg), daemon=True)
            w.start()
            _WORKERS.append(w)
            pipes.append((w, parent_end))
        ready = []
        for w, pe in pipes:
            if not pe.poll(180):
                raise RuntimeError("a load worker did not get ready in 180 s")
            msg = pe.recv()
            if msg[0] != "ready":
                raise RuntimeError(f"load worker failed: {msg}")
            ready.append(msg[1])
        connected = sum(r["connected"] for r in ready)
        cards = sum(r["cards"] for r in ready)
        setup_errors = [e for r in ready for e in r["errors"]]
        exts = Counter()
        rooms = Counter()
        for r in ready:
            exts.update(r["extensions"])
            rooms.update(r["rooms"])
        print(f"   setup {time.monotonic() - t_setup:.1f}s: {connected}/{n} connected, "
              f"{cards}/{m} cards; negotiated extensions {dict(exts)}; rooms {dict(rooms)}",
              flush=True)
        for e in setup_errors[:5]:
            print(f"   setup error: {e}", flush=True)
        time.sleep(1.0)   # let presence traffic settle
        start = now_ns() + int(0.5e9)
        warm_end = start + int(a.warmup * 1e9)
        meas_end = warm_end + int(a.seconds * 1e9)
        drain_end = meas_end + int(a.drain * 1e9)
        drain_max = meas_end + int(max(a.drain, a.drain_max) * 1e9)
        for _, pe in pipes:
            pe.send(("start", (start, warm_end, meas_end, drain_end, drain_max)))
        sp = srv.procs()
        for p in sp:
            p.cpu_percent(None)
        rss_peak = 0
        cpu0 = cpu1 = None
        while now_ns() < meas_end:
            t = now_ns()
            if cpu0 is None and t >= warm_end:
                cpu0 = (sum(sum(p.cpu_times()[:2]) for p in sp if p.is_running()), t)
                sys0 = psutil.cpu_times()
            try:
                rss_peak = max(rss_peak, sum(p.memory_info().rss for p in sp))
            except psutil.NoSuchProcess:
                pass
            time.sleep(min(0.05 if cpu0 is None else 0.25, max(0.0, (meas_end - t) / 1e9)))
        cpu1 = (sum(sum(p.cpu_times()[:2]) for p in sp if p.is_running()), now_ns())
        sys1 = psutil.cpu_times()
        if cpu0 is None:
            cpu0, sys0 = cpu1, sys1
        dsys = {f: getattr(sys1, f) - getattr(sys0, f) for f in sys1._fields}
        sys_total = sum(dsys.values()) or float("nan")
        machine_busy = (1 - (dsys.get("idle", 0) + dsys.get("iowait", 0)) / sys_total) * 100
        machine_steal = dsys.get("steal", 0) / sys_total * 100
        rss_end = sum(p.memory_info().rss for p in sp if p.is_running())
        rss_peak = max(rss_peak, rss_end)
        results = []
        for w, pe in pipes:
            if not pe.poll(max(a.drain, a.drain_max) + 60):
                raise RuntimeError("a load worker did not report")
            msg = pe.recv()
            if msg[0] != "done":
                raise RuntimeError(f"load worker failed: {msg}")
            results.append(msg[1])
        for w, _ in pipes:
            w.join(5)
            if w.is_alive():
                w.terminate()
            if w in _WORKERS:
                _WORKERS.remove(w)
        server_alive = srv.p.poll() is None
        log_tail = srv.tail(400)
    finally:
        srv.stop()

    # join sends and receipts
    sends: dict = {}
    measured = 0
    for r in results:
        for key, ts, meas in r["sends"]:
            sends[key] = (ts, meas)
            measured += meas
    lat = []
    seen = Counter()
    unmatched = 0
    for r in results:
        for key, t, who in r["receipts"]:
            s = sends.get(key)
            if s is None:
                unmatched += 1
                continue
            if s[1]:
                lat.append((t - s[0]) / 1e6)
                seen[(key, who)] += 1
    self_lat = []
    for r in results:
        for key, t in r["self_ev"]:
            s = sends.get(key)
            if s and s[1]:
                self_lat.append((t - s[0]) / 1e6)
    ack = sorted(x / 1e6 for r in results for x in r["ack_lat"])
    # p50 / p99 by second of send time (shows a queue building up vs. jitter)
    buckets: dict[int, list] = defaultdict(list)
    t_meas0 = None
    for r in results:
        for key, ts, meas in r["sends"]:
            if meas and (t_meas0 is None or ts < t_meas0):
                t_meas0 = ts
    if t_meas0 is not None:
        for r in results:
            for key, t, who in r["receipts"]:
                s = sends.get(key)
                if s and s[1]:
                    buckets[int((s[0] - t_meas0) // 1e9)].append((t - s[0]) / 1e6)
    timeline = []
    for sec in sorted(buckets):
        b = sorted(buckets[sec])
        timeline.append((sec, round(pct(b, 0.5), 2), round(pct(b, 0.99), 2)))
    lat.sort()
    self_lat.sort()
    expected = measured * (n - 1)
    dup = sum(c - 1 for c in seen.values() if c > 1)
    errors = Counter()
    frames = Counter()
    for r in results:
        errors.update(r["errors"])
        frames.update(r["frames"])
    cpu_s = cpu1[0] - cpu0[0]
    wall = (cpu1[1] - cpu0[1]) / 1e9 or float("nan")
    loadgen_cpu = sum(r["cpu_s"] for r in results) / a.seconds * 100
    err_lines = [ln for ln in log_tail.splitlines()
                 if "Traceback" in ln or " ERROR" in ln or "Exception" in ln]
    res = {
        "target": target, "scenario": scenario, "clients": n, "movers": m, "hz": hz,
        "seconds": a.seconds, "compression": a.compression, "extensions": dict(exts),
        "connected": connected, "cards": cards, "setup_errors": setup_errors[:20],
        "sends_measured": measured, "expected_deliveries": expected,
        "deliveries": len(lat), "missing": expected - len(lat) + dup, "duplicates": dup,
        "unmatched_receipts": unmatched,
        "deliveries_per_s": len(lat) / a.seconds,
        "frames_per_s": sum(frames.values()) / (a.seconds + a.warmup + a.drain),
        "frames": dict(frames),
        "p50_ms": pct(lat, 0.50), "p90_ms": pct(lat, 0.90), "p99_ms": pct(lat, 0.99),
        "max_ms": lat[-1] if lat else float("nan"),
        "mean_ms": statistics.fmean(lat) if lat else float("nan"),
        "sender_echo_p50_ms": pct(self_lat, 0.5), "sender_echo_p99_ms": pct(self_lat, 0.99),
        "ack_p50_ms": pct(ack, 0.5), "ack_p99_ms": pct(ack, 0.99), "acks": len(ack),
        "offered_ops_per_s": m * hz if scenario == "stored" else None,
        "acked_ops_per_s_in_window": sum(1 for r in results for t in r["ack_times"]
                                         if warm_end <= t < meas_end) / a.seconds,
        "timeline_s_p50_p99": timeline,
        "server_cpu_pct": cpu_s / wall * 100, "server_rss_mib": rss_end / 2**20,
        "server_rss_peak_mib": rss_peak / 2**20, "server_procs": len(sp),
        "loadgen_cpu_pct": loadgen_cpu, "loadgen_procs": procs,
        "machine_busy_pct": machine_busy, "machine_steal_pct": machine_steal,
        "other_cpu_pct": machine_busy * (os.cpu_count() or 1) - cpu_s / wall * 100 - loadgen_cpu,
        "late_sends": sum(r["late_sends"] for r in results),
        "self_eph_echoes": sum(r["self_eph"] for r in results),
        "seq_gaps": sum(r["seq_gaps"] for r in results),
        "errors": dict(errors),
        "error_samples": [s for r in results for s in r["error_samples"]][:5],
        "connections_alive_at_end": sum(r["alive"] for r in results),
        "server_alive_at_end": server_alive, "server_log_errors": err_lines[-10:],
        "server_log": str(srv.log_path), **{f"setup_{k}": v for k, v in info.items()},
    }
    ts_check = sorted(x / 1e6 for r in results for x in (r["ts_check"] or []))
    if ts_check:
        res["eph_ts_p50_ms"] = pct(ts_check, 0.5)
        res["eph_ts_p99_ms"] = pct(ts_check, 0.99)
    print(f"   {len(lat)} deliveries of {expected} expected ({res['missing']} missing, "
          f"{dup} duplicate), p50 {res['p50_ms']:.2f} ms, p99 {res['p99_ms']:.2f} ms, "
          f"max {res['max_ms']:.2f} ms; server CPU {res['server_cpu_pct']:.0f}%, "
          f"RSS {res['server_rss_mib']:.0f} MiB; load generator CPU {loadgen_cpu:.0f}%",
          flush=True)
    print(f"   machine: {machine_busy:.0f}% of {os.cpu_count()} cores busy, steal "
          f"{machine_steal:.1f}%, everything else {res['other_cpu_pct']:.0f}% of a core",
          flush=True)
    if timeline:
        print("   by second of the run, p50/p99 ms: "
              + "  ".join(f"{p50:g}/{p99:g}" for _, p50, p99 in timeline), flush=True)
    if scenario == "stored":
        print(f"   acks to movers (whole run): {len(ack)}, p50 {res['ack_p50_ms']:.2f} ms, p99 "
              f"{res['ack_p99_ms']:.2f} ms; sender's own ev p50 {res['sender_echo_p50_ms']:.2f} ms; "
              f"ops acked per second in the window {res['acked_ops_per_s_in_window']:.0f} "
              f"(offered {m * hz:g})", flush=True)
    if errors:
        print(f"   error frames: {dict(errors)}; e.g. {res['error_samples'][:2]}", flush=True)
    if res["seq_gaps"]:
        print(f"   seq gaps seen by clients: {res['seq_gaps']}", flush=True)
    if res["late_sends"]:
        print(f"   load generator fell behind schedule {res['late_sends']} times", flush=True)
    if err_lines:
        print(f"   server log has errors ({srv.log_path}):", flush=True)
        for ln in err_lines[-5:]:
            print(f"     {ln[:200]}", flush=True)
    if not server_alive:
        print("   SERVER DIED during the run", flush=True)
    return res


def wait_quiet(max_wait: float, threshold: float = 25.0) -> None:
    """Other work on the machine skews the figures: report it, wait up to max_wait for it to stop."""
    import psutil
    deadline = time.monotonic() + max_wait
    while True:
        busy = psutil.cpu_percent(interval=1.0) * (os.cpu_count() or 1)   # % of one core
        if busy <= threshold:
            return
        if time.monotonic() >= deadline:
            print(f"   (machine not quiet before the run: other processes use {busy:.0f}% of a core)",
                  flush=True)
            return
        time.sleep(2.0)


def fmt(v, spec=".1f"):
    if v is None or (isinstance(v, float) and v != v):
        return "-"
    return format(v, spec)


def print_table(rows: list[dict], targets: dict[str, float]):
    hdr = ("scenario", "target", "server", "clients", "movers", "Hz", "deliv/s", "p50",
           "p99", "max ms", "CPU%", "RSS MiB", "loadgen CPU%", "missing", "p99 x relay",
           "CPU x relay")
    out = [hdr]
    for r in rows:
        out.append((r["scenario"], f"p99<={targets[r['scenario']]:g}ms", r["target"],
                    str(r["clients"]), str(r["movers"]), f"{r['hz']:g}",
                    fmt(r["deliveries_per_s"], ".0f"), fmt(r["p50_ms"], ".2f"),
                    fmt(r["p99_ms"], ".2f"), fmt(r["max_ms"], ".1f"),
                    fmt(r["server_cpu_pct"], ".0f"), fmt(r["server_rss_mib"], ".0f"),
                    fmt(r["loadgen_cpu_pct"], ".0f"), str(r["missing"]),
                    fmt(r.get("ratio_p99"), ".2f"), fmt(r.get("ratio_cpu"), ".2f")))
    w = [max(len(row[i]) for row in out) for i in range(len(hdr))]
    print()
    for row in out:
        print("  ".join(c.rjust(w[i]) if i >= 3 else c.ljust(w[i]) for i, c in enumerate(row)))


def main():
    p = argparse.ArgumentParser(description="Coboard fan-out benchmark against a bare relay",
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__)
    p.add_argument("--scenario", choices=["eph", "stored", "both"], default="both")
    p.add_argument("--target", choices=["coboard", "relay", "both"], default="both")
    p.add_argument("--clients", type=int, help="override N (clients on the board)")
    p.add_argument("--movers", type=int, help="override M (clients moving their card)")
    p.add_argument("--hz", type=float, help="override H (moves per second per mover)")
    p.add_argument("--seconds", type=float, default=10.0, help="measured duration")
    p.add_argument("--warmup", type=float, default=2.0, help="load before measuring")
    p.add_argument("--drain", type=float, default=2.0,
                   help="wait at least this long for late deliveries after the last send")
    p.add_argument("--drain-max", type=float, default=20.0,
                   help="...and keep waiting while frames still arrive, up to this long")
    p.add_argument("--server-env", action="append", default=[], metavar="KEY=VALUE",
                   help="extra environment for the Coboard server (experiments), repeatable")
    p.add_argument("--compression", choices=["none", "deflate"], default="none",
                   help="server-side permessage-deflate, same on both servers")
    p.add_argument("--no-offer-deflate", action="store_true",
                   help="clients do not offer permessage-deflate (browsers do)")
    p.add_argument("--procs", type=int, default=2, help="load generator processes")
    p.add_argument("--repeat", type=int, default=1,
                   help="run each scenario this many times per target (alternating); "
                        "verdicts use the medians")
    p.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS",
                   help="before each run, wait up to this long for other processes to stop "
                        "using the CPU (a warning is printed either way)")
    p.add_argument("--snapshot", metavar="REV",
                   help="run Coboard from `git archive REV` (e.g. HEAD) in a temp folder instead "
                        "of the live work tree, which may be mid-edit")
    p.add_argument("--nice", type=int, default=0,
                   help="niceness for both servers and the load generator alike, e.g. -10 (root), "
                        "to be less disturbed by other work on the machine; also sets the nice of "
                        "their autogroups, as with autogroup scheduling plain nice is ignored "
                        "between sessions")
    p.add_argument("--no-uvloop", action="store_true")
    p.add_argument("--out", default=None, help="JSON results file (default bench/results/…)")
    a = p.parse_args()
    if a.hz is not None and a.hz > 20:
        print("note: more than 20 ops/s per connection is over the contract's rate limit")

    scenarios = ["eph", "stored"] if a.scenario == "both" else [a.scenario]
    tgts = ["coboard", "relay"] if a.target == "both" else [a.target]
    tmp = Path(tempfile.mkdtemp(prefix="coboard-bench-"))
    if "coboard" in tgts:
        if a.snapshot:
            _COBOARD_SRC[0] = export_snapshot(a.snapshot, tmp / "src")
        elif not (VENV_BIN / "coboard").exists():
            sys.exit(f"no {VENV_BIN / 'coboard'}: install the project into the venv")
        _COBOARD_HELP[0] = coboard_help()
    _SERVER_ENV.extend(a.server_env)
    _NICE[0] = a.nice

    def _term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, _term)

    logdir = tmp
    rows = []
    failures: list[str] = []
    targets_p99 = {}
    try:
        for sc in scenarios:
            n, m, hz, p99_aim = SCENARIOS[sc]
            n = a.clients or n
            m = min(n, a.movers if a.movers is not None else m)
            hz = a.hz or hz
            targets_p99[sc] = p99_aim
            for rep, tg in [(r_, t_) for r_ in range(a.repeat) for t_ in tgts]:
                wait_quiet(a.wait_quiet)
                try:
                    row = run_one(tg, sc, n, m, hz, a, tmp, logdir)
                    row["rep"] = rep
                    rows.append(row)
                except KeyboardInterrupt:
                    raise
                except Exception as e:  # noqa: BLE001
                    print(f"   {tg}/{sc} FAILED: {e}", flush=True)
                    failures.append(f"{tg}/{sc} rep {rep}: {str(e)[:2000]}")
                    _cleanup()
    except KeyboardInterrupt:
        print("\ninterrupted; stopping servers and workers", flush=True)
    finally:
        _cleanup()

    if not rows:
        for f in failures:
            print(f"FAILED run: {f}")
        sys.exit(1)
    by = {}
    for key in {(r["scenario"], r["target"]) for r in rows}:
        rs = [r for r in rows if (r["scenario"], r["target"]) == key]
        if len(rs) == 1:
            by[key] = rs[0]
            continue
        med = {k: statistics.median(r[k] for r in rs)
               for k in ("p50_ms", "p99_ms", "max_ms", "server_cpu_pct", "deliveries_per_s",
                         "server_rss_mib", "loadgen_cpu_pct", "missing")}
        med["missing"] = int(med["missing"])
        by[key] = {**rs[0], **med, "target": key[1] + f" (median of {len(rs)})"}
    # ratios coboard / relay (medians when repeated), shown on the coboard rows
    for sc in scenarios:
        c, r = by.get((sc, "coboard")), by.get((sc, "relay"))
        if c and r:
            rp = c["p99_ms"] / r["p99_ms"] if r["p99_ms"] else float("nan")
            rc = c["server_cpu_pct"] / r["server_cpu_pct"] if r["server_cpu_pct"] else float("nan")
            c["ratio_p99"], c["ratio_cpu"] = rp, rc
            if a.repeat == 1:
                continue
            for row in rows:   # each repetition against the median relay
                if row["scenario"] == sc and row["target"] == "coboard":
                    row["ratio_p99"] = row["p99_ms"] / r["p99_ms"] if r["p99_ms"] else float("nan")
                    row["ratio_cpu"] = (row["server_cpu_pct"] / r["server_cpu_pct"]
                                        if r["server_cpu_pct"] else float("nan"))
    print_table(rows, targets_p99)
    if a.repeat > 1:
        summary = [by[(sc, tg)] for sc in scenarios for tg in tgts if (sc, tg) in by]
        print("\nmedians over repetitions:")
        print_table(summary, targets_p99)
    print()
    verdicts = []
    for sc in scenarios:
        c, r = by.get((sc, "coboard")), by.get((sc, "relay"))
        if c:
            ok = c["p99_ms"] <= targets_p99[sc] and c["missing"] == 0
            verdicts.append(f"{sc}: coboard p99 {fmt(c['p99_ms'], '.2f')} ms vs aim "
                            f"{targets_p99[sc]:g} ms -> {'MET' if ok else 'NOT MET'}"
                            + ("" if c["missing"] == 0 else f" ({c['missing']} deliveries missing)"))
        if c and r:
            rp, rc = c["ratio_p99"], c["ratio_cpu"]
            verdicts.append(f"{sc}: ratio coboard/relay p99 {fmt(rp, '.2f')}x, CPU "
                            f"{fmt(rc, '.2f')}x -> {'within' if rp <= 2 and rc <= 2 else 'NOT within'} 2x")
    for v in verdicts:
        print(v)
    for f in failures:
        print(f"FAILED run: {f}")
    print(f"\nload generator ({a.procs} process(es), uvloop {'off' if a.no_uvloop else 'on'}"
          f"{f', nice {a.nice:+d} for servers and load generator' if a.nice else ''}) "
          f"and server share this machine's {os.cpu_count()} cores; figures include that "
          f"contention for both targets alike. Server logs: {logdir}")

    out = Path(a.out) if a.out else BENCH_DIR / "results" / (
        time.strftime("fanout-%Y%m%dT%H%M%SZ", time.gmtime()) + ".json")
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = {"argv": sys.argv, "cpu_count": os.cpu_count(), "python": sys.version.split()[0],
            "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "verdicts": verdicts,
            "failures": failures, "snapshot": a.snapshot, "nice": a.nice,
            "coboard_src": str(_COBOARD_SRC[0] or ROOT)}
    out.write_text(json.dumps({"meta": meta, "runs": rows}, indent=2, default=str))
    print(f"results: {out}")


if __name__ == "__main__":
    mp.set_start_method("spawn")
    main()
