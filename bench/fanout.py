"""Fan-out benchmark: Coboard against y-websocket and a bare ``websockets.broadcast`` relay.

Three targets driven by one load generator (bench/loadgen.py) with the same load shapes:
Coboard, the bare relay (bench/relay.py) and y-websocket's own server (from npm, in bench/peers;
a stored move there is a Y.Map update of the card's x/y, an ephemeral drag an awareness update).
Scenarios (``--scenario``): eph 50x50 at 10 Hz; stored 200/20, 300/10, 300/30 at 5 Hz; storm (300
clients reconnecting at once with ``since`` while 10 keep moving); idle (300 connections: memory
per connection, CPU to connect). The table has p50/p99/max, server CPU per delivery, RSS, memory
per connection and the ratios Coboard / relay and Coboard / y-websocket.

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
import json
import multiprocessing as mp
import os
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
VENV_BIN = Path(sys.executable).parent
sys.path.insert(0, str(BENCH_DIR))
from loadgen import now_ns, worker_main  # noqa: E402
from targets import (_COBOARD_HELP, _COBOARD_SRC, _NICE, _SERVER_ENV, _WORKERS, _cleanup,  # noqa: E402
                     coboard_help, export_snapshot, free_port, raise_priority, setup_coboard, start_coboard,
                     start_relay, start_yws)

SCENARIOS = {
    # name: (clients, movers, hz, p99 aim in ms or None)
    "eph": (50, 50, 10.0, 15.0),
    "stored": (200, 20, 5.0, 30.0),
    "stored-300-10": (300, 10, 5.0, 40.0),
    "stored-300-30": (300, 30, 5.0, 40.0),
    # 300 clients drop and reconnect at once (with `since`) while 10 others keep moving at 5 Hz
    "storm": (310, 10, 5.0, None),
    # 300 clients connected, nobody moving: memory per idle connection and CPU to connect
    "idle": (300, 0, 1.0, None),
}
TARGETS = ("coboard", "relay", "yws", "base")  # base: --base REV
_BASE_SRC: list = [None]


def mode_of(scenario: str) -> str:
    return "eph" if scenario == "eph" else "stored"
# --------------------------------------------------------------------------------------
# One run: one target, one scenario
# --------------------------------------------------------------------------------------

def pct(sorted_vals: list[float], q: float) -> float:
    if not sorted_vals:
        return float("nan")
    i = min(len(sorted_vals) - 1, max(0, int(round(q * (len(sorted_vals) - 1)))))
    return sorted_vals[i]


def run_one(target: str, scenario: str, n: int, m: int, hz: float, a, tmp: Path,
            logdir: Path, start_server=None) -> dict:
    """One target under one scenario; `start_server` (bench/scale.py) brings its own Coboard
    deployment (anything with port, procs(), p.poll(), tail(), stop() and log_path)."""
    import psutil
    port = free_port()
    print(f"\n== {target} / {scenario}: {n} clients, {m} moving at {hz:g} Hz "
          f"({a.seconds:g}s measured after {a.warmup:g}s warm-up), compression {a.compression}",
          flush=True)
    t_setup = time.monotonic()
    if start_server is not None:
        srv = start_server()
        port = srv.port
        wid, tokens, board_id, card_type, info = setup_coboard(port, n)
        url = f"ws://127.0.0.1:{port}/ws/workshops/{wid}"
    elif target in ("coboard", "base"):
        src = _COBOARD_SRC[0]
        if target == "base":  # Coboard as it was at --base REV, beside the work tree in the same run
            _COBOARD_SRC[0] = _BASE_SRC[0]
        try:
            srv = start_coboard(port, a.compression, tmp, logdir, name=target)
        finally:
            _COBOARD_SRC[0] = src
        wid, tokens, board_id, card_type, info = setup_coboard(port, n)
        url = f"ws://127.0.0.1:{port}/ws/workshops/{wid}"
    elif target == "relay":
        srv = start_relay(port, a.compression, logdir)
        tokens = [f"p{i}" for i in range(n)]
        board_id, card_type, info = "board-nww", "theme", {}
        url = f"ws://127.0.0.1:{port}/ws/workshops/bench"
    else:
        srv = start_yws(port, logdir)
        tokens = [f"p{i}" for i in range(n)]
        board_id, card_type, info = "cards", "theme", {"compression": "as y-websocket ships (none)"}
        url = f"ws://127.0.0.1:{port}/bench-board"
    try:
        sp = srv.procs()
        time.sleep(0.5)
        rss_before = sum(p.memory_info().rss for p in sp if p.is_running())
        cpu_before = sum(sum(p.cpu_times()[:2]) for p in sp if p.is_running())
        connect_spy = start_profile(a, target, srv, 0, 0, tmp, scenario, phase="connect")
        # the facilitator (client 0) only watches; movers are clients 1..m (or 0.. if m == n)
        mover_ids = set(range(n - m, n)) if m < n else set(range(n))
        specs = [(i, tokens[i], i in mover_ids) for i in range(n)]
        procs = max(1, min(a.procs, n))
        slices = [specs[k::procs] for k in range(procs)]
        pipes = []
        for k, sl in enumerate(slices):
            parent_end, child_end = mp.Pipe()
            cfg = {"host": "127.0.0.1", "port": port, "url": url, "clients": sl,
                   "mode": mode_of(scenario), "target": target, "hz": hz, "board_id": board_id,
                   "card_type": card_type, "connect_concurrency": 16,
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
        sp = srv.procs()
        rss_connected = sum(p.memory_info().rss for p in sp if p.is_running())
        connect_cpu = sum(sum(p.cpu_times()[:2]) for p in sp if p.is_running()) - cpu_before
        connect_profile = finish_profile(connect_spy, stop=True)
        start = now_ns() + int(0.5e9)
        warm_end = start + int(a.warmup * 1e9)
        meas_end = warm_end + int(a.seconds * 1e9)
        drain_end = meas_end + int(a.drain * 1e9)
        drain_max = meas_end + int(max(a.drain, a.drain_max) * 1e9)
        storm_at = warm_end + int(a.seconds * 0.3e9) if scenario == "storm" else None
        for _, pe in pipes:
            pe.send(("start", (start, warm_end, meas_end, drain_end, drain_max, storm_at)))
        for p in sp:
            p.cpu_percent(None)
        spy = start_profile(a, target, srv, warm_end, meas_end, tmp, scenario, phase="measured")
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
        profile = finish_profile(spy)
    finally:
        srv.stop()

    # join sends and receipts
    sends: dict = {}
    measured = 0
    for r in results:
        for key, ts, meas in r["sends"]:
            sends[key] = (ts, meas)
            measured += meas
    steady = mover_ids if scenario == "storm" else None   # the stormers miss frames while away
    storm = [r["storm"] for r in results if r.get("storm")]
    storm_t0 = min((x["t0"] for x in storm), default=None)
    storm_live = [t for x in storm for t in x["live"]]
    storm_end = max(storm_live, default=None)
    lat = []
    lat_storm = []
    seen = Counter()
    unmatched = 0
    for r in results:
        for key, t, who in r["receipts"]:
            if steady is not None and who not in steady:
                continue
            s = sends.get(key)
            if s is None:
                unmatched += 1
                continue
            if s[1]:
                lat.append((t - s[0]) / 1e6)
                seen[(key, who)] += 1
                if storm_t0 is not None and storm_end is not None and storm_t0 <= s[0] <= storm_end:
                    lat_storm.append((t - s[0]) / 1e6)
    lat_storm.sort()
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
                if steady is not None and who not in steady:
                    continue
                s = sends.get(key)
                if s and s[1]:
                    buckets[int((s[0] - t_meas0) // 1e9)].append((t - s[0]) / 1e6)
    timeline = []
    for sec in sorted(buckets):
        b = sorted(buckets[sec])
        timeline.append((sec, round(pct(b, 0.5), 2), round(pct(b, 0.99), 2)))
    lat.sort()
    self_lat.sort()
    expected = measured * ((m if steady is not None else n) - 1)
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
        "offered_ops_per_s": m * hz if mode_of(scenario) == "stored" else None,
        "acked_ops_per_s_in_window": sum(1 for r in results for t in r["ack_times"]
                                         if warm_end <= t < meas_end) / a.seconds,
        "timeline_s_p50_p99": timeline,
        "server_cpu_pct": cpu_s / wall * 100, "server_rss_mib": rss_end / 2**20,
        "cpu_us_per_delivery": cpu_s / len(lat) * 1e6 if lat else float("nan"),
        "rss_kib_per_connection": (rss_connected - rss_before) / max(1, connected) / 1024,
        "connect_cpu_ms_per_client": connect_cpu / max(1, connected) * 1000,
        "storm_clients": len(storm_live) if storm else None,
        "storm_failed": [f for x in storm for f in x["failed"]][:5] if storm else None,
        "storm_all_live_s": (storm_end - storm_t0) / 1e9 if storm and storm_end else None,
        "storm_p99_ms": pct(lat_storm, 0.99) if storm else None,
        "server_rss_peak_mib": rss_peak / 2**20, "server_procs": len(sp),
        "loadgen_cpu_pct": loadgen_cpu, "loadgen_procs": procs,
        "machine_busy_pct": machine_busy, "machine_steal_pct": machine_steal,
        "other_cpu_pct": machine_busy * (os.cpu_count() or 1) - cpu_s / wall * 100 - loadgen_cpu,
        "load_average": os.getloadavg(),
        "late_sends": sum(r["late_sends"] for r in results),
        "self_eph_echoes": sum(r["self_eph"] for r in results),
        "seq_gaps": sum(r["seq_gaps"] for r in results),
        "errors": dict(errors),
        "error_samples": [s for r in results for s in r["error_samples"]][:5],
        "connections_alive_at_end": sum(r["alive"] for r in results),
        "server_alive_at_end": server_alive, "server_log_errors": err_lines[-10:],
        "server_log": str(srv.log_path), **{f"setup_{k}": v for k, v in info.items()},
        "profile": profile or connect_profile,
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
    print(f"   server CPU per delivery {res['cpu_us_per_delivery']:.1f} µs; memory per connection "
          f"{res['rss_kib_per_connection']:.1f} KiB; connecting cost {res['connect_cpu_ms_per_client']:.2f} ms "
          f"of server CPU a client", flush=True)
    if storm:
        print(f"   storm: {res['storm_clients']} of {n - m} clients live again "
              f"{fmt(res['storm_all_live_s'], '.2f')} s after all dropped; the steady movers' p99 meanwhile "
              f"{fmt(res['storm_p99_ms'], '.1f')} ms (whole run {res['p99_ms']:.1f} ms)"
              + (f"; failed: {res['storm_failed']}" if res["storm_failed"] else ""), flush=True)
    print(f"   machine: {machine_busy:.0f}% of {os.cpu_count()} cores busy, steal "
          f"{machine_steal:.1f}%, everything else {res['other_cpu_pct']:.0f}% of a core; load average "
          + " ".join(f"{x:.2f}" for x in res["load_average"]),
          flush=True)
    if timeline:
        print("   by second of the run, p50/p99 ms: "
              + "  ".join(f"{p50:g}/{p99:g}" for _, p50, p99 in timeline), flush=True)
    if mode_of(scenario) == "stored" and target != "yws" and m:
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
    if res["profile"]:
        print_profile(res["profile"])
    return res


def start_profile(a, target, srv, warm_end, meas_end, tmp, scenario, phase="measured"):
    """`--profile py-spy|perf`: the server sampled through the measured window (off by default), or
    with `--profile-phase connect` from before the first client connects to the end of the
    connecting cost's measurement (hello → welcome and the presence that follows; stopped by SIGINT).

    py-spy (Python servers: Coboard, the relay): Python functions, own and cumulative.
    perf (every target): where the CPU goes by shared object and symbol (the kernel's socket
    writes, the interpreter, uvloop, sqlite, node), and the count of each system call.
    """
    import shutil
    import subprocess
    if (not a.profile or (a.profile == "py-spy" and target == "yws")
            or phase != getattr(a, "profile_phase", "measured")):
        return None
    if phase == "connect":
        delay, seconds = 0.0, 3600  # until finish_profile(stop=True)
    else:
        delay = max(0.0, (warm_end - now_ns()) / 1e9)
        seconds = max(1, int((meas_end - warm_end) / 1e9))
    out = tmp / f"profile-{a.profile}-{phase}-{target}-{scenario}-{srv.port}"
    if a.profile == "py-spy":
        spy = shutil.which("py-spy", path=str(VENV_BIN)) or shutil.which("py-spy")
        if spy is None:
            print("   --profile py-spy: no py-spy (`.venv/bin/pip install py-spy`); not profiled", flush=True)
            return None
        # --threads so the storage thread is told apart from the event loop; a deployment of several
        # processes (bench/scale.py) has each sampled into a file of its own, summed in finish_profile
        servers = getattr(srv, "servers", [srv])
        argvs = [[spy, "record", "--pid", str(s.p.pid), "--rate", str(a.profile_rate), "--duration", str(seconds),
                  "--format", "raw", "--threads", "--nonblocking", "--output", f"{out}-{i}.txt"]
                 for i, s in enumerate(servers)]
    else:
        perf = shutil.which("perf")
        if perf is None:
            print("   --profile perf: no perf (Debian's linux-perf); not profiled", flush=True)
            return None
        pids = ",".join(str(p.pid) for p in srv.procs())  # node's or Python's server process (and children)
        events = ",".join(f"syscalls:sys_enter_{c}" for c in SYSCALLS)
        argvs = [[perf, "record", "-F", str(a.profile_rate), "-g", "-p", pids, "-o", f"{out}.data",
                  "--", "sleep", str(seconds)],
                 [perf, "stat", "-x", ",", "-e", events, "-p", pids, "-o", f"{out}.stat", "--", "sleep", str(seconds)]]
    nice = a.nice  # the sampler as favoured as what it samples (else, on a busy machine, it misses most of it)
    procs = [subprocess.Popen(["sh", "-c", f"sleep {delay:.2f}; exec " + " ".join(argv)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=bool(nice),
                              preexec_fn=(lambda: raise_priority(nice, False)) if nice else None)
             for argv in argvs]
    if phase == "connect":
        time.sleep(1.0)  # the sampler attached before the first client connects
    return (a.profile, procs, out, a.profile_top, seconds, time.monotonic())


SYSCALLS = ("write", "writev", "sendto", "sendmsg", "read", "recvfrom", "epoll_wait", "futex", "fsync",
            "fdatasync", "pwrite64")


def finish_profile(spy, stop=False):
    """py-spy: the samples summed by function, own (at the top of a stack) and cumulative (anywhere
    in it); perf: the report by shared object and by symbol, and system calls a second. `stop`: the
    samplers are told to stop now (SIGINT: each writes what it has)."""
    import subprocess
    if spy is None:
        return None
    kind, procs, out, top, seconds, started = spy
    if stop:
        seconds = max(1e-3, time.monotonic() - started)
        for p in procs:
            p.send_signal(signal.SIGINT)
    for p in procs:
        try:
            p.wait(120)
        except Exception:
            p.kill()
    if kind == "perf":
        if not Path(f"{out}.data").exists():
            return {"error": (procs[0].stderr.read() or b"").decode(errors="replace")[-500:]}
        rep = {"kind": "perf", "file": f"{out}.data"}
        for sort in ("dso", "dso,sym"):
            r = subprocess.run(["perf", "report", "-i", f"{out}.data", "--stdio", "--no-children", "--sort", sort,
                                "--percent-limit", "0.7"], capture_output=True, text=True, timeout=300)
            rep[sort] = [ln for ln in r.stdout.splitlines() if ln.strip() and not ln.startswith("#")
                         and "%" in ln.split()[0]][:top]
        calls = {}
        try:
            for ln in Path(f"{out}.stat").read_text().splitlines():
                parts = ln.split(",")
                if len(parts) > 2 and parts[2].startswith("syscalls:sys_enter_") and parts[0].strip().isdigit():
                    calls[parts[2].removeprefix("syscalls:sys_enter_")] = int(parts[0]) / seconds
        except OSError:
            pass
        rep["syscalls_per_s"] = calls
        return rep
    files = [Path(f"{out}-{i}.txt") for i in range(len(procs))]
    if not any(f.exists() for f in files):
        return {"error": (procs[0].stderr.read() or b"").decode(errors="replace")[-500:]}
    own, cum, threads = Counter(), Counter(), Counter()
    total = 0
    for i, f in enumerate(files):  # several processes: their samples summed, threads named by process
        for line in (f.read_text(errors="replace") if f.exists() else "").splitlines():
            stack, _, n = line.rpartition(" ")
            if not stack or not n.isdigit():
                continue
            n = int(n)
            frames = stack.split(";")
            thread, frames = frames[0], [_function(f) for f in frames[1:]]
            total += n
            threads[f"process {i + 1} {thread}" if len(files) > 1 else thread] += n
            if frames:
                own[frames[-1]] += n
                for fr in set(frames):
                    cum[fr] += n
    return {"kind": "py-spy", "file": ", ".join(str(f) for f in files), "samples": total,
            "threads": threads.most_common(), "own": own.most_common(top), "cumulative": cum.most_common(top)}


def _function(frame: str) -> str:
    """`name (path/file.py:123)` → `name (path/file.py)`: lines of one function summed."""
    name, _, where = frame.partition(" (")
    return f"{name} ({where.rsplit(':', 1)[0]})" if where else name


def print_profile(profile: dict) -> None:
    if "error" in profile:
        print(f"   profile failed: {profile['error']}", flush=True)
        return
    if profile["kind"] == "perf":
        print(f"   perf profile ({profile['file']}), by shared object:", flush=True)
        for ln in profile["dso"]:
            print(f"     {ln.strip()}", flush=True)
        print("   by symbol:", flush=True)
        for ln in profile["dso,sym"]:
            print(f"     {ln.strip()}", flush=True)
        print("   system calls a second: " + ", ".join(f"{k} {v:.0f}" for k, v in profile["syscalls_per_s"].items()
                                                      if v), flush=True)
        return
    total = profile["samples"] or 1
    print(f"   profile ({profile['samples']} samples, py-spy, {profile['file']}); threads: "
          + ", ".join(f"{t} {n / total:.0%}" for t, n in profile["threads"][:4]), flush=True)
    for kind in ("own", "cumulative"):
        print(f"   top functions, {kind}:", flush=True)
        for f, n in profile[kind]:
            print(f"     {n / total:6.1%}  {f}", flush=True)


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


def print_table(rows: list[dict]):
    hdr = ("scenario", "target", "clients", "movers", "Hz", "deliv/s", "p50", "p99", "max ms", "CPU%",
           "µs/deliv", "RSS MiB", "KiB/conn", "connect ms", "storm s", "missing", "p99 x relay", "p99 x yws",
           "CPU/deliv x relay", "CPU/deliv x yws")
    out = [hdr]
    for r in rows:
        out.append((r["scenario"], r["target"], str(r["clients"]), str(r["movers"]), f"{r['hz']:g}",
                    fmt(r["deliveries_per_s"], ".0f"), fmt(r["p50_ms"], ".2f"), fmt(r["p99_ms"], ".2f"),
                    fmt(r["max_ms"], ".1f"), fmt(r["server_cpu_pct"], ".0f"), fmt(r["cpu_us_per_delivery"], ".1f"),
                    fmt(r["server_rss_mib"], ".0f"), fmt(r["rss_kib_per_connection"], ".1f"),
                    fmt(r["connect_cpu_ms_per_client"], ".2f"), fmt(r.get("storm_all_live_s"), ".2f"),
                    str(r["missing"]), fmt(r.get("ratio_p99_relay"), ".2f"), fmt(r.get("ratio_p99_yws"), ".2f"),
                    fmt(r.get("ratio_cpu_relay"), ".2f"), fmt(r.get("ratio_cpu_yws"), ".2f")))
    w = [max(len(row[i]) for row in out) for i in range(len(hdr))]
    print()
    for row in out:
        print("  ".join(c.rjust(w[i]) if i >= 2 else c.ljust(w[i]) for i, c in enumerate(row)))


def ratio(a, b) -> float:
    return a / b if b and a == a and b == b else float("nan")


MEDIANS = ("p50_ms", "p99_ms", "max_ms", "server_cpu_pct", "deliveries_per_s", "server_rss_mib", "loadgen_cpu_pct",
           "missing", "cpu_us_per_delivery", "rss_kib_per_connection", "connect_cpu_ms_per_client")


def main():
    p = argparse.ArgumentParser(description="Coboard fan-out benchmark against a bare relay",
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__)
    p.add_argument("--scenario", default="all",
                   help=f"comma-separated, of {', '.join(SCENARIOS)}; `all` (the default) or `both` (eph,stored)")
    p.add_argument("--target", default="all",
                   help="comma-separated, of coboard, relay, yws (y-websocket's server); `all` (the default)")
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
    p.add_argument("--base", metavar="REV",
                   help="also run Coboard as it was at REV (target `base`, from `git archive REV`), "
                        "alternating with the work tree in the same run, and print work tree / base")
    p.add_argument("--snapshot", metavar="REV",
                   help="run Coboard from `git archive REV` (e.g. HEAD) in a temp folder instead "
                        "of the live work tree, which may be mid-edit")
    p.add_argument("--nice", type=int, default=0,
                   help="niceness for both servers and the load generator alike, e.g. -10 (root), "
                        "to be less disturbed by other work on the machine; also sets the nice of "
                        "their autogroups, as with autogroup scheduling plain nice is ignored "
                        "between sessions")
    p.add_argument("--no-uvloop", action="store_true")
    p.add_argument("--profile", choices=["py-spy", "perf"],
                   help="sample each server through the measured window: py-spy (Python functions, own and "
                        "cumulative; Coboard and the relay) or perf (shared objects, symbols and system calls; "
                        "every target). Off by default: sampling costs the server some CPU")
    p.add_argument("--profile-rate", type=int, default=250, help="samples a second (with --profile)")
    p.add_argument("--profile-top", type=int, default=25, help="functions listed (with --profile)")
    p.add_argument("--profile-phase", choices=["measured", "connect"], default="measured",
                   help="what --profile samples: the measured window, or the clients connecting (hello → "
                        "welcome, and presence settling, as in the connecting cost)")
    p.add_argument("--out", default=None, help="JSON results file (default bench/results/…)")
    a = p.parse_args()
    if a.hz is not None and a.hz > 20:
        print("note: more than 20 ops/s per connection is over the contract's rate limit")

    scenarios = (list(SCENARIOS) if a.scenario == "all" else ["eph", "stored"] if a.scenario == "both"
                 else a.scenario.split(","))
    tgts = ["coboard", "relay", "yws"] if a.target in ("all", "both") else a.target.split(",")
    if a.base and "base" not in tgts:
        tgts.insert(0, "base")
    for name in scenarios:
        if name not in SCENARIOS:
            sys.exit(f"no scenario {name!r}: pick from {', '.join(SCENARIOS)}")
    for name in tgts:
        if name not in TARGETS:
            sys.exit(f"no target {name!r}: pick from {', '.join(TARGETS)}")
    tmp = Path(tempfile.mkdtemp(prefix="coboard-bench-"))
    if "yws" in tgts:
        from targets import install_peers
        install_peers()
    if "coboard" in tgts:
        if a.snapshot:
            _COBOARD_SRC[0] = export_snapshot(a.snapshot, tmp / "src")
        elif not (VENV_BIN / "coboard").exists():
            sys.exit(f"no {VENV_BIN / 'coboard'}: install the project into the venv")
        _COBOARD_HELP[0] = coboard_help()
    if "base" in tgts:
        if not a.base:
            sys.exit("the `base` target needs --base REV")
        _BASE_SRC[0] = export_snapshot(a.base, tmp / "base-src")
    _SERVER_ENV.extend(a.server_env)
    _NICE[0] = a.nice

    def _term(signum, frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, _term)

    logdir = tmp
    rows = []
    failures: list[str] = []
    targets_p99: dict[str, float | None] = {}
    try:
        for sc in scenarios:
            n, m, hz, p99_aim = SCENARIOS[sc]
            if sc == "storm" and a.clients:
                n = a.clients + m   # --clients is how many reconnect; the movers come on top
            n = n if sc == "storm" else (a.clients or n)
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
        med = {k: statistics.median(r[k] for r in rs) for k in MEDIANS}
        for k in ("storm_all_live_s", "storm_p99_ms"):
            if rs[0].get(k) is not None:
                med[k] = statistics.median(r[k] for r in rs if r.get(k) is not None)
        med["missing"] = int(med["missing"])
        by[key] = {**rs[0], **med, "target": key[1] + f" (median of {len(rs)})"}
    # ratios coboard / relay and coboard / y-websocket (medians when repeated), on the coboard rows
    for sc in scenarios:
        c = by.get((sc, "coboard"))
        for peer in ("relay", "yws"):
            r = by.get((sc, peer))
            if not (c and r):
                continue
            for row in [c] + ([x for x in rows if x["scenario"] == sc and x["target"] == "coboard"]
                              if a.repeat > 1 else []):
                row[f"ratio_p99_{peer}"] = ratio(row["p99_ms"], r["p99_ms"])
                row[f"ratio_cpu_{peer}"] = ratio(row["cpu_us_per_delivery"], r["cpu_us_per_delivery"])
    print_table(rows)
    if a.repeat > 1:
        summary = [by[(sc, tg)] for sc in scenarios for tg in tgts if (sc, tg) in by]
        print("\nmedians over repetitions:")
        print_table(summary)
    print()
    verdicts = []
    for sc in scenarios:
        c, y = by.get((sc, "coboard")), by.get((sc, "yws"))
        if c and targets_p99[sc] is not None:
            ok = c["p99_ms"] <= targets_p99[sc] and c["missing"] == 0
            verdicts.append(f"{sc}: coboard p99 {fmt(c['p99_ms'], '.2f')} ms vs aim "
                            f"{targets_p99[sc]:g} ms -> {'MET' if ok else 'NOT MET'}"
                            + ("" if c["missing"] == 0 else f" ({c['missing']} deliveries missing)"))
        if c and y and sc.startswith("stored"):
            rp = c.get("ratio_p99_yws", float("nan"))
            verdicts.append(f"{sc}: coboard/y-websocket p99 {fmt(rp, '.2f')}x -> "
                            f"{'within' if rp <= 1.5 else 'NOT within'} 1.5x")
        if c and by.get((sc, "relay")) and sc not in ("idle", "storm"):
            rc = c.get("ratio_cpu_relay", float("nan"))
            verdicts.append(f"{sc}: coboard/relay CPU per delivery {fmt(rc, '.2f')}x -> "
                            f"{'within' if rc <= 1.5 else 'NOT within'} 1.5x")
        b = by.get((sc, "base"))
        if c and b:
            verdicts.append(f"{sc}: work tree / base {a.base}: p99 {fmt(ratio(c['p99_ms'], b['p99_ms']), '.2f')}x, "
                            f"CPU per delivery {fmt(ratio(c['cpu_us_per_delivery'], b['cpu_us_per_delivery']), '.2f')}x")
        if c and sc == "storm":
            live = c.get("storm_all_live_s")
            verdicts.append(f"storm: all {c['clients'] - c['movers']} reconnected and live in {fmt(live, '.2f')} s "
                            f"-> {'MET' if live is not None and live <= 2 else 'NOT MET'} (aim 2 s)")
        if c and sc == "idle":
            kib = c["rss_kib_per_connection"]
            verdicts.append(f"idle: {fmt(kib, '.1f')} KiB per idle connection -> "
                            f"{'MET' if kib <= 32 else 'NOT MET'} (aim 32 KiB, no compression)")
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
