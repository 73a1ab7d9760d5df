"""Durable throughput: stored ops per second that one `coboard serve` process commits and acks.

W workshops, C clients in each, every client moving its own card (`card.update` with x/y), on
SQLite (`synchronous=FULL`, the default) or PostgreSQL (fsync on, started here in a temp folder).
Two ways to load it:

- closed loop (`--window K`, the default): each client keeps K ops unanswered; the figure is
  the most the server acks per second;
- open loop (`--rate R`): R ops per second in all, spread over the clients on a fixed schedule;
  the figure is ack latency (p50/p99/max) at that rate, and whether the acks kept up.

The per-person op limit is raised for the bench only (COBOARD_OPS_PER_SECOND / _BURST in the
server's environment). Ack latency = ack receipt − send, CLOCK_MONOTONIC in one process per
worker. Every client also receives every event of its workshop (they are counted, not parsed).

    .venv/bin/python bench/durable.py                       # the default table, both databases
    .venv/bin/python bench/durable.py --only sqlite-10-max --seconds 5
    .venv/bin/python bench/durable.py --db postgres --workshops 1 --window 4
    .venv/bin/python bench/durable.py --snapshot d6bdc2b --repeat 3 --wait-quiet 120
    .venv/bin/python bench/durable.py --base main --only postgres-1-max   # also Coboard at main, alternating

Prints a table and writes bench/results/durable-*.json.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import random
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fanout  # noqa: E402  (wait_quiet, pct)
import targets  # noqa: E402  (the server processes, snapshots)
from loadgen import WSClient, now_ns, pos_of, raise_priority  # noqa: E402
from services import Postgres  # noqa: E402
from targets import ServerProc, free_port  # noqa: E402

pct = fanout.pct

BENCH_DIR = Path(__file__).resolve().parent
ACK = b'{"t":"ack"'
ERR = b'{"t":"err"'

# name: (database, workshops, rate or None for closed loop)
PLAN = {
    "sqlite-10-max": ("sqlite", 10, None),
    "sqlite-10-at-2000": ("sqlite", 10, 2000.0),
    "sqlite-1-max": ("sqlite", 1, None),
    "postgres-1-max": ("postgres", 1, None),
    "postgres-10-max": ("postgres", 10, None),
}


class Mover:
    """One client: its connection, its card, and the sends still waiting for their ack."""

    def __init__(self, idx: int, token: str, url: str, board_id: str, port: int):
        self.idx, self.token, self.url, self.board_id, self.port = idx, token, url, board_id, port
        self.ws: WSClient | None = None
        self.card_id: str | None = None
        self.sent: dict[str, int] = {}
        self.n = 0
        self.waiter: asyncio.Future | None = None
        self.welcome: asyncio.Future | None = None
        self.on_ack = None

    def on_frames(self, t: int, frames: list[bytes]) -> None:
        for raw in frames:
            if raw.startswith(ACK) or raw.startswith(ERR):
                m = orjson.loads(raw)
                if self.waiter is not None and not self.waiter.done() and m.get("id") == "setup":
                    self.waiter.set_result(m)
                elif self.on_ack is not None:
                    self.on_ack(self, t, m)
            elif raw.startswith(b'{"t":"welcome"') and self.welcome and not self.welcome.done():
                self.welcome.set_result(orjson.loads(raw))
            else:
                STATS["other_frames"] += 1

    async def connect(self, host: str, port: int) -> None:
        loop = asyncio.get_running_loop()
        self.welcome = loop.create_future()
        _, self.ws = await loop.create_connection(lambda: WSClient(self.url, False, self.on_frames), host, port)
        await asyncio.wait_for(self.ws.opened, 20)
        self.ws.send(orjson.dumps({"op": "hello", "token": self.token}))
        w = await asyncio.wait_for(self.welcome, 20)
        if w.get("t") != "welcome":
            raise RuntimeError(f"hello answered {w}")
        self.waiter = loop.create_future()
        self.ws.send(orjson.dumps({"op": "card.create", "id": "setup", "args": {
            "board_id": self.board_id, "type": "theme", "text": f"durable {self.idx}", "x": 0.5, "y": 0.5}}))
        m = await asyncio.wait_for(self.waiter, 30)
        if m.get("t") != "ack":
            raise RuntimeError(f"card.create answered {m}")
        self.card_id = m["result"]["card_id"]

    def send_move(self) -> None:
        x, y = pos_of(self.n % 810000)
        oid = f"m{self.idx}-{self.n}"
        self.n += 1
        self.sent[oid] = now_ns()
        self.ws.send(orjson.dumps({"op": "card.update", "id": oid, "args": {"card_id": self.card_id, "x": x, "y": y}}))


STATS = {"other_frames": 0}


async def _worker(conn, cfg: dict) -> None:
    movers = [Mover(*spec) for spec in cfg["clients"]]
    sem = asyncio.Semaphore(16)

    async def connect(m):
        async with sem:
            await m.connect("127.0.0.1", m.port)

    await asyncio.gather(*(connect(m) for m in movers))
    conn.send(("ready", len(movers)))
    start, warm_end, meas_end = (await asyncio.get_running_loop().run_in_executor(None, conn.recv))[1]
    acks, errors, late = [], {}, 0
    window, rate = cfg["window"], cfg["rate_each"]

    def on_ack(m: Mover, t: int, frame: dict) -> None:
        sent = m.sent.pop(frame.get("id"), None)
        if sent is None:
            return
        if frame["t"] == "err":
            errors[frame.get("code")] = errors.get(frame.get("code"), 0) + 1
        elif warm_end <= sent < meas_end:
            acks.append(t - sent)
        if rate is None and t < meas_end:
            m.send_move()  # closed loop: the next op as soon as one is answered

    for m in movers:
        m.on_ack = on_ack
    own_cpu = []  # this worker's CPU seconds at the window's start and end (the parent's psutil may find it gone)

    async def clock_cpu():
        for at in (warm_end, meas_end):
            await asyncio.sleep(max(0.0, (at - now_ns()) / 1e9))
            own_cpu.append(time.process_time())
    cpu_clock = asyncio.ensure_future(clock_cpu())
    delay = (start - now_ns()) / 1e9
    if delay > 0:
        await asyncio.sleep(delay)
    if rate is None:
        for m in movers:
            for _ in range(window):
                m.send_move()
        await asyncio.sleep(max(0.0, (meas_end - now_ns()) / 1e9))
    else:
        async def paced(m: Mover):
            nonlocal late
            period = int(1e9 / rate)
            k, phase = 0, random.randrange(period)
            while True:
                target = start + phase + k * period
                if target >= meas_end:
                    return
                d = target - now_ns()
                if d > 0:
                    await asyncio.sleep(d / 1e9)
                elif d < -period:
                    late += 1
                m.send_move()
                k += 1
        await asyncio.gather(*(paced(m) for m in movers))
    drain_end = now_ns() + int(cfg["drain"] * 1e9)
    while any(m.sent for m in movers) and now_ns() < drain_end:
        await asyncio.sleep(0.1)
    unanswered = sum(1 for m in movers for s in m.sent.values() if warm_end <= s < meas_end)
    await cpu_clock
    conn.send(("done", {"acks": acks, "errors": errors, "unanswered": unanswered, "late": late,
                        "sends": sum(m.n for m in movers), "cpu_s": own_cpu[1] - own_cpu[0]}))
    for m in movers:
        m.ws.close()


def worker_main(conn, cfg: dict) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if cfg.get("nice"):
        raise_priority(cfg["nice"], own_session=True)
    import uvloop
    try:
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as r:
            r.run(_worker(conn, cfg))
    except Exception as e:  # noqa: BLE001
        conn.send(("error", repr(e)))
        raise


def start_server(database_url: str, tmp: Path, a, redis_url: str | None = None, name: str = "coboard") -> ServerProc:
    """`coboard serve` with the per-person limit raised (bench only)."""
    port = free_port()
    env = dict(os.environ, DATABASE_URL=database_url, COBOARD_OPS_PER_SECOND="100000",
               COBOARD_OPS_BURST="100000", COBOARD_CREATES_PER_MINUTE="100000",
               COBOARD_JOINS_PER_MINUTE="100000", COBOARD_WS_DEFLATE="false",
               COBOARD_BALLOT_SECRET="bench-ballot-secret-the-same-on-every-process")
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    argv = targets.coboard_argv() + ["serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    if "--ws-per-message-deflate" in targets._COBOARD_HELP[0]:
        argv += ["--ws-per-message-deflate", "false"]
    targets._NICE[0] = a.nice
    server = ServerProc(name, argv, env, port, tmp, cwd=targets._COBOARD_SRC[0] or targets.ROOT)
    server.start()
    return server


def run_one(name: str, db: str, workshops: int, rate: float | None, a, tmp: Path) -> dict:
    pg = None
    if db == "postgres":
        pg = Postgres(fsync=True).start()  # fsync on: as durable as SQLite's synchronous=FULL
        url = pg.new_database()
    else:
        url = f"sqlite:///{tmp / f'durable-{time.monotonic_ns()}.db'}"
    try:
        server = start_server(url, tmp, a)
        try:
            return run_load(name, db, [server], pg, workshops, rate, a)
        finally:
            server.stop()
    finally:
        if pg:
            pg.close()


def run_load(name: str, db: str, servers: list, pg, workshops: int, rate: float | None, a,
             parts: dict | None = None) -> dict:
    """The load on servers already running: workshop i lives on servers[i % len] (sharded).

    `parts`: name → a function giving the psutil processes of that part of the deployment (bench/scale.py:
    the Coboard processes, PostgreSQL, Redis, nginx), whose CPU seconds in the measured window go in
    row["cpu_s"] by name, with the load generator's and the whole machine's beside them."""
    import psutil
    workers = []
    try:
        clients = []
        for w in range(workshops):
            port = servers[w % len(servers)].port
            wid, tokens, board, _, _ = targets.setup_coboard(port, a.clients)
            ws_url = f"ws://127.0.0.1:{port}/ws/workshops/{wid}"
            clients += [(len(clients) + i, tok, ws_url, board, port) for i, tok in enumerate(tokens)]
        procs = max(1, min(a.procs, len(clients)))
        rate_each = rate / len(clients) if rate else None
        pipes = []
        for k in range(procs):
            parent, child = mp.Pipe()
            cfg = {"clients": clients[k::procs], "window": a.window, "rate_each": rate_each,
                   "drain": a.drain, "nice": a.nice}
            p = mp.Process(target=worker_main, args=(child, cfg), daemon=True)
            p.start()
            workers.append(p)
            pipes.append(parent)
        for pe in pipes:
            if not pe.poll(120):
                raise RuntimeError("a load worker did not get ready in 120 s")
            msg = pe.recv()
            if msg[0] != "ready":
                raise RuntimeError(f"load worker failed: {msg}")
        start = now_ns() + int(0.3e9)
        warm_end, meas_end = start + int(a.warmup * 1e9), start + int((a.warmup + a.seconds) * 1e9)
        for pe in pipes:
            pe.send(("start", (start, warm_end, meas_end)))
        spy = (fanout.start_profile(a, "coboard", servers[0], warm_end, meas_end, servers[0].log_path.parent, name)
               if getattr(a, "profile", None) else None)
        def cpu(procs) -> float:
            return sum(sum(p.cpu_times()[:2]) for p in procs if p.is_running())

        pg_tree = (lambda: psutil.Process(pg.proc.pid).children(recursive=True)) if pg else (lambda: [])
        time.sleep(max(0.0, (warm_end - now_ns()) / 1e9))
        def servers_cpu() -> float:
            return sum(cpu(s.procs()) for s in servers)

        def parts_cpu() -> tuple[dict, int]:
            """Each part's CPU seconds so far, read in a row (on a busy machine that takes a while), and when."""
            t = now_ns()
            found = {name: cpu(procs()) for name, procs in (parts or {}).items()}
            found["machine"] = sum(psutil.cpu_times()[:3])  # user, nice, system: every process on every core
            return found, (t + now_ns()) // 2

        server0, pg0, (parts0, t0) = servers_cpu(), cpu(pg_tree()), parts_cpu()
        time.sleep(max(0.0, (meas_end - now_ns()) / 1e9))
        server_cpu, pg_cpu = servers_cpu() - server0, cpu(pg_tree()) - pg0
        parts1, t1 = parts_cpu()
        # as CPU seconds in the window itself: the reads are some ms off its ends on a busy machine
        stretch = a.seconds * 1e9 / max(1, t1 - t0)
        parts_s = {k: (v - parts0[k]) * stretch for k, v in parts1.items()}
        results = []
        for pe in pipes:
            if not pe.poll(a.drain + 60):
                raise RuntimeError("a load worker did not report")
            msg = pe.recv()
            if msg[0] != "done":
                raise RuntimeError(f"load worker failed: {msg}")
            results.append(msg[1])
        profile = fanout.finish_profile(spy) if spy else None
    finally:
        for p in workers:
            p.join(5)
            if p.is_alive():
                p.terminate()
    parts_s["load generator"] = sum(r["cpu_s"] for r in results)  # measured by each worker itself
    lat = sorted(x / 1e6 for r in results for x in r["acks"])
    errors: dict = {}
    for r in results:
        for k, v in r["errors"].items():
            errors[k] = errors.get(k, 0) + v
    row = {"name": name, "db": db, "processes": len(servers), "workshops": workshops, "clients": len(clients),
           "rate": rate,
           "window": a.window if rate is None else None, "seconds": a.seconds,
           "acked_per_s": len(lat) / a.seconds, "p50_ms": pct(lat, 0.5), "p99_ms": pct(lat, 0.99),
           "max_ms": lat[-1] if lat else float("nan"),
           "cpu_pct": server_cpu / a.seconds * 100, "pg_cpu_pct": pg_cpu / a.seconds * 100,
           "cpu_s": parts_s, "errors": errors, "unanswered": sum(r["unanswered"] for r in results),
           "late_sends": sum(r["late"] for r in results),
           "server_us_per_op": server_cpu / max(1, len(lat)) * 1e6, "pg_us_per_op": pg_cpu / max(1, len(lat)) * 1e6}
    kept_up = "" if rate is None else f", offered {rate:g}/s"
    print(f"   {name}: {row['acked_per_s']:.0f} ops/s acked{kept_up}; ack p50 {row['p50_ms']:.1f} ms, "
          f"p99 {row['p99_ms']:.1f} ms, max {row['max_ms']:.0f} ms; server CPU {row['cpu_pct']:.0f}%"
          f"{f', PostgreSQL CPU %.0f%%' % row['pg_cpu_pct'] if pg else ''}; errors {errors}, "
          f"unanswered {row['unanswered']}; {row['server_us_per_op']:.0f} µs of server CPU per op", flush=True)
    if profile:
        row["profile"] = profile
        fanout.print_profile(profile)
    return row


