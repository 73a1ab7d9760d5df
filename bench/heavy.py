"""Heavy work never stalls the room (issue 12): one workshop's op latency while another imports.

Starts `coboard serve` on a fresh SQLite file, opens workshop A with one member moving a card
every 50 ms over a WebSocket (each move timed from send to ack), measures a quiet baseline, then
has workshop B's facilitator import a CSV of 50,000 answers over HTTP and keeps measuring until
the import is answered. Prints A's p50/p99/max in both periods and how long the import took.
Not a test: figures only (compare the two periods of one run; the machine may be shared).

    .venv/bin/python bench/heavy.py                # 50,000 rows
    .venv/bin/python bench/heavy.py --rows 20000 --baseline 5
    .venv/bin/python bench/heavy.py --xlsx         # the same answers as an Excel file
    .venv/bin/python bench/heavy.py --compare      # one transaction (COBOARD_SLICE_RECORDS=0), then sliced
    .venv/bin/python bench/heavy.py --base main --repeat 3   # also Coboard at main, alternating, one table

Each run starts its own server; --compare runs the import twice, first stored in one transaction as it
was before slicing, then in slices of COBOARD_SLICE_RECORDS (default), and prints both. --base REV runs
the same import against a `git archive` of REV too (alternating with the work tree, --repeat times), and
ends with one table of every run with the load average at its start.
"""
import argparse
import asyncio
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import websockets

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from server.workers import SLICE_RECORDS  # noqa: E402
from bench.targets import export_snapshot  # noqa: E402
from tests.conftest import LiveServer, free_port, start_server, stop_server  # noqa: E402  (the tests' real server)


def start_snapshot(src: Path, tmp: Path, extra_env: dict) -> LiveServer:
    """`python -m server.cli serve` from a snapshot of another revision (as start_server, otherwise)."""
    port, db = free_port(), tmp / "coboard.db"
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db}", PYTHONPATH=str(src), **extra_env)
    env.pop("REDIS_URL", None)
    env.pop("COBOARD_ADMIN_KEY", None)
    log = tmp / "server.log"
    proc = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=open(log, "w"), stderr=subprocess.STDOUT, cwd=src)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return LiveServer(base, proc, log, db, env)
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the snapshot's server did not become healthy")


