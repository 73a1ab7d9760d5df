"""Scale-out fixtures: a real PostgreSQL and a real Redis, started here, and several server processes.

Debian's postgresql and redis-server packages are installed by `make test`; PostgreSQL refuses to
run as root, so as root its cluster is made and run as the `postgres` user.
"""
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import LiveServer, free_port, start_server, stop_server


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed: run `make test` (it installs postgresql)")
    return found[-1]


def as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def wait_for(check, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start")


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server on a free port; yields a function making a fresh database URL."""
    data = tempfile.mkdtemp(prefix="coboard-pg-")
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(data, user.pw_uid, user.pw_gid)
    subprocess.run(as_postgres() + [pg_bin("initdb"), "-D", data, "-A", "trust", "-U", "coboard", "--no-sync"],
                   check=True, capture_output=True)
    port = free_port()
    log = open(Path(data) / "server.log", "w") if os.geteuid() != 0 else subprocess.DEVNULL
    proc = subprocess.Popen(as_postgres() + [pg_bin("postgres"), "-D", data, "-p", str(port), "-k", data,
                                             "-h", "127.0.0.1", "-c", "max_connections=200"],
                            stdout=log, stderr=subprocess.STDOUT)

    def ready():
        return subprocess.run([pg_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                              capture_output=True).returncode == 0

    wait_for(ready, "PostgreSQL")

    def new_database() -> str:
        name = "coboard_" + uuid.uuid4().hex[:10]
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", "coboard", "-d", "postgres", "-qc",
                        f"CREATE DATABASE {name}"], check=True, capture_output=True)
        return f"postgresql://coboard@127.0.0.1:{port}/{name}"

    yield new_database
    proc.terminate()
    proc.wait(20)
    shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(scope="session")
def redis_url():
    exe = shutil.which("redis-server")
    if exe is None:
        raise RuntimeError("redis-server is not installed: run `make test` (it installs redis-server)")
    port = free_port()
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def ready():
        return subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() == b"PONG"

    wait_for(ready, "Redis")
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def cluster(tmp_path, postgres, redis_url):
    """Two `coboard serve` processes sharing one PostgreSQL database and one Redis."""
    env = {"DATABASE_URL": postgres(), "REDIS_URL": redis_url, "COBOARD_CREATES_PER_MINUTE": "10000"}
    servers: list[LiveServer] = []
    for i in range(2):
        d = tmp_path / f"server{i}"
        d.mkdir()
        servers.append(start_server(d, env))
    yield servers
    for server in servers:
        stop_server(server)
