"""The servers the benches drive: Coboard (`coboard serve`, from the work tree or a git snapshot),
the bare relay (bench/relay.py) and y-websocket's own server (npm, in bench/peers/), each a
subprocess in its own session on a free port, stopped on exit."""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from loadgen import raise_priority

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
VENV_BIN = Path(sys.executable).parent

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


def start_coboard(port: int, compression: str, tmp: Path, logdir: Path, env_extra: dict | None = None,
                  name: str = "coboard") -> ServerProc:
    """`coboard serve` on a fresh SQLite file, unless env_extra brings DATABASE_URL (and REDIS_URL)."""
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite:///{tmp / f'bench-{port}.db'}"
    env["COBOARD_WS_DEFLATE"] = "true" if compression == "deflate" else "false"
    env.pop("REDIS_URL", None)
    env["COBOARD_JOINS_PER_MINUTE"] = "100000"  # a bench fills one room with hundreds of members at once
    env.update(env_extra or {})
    for kv in _SERVER_ENV:
        k, _, v = kv.partition("=")
        env[k] = v
    argv = coboard_argv() + ["serve", "--host", "127.0.0.1", "--port", str(port)]
    if "--ws-per-message-deflate" in _COBOARD_HELP[0]:
        argv += ["--ws-per-message-deflate", "true" if compression == "deflate" else "false"]
    s = ServerProc(name, argv, env, port, logdir, cwd=_COBOARD_SRC[0] or ROOT)
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


PEERS = BENCH_DIR / "peers"


def install_peers() -> None:
    """y-websocket's server from npm, pinned by bench/peers/package-lock.json, into bench/peers/node_modules."""
    if (PEERS / "node_modules" / "y-websocket" / "bin" / "server.js").exists():
        return
    print("installing y-websocket into bench/peers (npm ci)", flush=True)
    # --omit=optional: y-websocket's optional LevelDB persistence needs a native build; the bench
    # measures it as an in-memory relay of Yjs updates, which is how it runs by default.
    subprocess.run(["npm", "ci", "--omit=optional", "--no-audit", "--no-fund"], cwd=PEERS, check=True)


def start_yws(port: int, logdir: Path) -> ServerProc:
    """y-websocket's own server (bin/server.js, on ws): a Y.Doc per room in memory, updates relayed."""
    install_peers()
    env = dict(os.environ, HOST="127.0.0.1", PORT=str(port))
    s = ServerProc("yws", ["node", str(PEERS / "node_modules" / "y-websocket" / "bin" / "server.js")], env, port,
                   logdir, cwd=PEERS)
    s.start()
    return s
