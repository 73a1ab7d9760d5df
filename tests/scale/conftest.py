"""Scale-out fixtures: a real PostgreSQL, Redis and nginx (bench/services.py starts them on free
ports in temp folders) and several `coboard serve` processes sharing them.

Debian's postgresql, redis-server and nginx packages are installed by `make test`.
"""
from dataclasses import dataclass

import pytest

from bench.services import Nginx, Postgres, Redis
from tests.conftest import LiveServer, start_server, stop_server

MANY = {"COBOARD_CREATES_PER_MINUTE": "10000", "COBOARD_JOIN_FAILURES_PER_MINUTE": "10000"}


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server for the session; yields a function making a fresh database URL."""
    server = Postgres().start()
    yield server.new_database
    server.close()


@pytest.fixture
def own_postgres():
    """A PostgreSQL server of this test's own, for tests that stop or restart it."""
    server = Postgres().start()
    yield server
    server.close()


@pytest.fixture(scope="session")
def redis_url():
    server = Redis().start()
    yield server.url
    server.close()


def start_servers(tmp_path, env: dict, n: int) -> list[LiveServer]:
    servers = []
    for i in range(n):
        d = tmp_path / f"server{i}"
        d.mkdir()
        servers.append(start_server(d, env))
    return servers


@pytest.fixture
def cluster(tmp_path, postgres, redis_url):
    """Two `coboard serve` processes sharing one PostgreSQL database and one Redis."""
    servers = start_servers(tmp_path, {"DATABASE_URL": postgres(), "REDIS_URL": redis_url, **MANY}, 2)
    yield servers
    for server in servers:
        stop_server(server)


@pytest.fixture(scope="session")
def pair(tmp_path_factory, postgres, redis_url):
    """Two processes on one PostgreSQL database and one Redis, shared by every test that leaves both running
    and works on workshops of its own (starting two takes 5-60 s, by the machine's load): test_two_processes,
    the personal data and long-poll tests, test_subscriptions' a and b. A test that stops, kills or restarts
    a process or a service, or needs other settings, starts its own (`cluster`, `start_servers`)."""
    servers = start_servers(tmp_path_factory.mktemp("pair"), {"DATABASE_URL": postgres(), "REDIS_URL": redis_url,
                                                              **MANY}, 2)
    yield servers
    for server in servers:
        stop_server(server)


@dataclass
class Balanced:
    """Servers behind nginx; `front` talks to nginx as a client would, `servers` to each process."""

    nginx: Nginx
    servers: list[LiveServer]
    front: LiveServer


def balanced_cluster(tmp_path, env: dict, n: int):
    servers = start_servers(tmp_path, env, n)
    nginx = Nginx([s.base_url.removeprefix("http://") for s in servers]).start()
    front = LiveServer(nginx.base_url, nginx.proc, nginx.dir / "error.log", tmp_path / "none", env)
    return Balanced(nginx, servers, front)


def stop_balanced(cluster: Balanced) -> None:
    cluster.nginx.close()
    for server in cluster.servers:
        stop_server(server)


@pytest.fixture
def three_behind_nginx(tmp_path, postgres, redis_url):
    """Three processes on PostgreSQL + Redis behind nginx running deploy/nginx.conf."""
    cluster = balanced_cluster(tmp_path, {"DATABASE_URL": postgres(), "REDIS_URL": redis_url, **MANY}, 3)
    yield cluster
    stop_balanced(cluster)


@pytest.fixture
def own_redis():
    """A Redis of this test's own, for tests that stop or restart it."""
    server = Redis().start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def shared_three_behind_nginx(tmp_path_factory, postgres, redis_url):
    """The same, shared by a module's tests that leave the processes running (starting three is slow)."""
    cluster = balanced_cluster(tmp_path_factory.mktemp("balanced"),
                               {"DATABASE_URL": postgres(), "REDIS_URL": redis_url, **MANY}, 3)
    yield cluster
    stop_balanced(cluster)