def print_table(rows: list[dict]) -> None:
    hdr = ("run", "target", "db", "workshops", "clients", "load", "acked ops/s", "p50 ms", "p99 ms", "max ms",
           "server CPU%", "PG CPU%", "server µs/op", "PG µs/op", "errors")
    out = [hdr]
    for r in rows:
        load = f"{r['rate']:g}/s offered" if r["rate"] else f"window {r['window']}"
        out.append((r["name"], r.get("target", "coboard"), r["db"], str(r["workshops"]), str(r["clients"]), load, f"{r['acked_per_s']:.0f}",
                    f"{r['p50_ms']:.1f}", f"{r['p99_ms']:.1f}", f"{r['max_ms']:.0f}", f"{r['cpu_pct']:.0f}",
                    f"{r['pg_cpu_pct']:.0f}" if r["db"] == "postgres" else "-",
                    f"{r.get('server_us_per_op', float('nan')):.0f}",
                    f"{r.get('pg_us_per_op', float('nan')):.0f}" if r["db"] == "postgres" else "-",
                    str(sum(r["errors"].values()) + r["unanswered"])))
    w = [max(len(x[i]) for x in out) for i in range(len(hdr))]
    print()
    for x in out:
        print("  ".join(c.rjust(w[i]) if i >= 3 else c.ljust(w[i]) for i, c in enumerate(x)))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", action="append", choices=sorted(PLAN), help="runs of the default plan to do")
    p.add_argument("--db", choices=["sqlite", "postgres"], help="a run of your own: this database…")
    p.add_argument("--workshops", type=int, default=10, help="…this many workshops…")
    p.add_argument("--rate", type=float, help="…open loop at this many ops/s in all (default: closed loop)")
    p.add_argument("--clients", type=int, default=4, help="clients per workshop, each moving its own card")
    p.add_argument("--window", type=int, default=4, help="closed loop: unanswered ops per client")
    p.add_argument("--seconds", type=float, default=8.0)
    p.add_argument("--warmup", type=float, default=2.0)
    p.add_argument("--drain", type=float, default=10.0, help="wait this long at most for the last acks")
    p.add_argument("--procs", type=int, default=2, help="load generator processes")
    p.add_argument("--repeat", type=int, default=1, help="runs of each; the table adds medians")
    p.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS")
    p.add_argument("--snapshot", metavar="REV", help="run Coboard from `git archive REV` (see fanout.py)")
    p.add_argument("--base", metavar="REV",
                   help="also run Coboard as it was at REV (`git archive REV`) after each run of the work tree "
                        "(or --snapshot), in the same invocation, and print work tree / base")
    p.add_argument("--nice", type=int, default=0)
    p.add_argument("--profile", choices=["py-spy", "perf"],
                   help="sample the server through the measured window (see bench/fanout.py --profile)")
    p.add_argument("--profile-rate", type=int, default=250, help="samples a second (with --profile)")
    p.add_argument("--profile-top", type=int, default=30, help="functions listed (with --profile)")
    p.add_argument("--out")
    a = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="coboard-durable-"))
    sources = [("coboard", targets.export_snapshot(a.snapshot, tmp / "src") if a.snapshot else None)]
    if a.base:
        sources.append(("base", targets.export_snapshot(a.base, tmp / "base-src")))
    plan = ({f"{a.db}-{a.workshops}-{'at-%g' % a.rate if a.rate else 'max'}": (a.db, a.workshops, a.rate)}
            if a.db else {k: PLAN[k] for k in (a.only or PLAN)})
    rows = []
    for rep in range(a.repeat):
        for name, (db, workshops, rate) in plan.items():
            for target, src in sources:
                targets._COBOARD_SRC[0] = src
                targets._COBOARD_HELP[0] = targets.coboard_help()
                fanout.wait_quiet(a.wait_quiet)
                print(f"\n== {target} / {name}: {db}, {workshops} workshop(s) x {a.clients} clients, "
                      f"{'%g ops/s offered' % rate if rate else 'window %d' % a.window}, {a.seconds:g} s; "
                      f"load average {os.getloadavg()[0]:.2f}", flush=True)
                row = run_one(name, db, workshops, rate, a, tmp)
                row["rep"], row["target"], row["loadavg"] = rep, target, os.getloadavg()[0]
                rows.append(row)
    print_table(rows)
    if a.base:
        print("\nwork tree / base (same invocation):")
        for name in plan:
            mine = [r for r in rows if r["name"] == name and r["target"] == "coboard"]
            base = [r for r in rows if r["name"] == name and r["target"] == "base"]
            if mine and base:
                m = {k: statistics.median(r[k] for r in mine) for k in ("acked_per_s", "p99_ms")}
                b = {k: statistics.median(r[k] for r in base) for k in ("acked_per_s", "p99_ms")}
                print(f"   {name}: acked ops/s {m['acked_per_s']:.0f} vs {b['acked_per_s']:.0f} "
                      f"({m['acked_per_s'] / b['acked_per_s']:.2f}x), p99 {m['p99_ms']:.1f} vs {b['p99_ms']:.1f} ms")
    if a.repeat > 1:
        medians = []
        for name, target in [(n, t) for n in plan for t, _ in sources]:
            rs = [r for r in rows if r["name"] == name and r["target"] == target]
            med = {k: statistics.median(r[k] for r in rs) for k in ("acked_per_s", "p50_ms", "p99_ms", "max_ms",
                                                                   "cpu_pct", "pg_cpu_pct", "server_us_per_op", "pg_us_per_op")}
            medians.append({**rs[0], **med, "name": f"{name} (median of {len(rs)})"})
        print("\nmedians:")
        print_table(medians)
    out = Path(a.out) if a.out else BENCH_DIR / "results" / time.strftime("durable-%Y%m%dT%H%M%SZ.json", time.gmtime())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"meta": {"argv": sys.argv, "snapshot": a.snapshot, "base": a.base, "cpu_count": os.cpu_count()},
                               "runs": rows}, indent=2, default=str))
    print(f"\nresults: {out}")


if __name__ == "__main__":
    mp.set_start_method("spawn")
    main()