def answers_file(rows: int, xlsx: bool) -> tuple[str, bytes, str]:
    header = ["Respondent", "What is working well for you?", "What is not working well for you?"]
    body = [[f"R{i}", f"Seeing my friends at the centre, number {i}", f"The bus is late, time {i}"]
            for i in range(rows // 2)]
    if xlsx:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Answers")
        sheet.append(header)
        for row in body:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return "answers.xlsx", out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    text = "\n".join(",".join(r) for r in [header] + body) + "\n"
    return "answers.csv", text.encode(), "text/csv"


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def mover(server, workshop: dict, member: dict, stop: asyncio.Event, marks: list) -> None:
    """Moves one card of workshop A every 50 ms; appends (time sent, latency ms) per acked move."""
    async with websockets.connect(server.ws_url(workshop["workshop_id"]), max_size=2 ** 24) as ws:
        await ws.send(json.dumps({"op": "hello", "token": member["token"]}))
        welcome = json.loads(await ws.recv())
        board = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "ww")
        await ws.send(json.dumps({"op": "card.create", "id": "make", "args": {"board_id": board, "type": "note",
                                                                             "text": "Mine"}}))
        card = None
        while card is None:
            m = json.loads(await ws.recv())
            if m.get("t") == "ack" and m.get("id") == "make":
                card = m["result"]["card_id"]
        n = 0
        while not stop.is_set():
            n += 1
            sent = time.perf_counter()
            await ws.send(json.dumps({"op": "card.update", "id": f"m{n}",
                                      "args": {"card_id": card, "x": (n % 100) / 100, "y": 0.5}}))
            while True:
                m = json.loads(await ws.recv())
                if m.get("id") == f"m{n}":
                    marks.append((sent, (time.perf_counter() - sent) * 1000))
                    break
            await asyncio.sleep(max(0.0, 0.05 - (time.perf_counter() - sent)))


async def run(a, slice_records: str | None = None, src: Path | None = None, target: str = "work tree") -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="coboard-heavy-"))
    env = {"COBOARD_OPS_PER_SECOND": "1000", "COBOARD_OPS_BURST": "1000"}
    if slice_records is not None:
        env["COBOARD_SLICE_RECORDS"] = slice_records
    load = os.getloadavg()[0]
    server = start_snapshot(src, tmp, env) if src is not None else start_server(tmp, env)
    try:
        room = server.create_workshop("The room")
        member = server.join(room, "Ada")
        importer = server.create_workshop("The importer")
        name, data, media = answers_file(a.rows, a.xlsx)
        if a.warm:  # a server that has imported before (its worker processes started): a small file first
            small_name, small, small_media = answers_file(200, a.xlsx)
            async with httpx.AsyncClient(base_url=server.base_url, timeout=600) as http:
                w = await http.post(f"/api/workshops/{importer['workshop_id']}/responses",
                                    headers={"Authorization": f"Bearer {importer['token']}"},
                                    files={"file": ("warm-" + small_name, small, small_media)})
                assert w.status_code == 200, w.text
        stop, marks = asyncio.Event(), []
        moving = asyncio.create_task(mover(server, room, member, stop, marks))
        await asyncio.sleep(a.baseline)
        began = time.perf_counter()
        async with httpx.AsyncClient(base_url=server.base_url, timeout=600) as http:
            r = await http.post(f"/api/workshops/{importer['workshop_id']}/responses",
                                headers={"Authorization": f"Bearer {importer['token']}"},
                                files={"file": (name, data, media)})
        ended = time.perf_counter()
        await asyncio.sleep(0.5)
        stop.set()
        await moving
        quiet = [ms for t, ms in marks if t < began]
        busy = [ms for t, ms in marks if began <= t <= ended]
        how = {None: "", "0": " [one transaction]"}.get(slice_records, f" [slices of {slice_records}]")
        how += " [warm]" if a.warm else ""
        print(f"{target}, load average {load:.2f}: import of {a.rows:,} answers{how} ({name}, {len(data) / 1e6:.1f} MB): HTTP {r.status_code} "
              f"in {ended - began:.1f} s; {r.json().get('answers', r.json()) if r.status_code < 300 else r.text[:200]}")
        for label, values in (("quiet", quiet), ("during import", busy)):
            print(f"  room's op latency {label:>13}: n={len(values):4d}  p50={pct(values, 50):7.1f} ms  "
                  f"p99={pct(values, 99):7.1f} ms  max={max(values, default=float('nan')):7.1f} ms")
        if quiet and busy:
            print(f"  ratio during/quiet: p50 ×{pct(busy, 50) / pct(quiet, 50):.1f}  "
                  f"p99 ×{pct(busy, 99) / pct(quiet, 99):.1f}  (median of all {statistics.median(busy):.1f} ms)",
                  flush=True)
        return {"target": target, "how": how.replace("[", "").replace("]", "").strip() or "default", "load": load, "status": r.status_code,
                "took": ended - began, "quiet_p50": pct(quiet, 50), "quiet_p99": pct(quiet, 99), "busy_p50": pct(busy, 50),
                "busy_p99": pct(busy, 99), "busy_max": max(busy, default=float("nan"))}
    finally:
        stop_server(server)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=50_000, help="answers in the imported file (default 50,000)")
    p.add_argument("--baseline", type=float, default=4.0, help="seconds of quiet measurement first")
    p.add_argument("--xlsx", action="store_true", help="import an Excel file instead of CSV")
    p.add_argument("--compare", action="store_true",
                   help="run twice: one transaction (COBOARD_SLICE_RECORDS=0), then in slices (the default)")
    p.add_argument("--slice", default=None,
                   help="COBOARD_SLICE_RECORDS for the server (default: its default); several, comma-separated: "
                        "each in turn, in this run")
    p.add_argument("--base", metavar="REV", help="also run Coboard at REV (git archive), alternating, in this run")
    p.add_argument("--warm", action="store_true",
                   help="import a 200-answer file first (a server that has imported before), then measure")
    p.add_argument("--repeat", type=int, default=1, help="runs of each (target, storage) (default 1)")
    a = p.parse_args()
    targets = [("work tree", None)]
    if a.base:
        targets.append((f"base {a.base}", export_snapshot(a.base, Path(tempfile.mkdtemp(prefix="coboard-heavy-base-")))))
    modes = ["0", a.slice or str(SLICE_RECORDS)] if a.compare else (a.slice.split(",") if a.slice else [None])
    rows = []
    for _ in range(a.repeat):
        for mode in modes:
            for target, src in targets:
                rows.append(asyncio.run(run(a, mode, src, target)))
    if len(rows) > 1:
        print("\n| target | stored | load | import s | quiet p50 ms | quiet p99 ms | during p50 ms | during p99 ms | during max ms |")
        print("|---|---|---|---|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['target']} | {r['how']} | {r['load']:.2f} | {r['took']:.1f} | {r['quiet_p50']:.1f} | {r['quiet_p99']:.1f} | "
                  f"{r['busy_p50']:.1f} | {r['busy_p99']:.1f} | {r['busy_max']:.1f} |")

if __name__ == "__main__":
    main()
