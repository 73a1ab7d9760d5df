"""Fixtures shared by every test layer: a real `coboard serve` on a free port, its own SQLite file."""
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
COBOARD = Path(sys.executable).parent / "coboard"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    """A running server process; `create_workshop` and `join` talk to it over HTTP."""

    base_url: str
    process: subprocess.Popen
    log_path: Path
    db_path: Path
    env: dict = field(default_factory=dict)

    @property
    def ws_base(self) -> str:
        return self.base_url.replace("http", "ws", 1)

    def ws_url(self, wid: str) -> str:
        return f"{self.ws_base}/ws/workshops/{wid}"

    def create_workshop(self, title="Our workshop", facilitator_name="Sam", **extra) -> dict:
        r = httpx.post(f"{self.base_url}/api/workshops",
                       json={"title": title, "facilitator_name": facilitator_name, **extra}, timeout=10)
        assert r.status_code == 201, r.text
        return r.json()

    def join(self, workshop: dict, name: str, **extra) -> dict:
        r = httpx.post(f"{self.base_url}/api/workshops/{workshop['workshop_id']}/join",
                       json={"join_code": workshop["join_code"], "name": name, **extra}, timeout=10)
        assert r.status_code == 201, r.text
        return r.json()

    def state(self, workshop_id: str, token: str) -> dict:
        r = httpx.get(f"{self.base_url}/api/workshops/{workshop_id}/state",
                      headers={"Authorization": f"Bearer {token}"}, timeout=10)
        assert r.status_code == 200, r.text
        return r.json()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


def start_server(tmp_path: Path, extra_env: dict | None = None, args: tuple = ()) -> LiveServer:
    port = free_port()
    db_path = tmp_path / "coboard.db"
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{db_path}")
    env.pop("REDIS_URL", None)  # unless extra_env brings one (tests/scale)
    env.pop("COBOARD_ADMIN_KEY", None)
    env.update(extra_env or {})
    if env["DATABASE_URL"].startswith("postgresql"):  # every process of a test's cluster, one secret (ballot_secret.py)
        env.setdefault("COBOARD_BALLOT_SECRET", "tests-ballot-secret-the-same-on-every-process")
    log_path = tmp_path / "server.log"
    proc = subprocess.Popen([str(COBOARD), "serve", "--host", "127.0.0.1", "--port", str(port), *args],
                            env=env, stdout=open(log_path, "w"), stderr=subprocess.STDOUT, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60  # a readiness wait, not a timing: a loaded machine starts slowly
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log_path.read_text()[-3000:]}")
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return LiveServer(base, proc, log_path, db_path, env)
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"server did not become healthy:\n{log_path.read_text()[-3000:]}")


def stop_server(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(5)


@pytest.fixture
def live_server(tmp_path):
    """A fresh `coboard serve` with its own SQLite file, stopped after the test."""
    server = start_server(tmp_path)
    yield server
    stop_server(server)
