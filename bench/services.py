"""Real PostgreSQL, Redis and nginx servers in temp folders on free ports of 127.0.0.1.

One place for starting them, used by tests/scale and by the benches (bench/scale.py,
bench/durable.py). Debian's packages (`make services` installs them); PostgreSQL refuses to
run as root, so as root its cluster is made and run as the `postgres` user. nginx runs
deploy/nginx.conf — the same file deploy/compose.yaml mounts — with only its addresses filled in.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import string
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NGINX_TEMPLATE = ROOT / "deploy" / "nginx.conf"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not start within {seconds:g} s")


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"PostgreSQL's {name} is not installed: run `make services` (it installs postgresql)")
    return found[-1]


def _as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


class Postgres:
    """A PostgreSQL cluster of its own; `restart()` stops it (fast) and starts it again on the same port."""

    def __init__(self, fsync: bool = False):
        self.data = tempfile.mkdtemp(prefix="coboard-pg-")
        self.port = free_port()
        self.fsync = fsync
        self.proc: subprocess.Popen | None = None
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(self.data, user.pw_uid, user.pw_gid)
        subprocess.run(_as_postgres() + [pg_bin("initdb"), "-D", self.data, "-A", "trust", "-U", "coboard",
                                         "--no-sync"], check=True, capture_output=True)

    def start(self) -> "Postgres":
        # fsync off by default: tests and benches measure Coboard, not this machine's disk. The
        # benches that compare with SQLite's synchronous=FULL turn it on (Postgres(fsync=True)).
        settings = ["-c", "max_connections=300", "-c", f"fsync={'on' if self.fsync else 'off'}",
                    "-c", f"synchronous_commit={'on' if self.fsync else 'off'}"]
        self.proc = subprocess.Popen(_as_postgres() + [pg_bin("postgres"), "-D", self.data, "-p", str(self.port),
                                                       "-k", self.data, "-h", "127.0.0.1", *settings],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     start_new_session=True)
        wait_for(self.ready, "PostgreSQL")
        return self

    def ready(self) -> bool:
        return subprocess.run([pg_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                              capture_output=True).returncode == 0

    def new_database(self) -> str:
        name = "coboard_" + uuid.uuid4().hex[:10]
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "coboard", "-d", "postgres", "-qc",
                        f"CREATE DATABASE {name}"], check=True, capture_output=True)
        return f"postgresql://coboard@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            # "fast" shutdown: clients are disconnected at once. pg_ctl, since as root the process
            # we started is runuser, which does not pass signals on to the postmaster.
            subprocess.run(_as_postgres() + [pg_bin("pg_ctl"), "-D", self.data, "-m", "fast", "-w", "-t", "20",
                                             "stop"], capture_output=True)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.proc = None

    def restart(self, down_for: float = 0.0) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.data, ignore_errors=True)


class Redis:
    def __init__(self):
        exe = shutil.which("redis-server")
        if exe is None:
            raise RuntimeError("redis-server is not installed: run `make services` (it installs redis-server)")
        self.exe, self.port, self.proc = exe, free_port(), None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "Redis":
        self.proc = subprocess.Popen([self.exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        wait_for(self.ready, "Redis")
        return self

    def ready(self) -> bool:
        return subprocess.run(["redis-cli", "-p", str(self.port), "ping"],
                              capture_output=True).stdout.strip() == b"PONG"

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc = None

    def close(self) -> None:
        self.stop()


def render_nginx(listen_port: int, upstreams: list[str], servers: str | None = None, resolver: str = "") -> str:
    """deploy/nginx.conf with its placeholders filled in, as the nginx image's envsubst does: fixed
    addresses and no resolver here; compose gives `servers` and `resolver` from its environment."""
    if servers is None:
        servers = " ".join(f"server {u};" for u in upstreams)
    return string.Template(NGINX_TEMPLATE.read_text()).safe_substitute(
        LISTEN_PORT=str(listen_port), COBOARD_SERVERS=servers, COBOARD_RESOLVER=resolver)


class Nginx:
    """Debian's nginx with its own main config in a temp folder, around deploy/nginx.conf."""

    def __init__(self, upstreams: list[str]):
        exe = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
        if exe is None:
            raise RuntimeError("nginx is not installed: run `make services` (it installs nginx)")
        self.exe, self.upstreams, self.port = exe, upstreams, free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="coboard-nginx-"))
        self.proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _write(self) -> Path:
        # mkdtemp's folder is its owner's alone: workers running as nobody (nginx started as root) could not
        # reach the temp folders inside, and every request body nginx buffered to disk was answered 500
        os.chmod(self.dir, 0o755)
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.dir / sub).mkdir(exist_ok=True)
            os.chmod(self.dir / sub, 0o777)  # workers run as nobody when nginx starts as root
        (self.dir / "coboard.conf").write_text(render_nginx(self.port, self.upstreams))
        main = self.dir / "nginx.conf"
        d = self.dir
        main.write_text(f"""daemon off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 8192; }}
worker_rlimit_nofile 20000;
http {{
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    include {d}/coboard.conf;
}}
""")
        return main

    def check(self) -> None:
        """`nginx -t` on the rendered configuration: raises with nginx's own words when it is wrong."""
        main = self._write()
        r = subprocess.run([self.exe, "-t", "-c", str(main), "-p", str(self.dir), "-e", str(self.dir / "error.log")],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{r.stderr}")

    def start(self) -> "Nginx":
        self.check()
        with open(self.dir / "access.log", "ab") as out:  # deploy/nginx.conf logs to standard output
            self.proc = subprocess.Popen([self.exe, "-c", str(self.dir / "nginx.conf"), "-p", str(self.dir),
                                          "-e", str(self.dir / "error.log")],
                                         stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(self._listening, "nginx", 15)
        return self

    def _listening(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"nginx exited:\n{self.error_log()}")
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def access_log(self) -> str:
        """What nginx wrote to its access log (its standard output, as in the nginx image)."""
        try:
            return (self.dir / "access.log").read_text(errors="replace")
        except OSError:
            return ""

    def error_log(self) -> str:
        try:
            return (self.dir / "error.log").read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # fast shutdown: open WebSockets would keep a graceful one waiting
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.proc = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
