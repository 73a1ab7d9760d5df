"""Scale-out: 1, 2 and 3 `coboard serve` processes on PostgreSQL + Redis behind nginx, and one process
on SQLite, under the same loads.

- `split`: ONE workshop, N clients (default 300, 30 of them moving their card at 5 Hz) connecting
  through nginx (deploy/nginx.conf: least_conn, so the workshop's clients are spread over every
  process). Send → receipt at every other client, p50/p99/max, and whether the acks keep up with
  what is offered — the cross-process path: row lock, catching up, Redis publish, per-process fan-out.
- `sharded`: W workshops (default 6) × 4 clients in a closed loop (bench/durable.py's load), each
  workshop on one process — what sticky routing by workshop would do — so the figure is
  throughput, and how it grows with processes.

PostgreSQL (fsync on, like SQLite's synchronous=FULL), Redis and Debian's nginx are started here in
temp folders on free ports (bench/services.py). Server CPU is every process of the deployment:
the Coboard processes, PostgreSQL, Redis and nginx. The load generator shares the machine's cores.

    .venv/bin/python bench/scale.py                          # both scenarios, SQLite and 1/2/3 processes
    .venv/bin/python bench/scale.py --scenario split --processes 1,2 --seconds 5
    .venv/bin/python bench/scale.py --snapshot HEAD --repeat 3 --wait-quiet 120
    .venv/bin/python bench/scale.py --base main --scenario split --processes 1,2   # also Coboard at main
    .venv/bin/python bench/scale.py --scenario split --processes 2 --no-sqlite --profile py-spy

Prints a table and writes bench/results/scale-*.json.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))
import durable  # noqa: E402
import fanout  # noqa: E402
import targets  # noqa: E402
from services import Nginx, Postgres, Redis  # noqa: E402


class Deployment:
    """n Coboard processes sharing a database (and Redis when n > 1 or on PostgreSQL), nginx in front."""

    def __init__(self, db: str, n: int, tmp: Path, bench_limits: bool):
        self.db, self.n, self.tmp = db, n, tmp
        self.pg = self.redis = self.nginx = None
        self.servers: list = []
        self.log_path = tmp
        try:
            env = {"COBOARD_CREATES_PER_MINUTE": "100000", "COBOARD_JOINS_PER_MINUTE": "100000",
                   "COBOARD_WS_DEFLATE": "false"}
            if bench_limits:  # the closed loop goes past one person's op limit: raised for the bench only
                env.update(COBOARD_OPS_PER_SECOND="100000", COBOARD_OPS_BURST="100000")
            if db == "postgres":
                self.pg = Postgres(fsync=True).start()
                self.redis = Redis().start()
                env.update(DATABASE_URL=self.pg.new_database(), REDIS_URL=self.redis.url,
                           COBOARD_BALLOT_SECRET="bench-ballot-secret-the-same-on-every-process")
            else:
                env["DATABASE_URL"] = f"sqlite:///{tmp / f'scale-{time.monotonic_ns()}.db'}"
            for i in range(n):  # one after the other: the first migrates the database
                self.servers.append(targets.start_coboard(targets.free_port(), "none", tmp, tmp, env,
                                                          name=f"coboard{i + 1}"))
            self.nginx = Nginx([f"127.0.0.1:{s.port}" for s in self.servers]).start()
        except BaseException:
            self.stop()
            raise
        self.port = self.nginx.port
        self.p = self  # fanout.run_one asks srv.p.poll()

    def poll(self):
        codes = [s.p.poll() for s in self.servers]
        return next((c for c in codes if c is not None), None)

    def infrastructure(self) -> list:
        import psutil
        pids = [x.proc.pid for x in (self.pg, self.redis, self.nginx) if x is not None and x.proc]
        procs = []
        for pid in pids:
            try:
                p = psutil.Process(pid)
                procs += [p] + p.children(recursive=True)
            except psutil.NoSuchProcess:
                pass
        return procs

    def procs(self) -> list:
        return [p for s in self.servers for p in s.procs()] + self.infrastructure()

    def parts(self) -> dict:
        """Each part of the deployment apart (its psutil processes, looked up when called): CPU by part."""
        import psutil

        def tree(thing):
            def procs():
                if thing is None or thing.proc is None:
                    return []
                try:
                    p = psutil.Process(thing.proc.pid)
                    return [p] + p.children(recursive=True)
                except psutil.NoSuchProcess:
                    return []
            return procs
        return {"coboard": lambda: [p for s in self.servers for p in s.procs()], "postgres": tree(self.pg),
                "redis": tree(self.redis), "nginx": tree(self.nginx)}

    def tail(self, n: int = 30) -> str:
        return "\n".join(s.tail(n) for s in self.servers)

    def stop(self) -> None:
        for thing in [self.nginx, *self.servers]:
            if thing is not None:
                try:
                    thing.close() if hasattr(thing, "close") else thing.stop()
                except Exception:  # noqa: BLE001
                    pass
        for thing in (self.redis, self.pg):
            if thing is not None:
                thing.close()


def label(db: str, n: int) -> str:
    return f"{'PostgreSQL + Redis' if db == 'postgres' else 'SQLite'}, {n} process{'es' if n > 1 else ''}"


def run_split(db: str, n: int, a, tmp: Path) -> dict:
    fa = SimpleNamespace(seconds=a.seconds, warmup=a.warmup, drain=2.0, drain_max=20.0, compression="none",
                         procs=a.procs, no_offer_deflate=False, no_uvloop=False, nice=a.nice,
                         profile=a.profile, profile_rate=a.profile_rate, profile_top=a.profile_top,
                         profile_phase="measured")
    row = fanout.run_one("coboard", "stored", a.clients, a.movers, a.hz, fa, tmp, tmp,
                         start_server=lambda: Deployment(db, n, tmp, bench_limits=False))
    return {"scenario": "split", "deployment": label(db, n), "db": db, "processes": n,
            "p50_ms": row["p50_ms"], "p99_ms": row["p99_ms"], "max_ms": row["max_ms"],
            "missing": row["missing"], "offered_ops_per_s": row["offered_ops_per_s"],
            "acked_ops_per_s": row["acked_ops_per_s_in_window"], "deliveries_per_s": row["deliveries_per_s"],
            "cpu_pct": row["server_cpu_pct"], "cpu_us_per_delivery": row["cpu_us_per_delivery"],
            "seq_gaps": row["seq_gaps"], "errors": row["errors"], "detail": row}


def run_sharded(db: str, n: int, a, tmp: Path) -> dict:
    da = SimpleNamespace(clients=a.shard_clients, window=a.window, procs=a.procs, drain=10.0, seconds=a.seconds,
                         warmup=a.warmup, nice=a.nice)
    d = Deployment(db, n, tmp, bench_limits=True)
    try:
        # the infrastructure's CPU is counted with the first process's in cpu_pct (as before); cpu_s has each part
        first = d.servers[0]
        counted = SimpleNamespace(port=first.port, procs=lambda: first.procs() + d.infrastructure())
        row = durable.run_load(f"sharded-{db}-{n}", db, [counted] + d.servers[1:], None, a.workshops, None, da,
                               parts=d.parts())
    finally:
        d.stop()
    acked = row["acked_per_s"] * a.seconds
    per_op = {k: (v / acked * 1e6 if acked else None) for k, v in row["cpu_s"].items()}  # µs of CPU per acked op
    return {"scenario": "sharded", "deployment": label(db, n), "db": db, "processes": n,
            "p50_ms": row["p50_ms"], "p99_ms": row["p99_ms"], "max_ms": row["max_ms"],
            "missing": row["unanswered"], "acked_ops_per_s": row["acked_per_s"], "offered_ops_per_s": None,
            "deliveries_per_s": None, "cpu_pct": row["cpu_pct"], "cpu_us_per_delivery": None,
            "cpu_us_per_op": per_op, "cpu_pct_by_part": {k: v / a.seconds * 100 for k, v in row["cpu_s"].items()},
            "seq_gaps": 0, "errors": row["errors"], "detail": row}


def print_table(rows: list[dict]) -> None:
    hdr = ("scenario", "deployment", "acked ops/s", "offered", "p50 ms", "p99 ms", "max ms", "CPU%",
           "µs/deliv", "missing", "x 1 process")
    out = [hdr]
    for r in rows:
        out.append((r["scenario"], r["deployment"], fanout.fmt(r["acked_ops_per_s"], ".0f"),
                    fanout.fmt(r["offered_ops_per_s"], ".0f"), fanout.fmt(r["p50_ms"], ".1f"),
                    fanout.fmt(r["p99_ms"], ".1f"), fanout.fmt(r["max_ms"], ".0f"), fanout.fmt(r["cpu_pct"], ".0f"),
                    fanout.fmt(r["cpu_us_per_delivery"], ".1f"), str(r["missing"]),
                    fanout.fmt(r.get("vs_one"), ".2f")))
    w = [max(len(x[i]) for x in out) for i in range(len(hdr))]
    print()
    for x in out:
        print("  ".join(c.rjust(w[i]) if i >= 2 else c.ljust(w[i]) for i, c in enumerate(x)))


PARTS = ("coboard", "postgres", "redis", "load generator", "machine")


def print_cpu_table(rows: list[dict]) -> None:
    """sharded: CPU per acked op by part, and each part's share of the cores, so that it shows whether
    processes add work per op (cross-process cost) or only find no core to run on (the ceiling)."""
    rows = [r for r in rows if r.get("cpu_us_per_op")]
    if not rows:
        return
    cores = os.cpu_count() or 1
    hdr = ("sharded: deployment", "acked ops/s", *(f"{k} µs/op" for k in PARTS[:3]), "server µs/op",
           *(f"{k} %" for k in PARTS), "idle %")
    out = [hdr]
    for r in rows:
        us, pct = r["cpu_us_per_op"], r["cpu_pct_by_part"]
        server = sum(us[k] or 0 for k in ("coboard", "postgres", "redis", "nginx"))
        out.append((r["deployment"], fanout.fmt(r["acked_ops_per_s"], ".0f"),
                    *(fanout.fmt(us.get(k), ".0f") for k in PARTS[:3]), fanout.fmt(server, ".0f"),
                    *(fanout.fmt(pct.get(k), ".0f") for k in PARTS), fanout.fmt(cores * 100 - pct["machine"], ".0f")))
    w = [max(len(x[i]) for x in out) for i in range(len(hdr))]
    print()
    for x in out:
        print("  ".join(c.rjust(w[i]) if i >= 1 else c.ljust(w[i]) for i, c in enumerate(x)))
    print(f"µs/op: CPU seconds in the measured window per acked op (server = Coboard + PostgreSQL + Redis + nginx); "
          f"%: of one core ({cores} cores: {cores * 100} % in all), machine = every process on the machine, "
          f"this bench's and everyone else's.")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scenario", default="split,sharded")
    p.add_argument("--processes", default="1,2,3", help="PostgreSQL + Redis deployments to run")
    p.add_argument("--no-sqlite", action="store_true", help="skip the one-process SQLite deployment")
    p.add_argument("--clients", type=int, default=300, help="split: clients on the one workshop")
    p.add_argument("--movers", type=int, default=30, help="split: clients moving their card")
    p.add_argument("--hz", type=float, default=5.0, help="split: moves per second per mover")
    p.add_argument("--workshops", type=int, default=6, help="sharded: workshops")
    p.add_argument("--shard-clients", type=int, default=4, help="sharded: clients per workshop")
    p.add_argument("--window", type=int, default=4, help="sharded: unanswered ops per client")
    p.add_argument("--seconds", type=float, default=10.0)
    p.add_argument("--warmup", type=float, default=2.0)
    p.add_argument("--procs", type=int, default=2, help="load generator processes")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--wait-quiet", type=float, default=0.0, metavar="SECONDS")
    p.add_argument("--snapshot", metavar="REV", help="run Coboard from `git archive REV`")
    p.add_argument("--base", metavar="REV", help="also run Coboard as it was at REV after each deployment of the "
                                                  "work tree, in the same invocation (rows marked `base`)")
    p.add_argument("--nice", type=int, default=0)
    p.add_argument("--profile", choices=["py-spy", "perf"],
                   help="split: sample every Coboard process through the measured window (py-spy: their samples "
                        "summed, threads by process; perf: shared objects and system calls). Sampling costs CPU: "
                        "not for the figures")
    p.add_argument("--profile-rate", type=int, default=250, help="samples a second (with --profile)")
    p.add_argument("--profile-top", type=int, default=30, help="functions listed (with --profile)")
    p.add_argument("--out")
    a = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="coboard-scale-"))
    sources = [("coboard", targets.export_snapshot(a.snapshot, tmp / "src") if a.snapshot else None)]
    if a.base:
        sources.append(("base", targets.export_snapshot(a.base, tmp / "base-src")))
    targets._NICE[0] = a.nice
    deployments = ([] if a.no_sqlite else [("sqlite", 1)]) + [("postgres", int(n)) for n in a.processes.split(",")]
    runners = {"split": run_split, "sharded": run_sharded}
    rows, failures = [], []
    try:
        for rep in range(a.repeat):
            for scenario in a.scenario.split(","):
                for (db, n), (target, src) in [(d, t) for d in deployments for t in sources]:
                    targets._COBOARD_SRC[0] = src
                    targets._COBOARD_HELP[0] = targets.coboard_help()
                    fanout.wait_quiet(a.wait_quiet)
                    print(f"\n== {scenario}: {label(db, n)} ({target}); load average {os.getloadavg()[0]:.2f}",
                          flush=True)
                    try:
                        row = runners[scenario](db, n, a, tmp)
                    except KeyboardInterrupt:
                        raise
                    except Exception as e:  # noqa: BLE001
                        print(f"   FAILED: {e}", flush=True)
                        failures.append(f"{scenario} {label(db, n)} ({target}): {str(e)[:1000]}")
                        continue
                    row["rep"], row["target"], row["loadavg"] = rep, target, os.getloadavg()[0]
                    if target != "coboard":
                        row["deployment"] = f"{row['deployment']} [{target}]"
                    rows.append(row)
    finally:
        targets._cleanup()
    summary = []
    for scenario in a.scenario.split(","):
        for (db, n), (target, _) in [(d, t) for d in deployments for t in sources]:
            rs = [r for r in rows if r["scenario"] == scenario and (r["db"], r["processes"], r["target"]) == (db, n, target)]
            if not rs:
                continue
            med = {k: statistics.median(r[k] for r in rs) for k in ("p50_ms", "p99_ms", "max_ms", "acked_ops_per_s",
                                                                   "cpu_pct")}
            for per in ("cpu_us_per_op", "cpu_pct_by_part"):  # sharded: each part's median
                if all(r.get(per) for r in rs):
                    med[per] = {k: statistics.median(r[per][k] for r in rs) for k in rs[0][per]}
            summary.append({**rs[0], **med, "deployment": rs[0]["deployment"] +
                            (f" (median of {len(rs)})" if len(rs) > 1 else "")})
    for r in summary:  # against one PostgreSQL process: p99 for split, throughput for sharded
        one = next((x for x in summary if x["scenario"] == r["scenario"] and x["db"] == "postgres"
                    and x["processes"] == 1 and x["target"] == r["target"]), None)
        if one:
            key = "p99_ms" if r["scenario"] == "split" else "acked_ops_per_s"
            r["vs_one"] = fanout.ratio(r[key], one[key])
    print_table(summary)
    print_cpu_table(summary)
    print("\nx 1 process: split = p99 against one PostgreSQL process (aim ≤ 1.2 with 2); sharded = ops/s "
          "against one PostgreSQL process (near-linear: ~2 and ~3, up to what 2 cores allow).")
    for f in failures:
        print(f"FAILED: {f}")
    out = Path(a.out) if a.out else BENCH_DIR / "results" / time.strftime("scale-%Y%m%dT%H%M%SZ.json", time.gmtime())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"meta": {"argv": sys.argv, "snapshot": a.snapshot, "base": a.base, "cpu_count": os.cpu_count(),
                                        "failures": failures}, "runs": rows, "summary": summary},
                              indent=2, default=str))
    print(f"results: {out}")


if __name__ == "__main__":
    mp.set_start_method("spawn")
    main()
