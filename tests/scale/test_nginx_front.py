"""What deploy/nginx.conf itself must not undo (issue 12 behind issue 14's deployment): the app refuses an
unauthenticated upload before reading its body, and keeps join codes out of its access log; nginx in
front must do neither the reading nor the logging for it. One SQLite process behind the same nginx
file the deployment runs (bench/services.py), logging as it does in production."""
import asyncio
import socket
from urllib.parse import urlsplit

import httpx
import pytest

from .conftest import balanced_cluster, stop_balanced

MiB = 1024 * 1024
ADMIN_KEY = "sesame"


def create_workshop(front) -> dict:
    r = httpx.post(f"{front.base_url}/api/workshops", json={"title": "Front", "facilitator_name": "Sam"},
                   headers={"X-Admin-Key": ADMIN_KEY}, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory):
    # with an admin key a restore without it is refused from its headers (with none, anonymous ones are read)
    cluster = balanced_cluster(tmp_path_factory.mktemp("front"), {"COBOARD_ADMIN_KEY": ADMIN_KEY}, 1)
    yield cluster
    stop_balanced(cluster)


async def answer_to_a_part(base_url: str, path: str, part: int, wait: float = 30.0) -> int:
    """The status of a chunked POST with no credentials of which only the first `part` bytes are sent, the
    rest held back (as a slow client would): 0 when nothing came within `wait` seconds. A front that buffers
    bodies waits for the rest before it passes anything on, so its answer never comes (nginx: a 408 after
    its client_body_timeout of 60 s)."""
    loop = asyncio.get_running_loop()
    url = urlsplit(base_url)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    try:
        await loop.sock_connect(sock, (url.hostname, url.port))
        await loop.sock_sendall(sock, (f"POST {path} HTTP/1.1\r\nHost: {url.netloc}\r\nConnection: close\r\n"
                                       "Content-Type: application/octet-stream\r\n"
                                       "Transfer-Encoding: chunked\r\n\r\n").encode())
        chunk = 64 * 1024
        for _ in range(part // chunk):
            await loop.sock_sendall(sock, b"%x\r\n%s\r\n" % (chunk, b"x" * chunk))
        got = b""
        try:
            while b"\r\n" not in got:
                more = await asyncio.wait_for(loop.sock_recv(sock, 4096), wait)
                if not more:
                    break
                got += more
        except (TimeoutError, OSError):
            pass
        parts = got.split(b"\r\n", 1)[0].split()
        return int(parts[1]) if len(parts) > 1 and parts[0].startswith(b"HTTP/") else 0
    finally:
        sock.close()


async def test_an_unauthenticated_upload_through_nginx_is_refused_before_nginx_reads_it(behind_nginx):
    """The first MiB of a 19 MiB upload (issue 12's attack) is enough for the refusal: nginx has passed the
    request on as it came, and the process answered from its headers. Before (nginx buffering bodies),
    nothing was answered until nginx had read and stored all 19 MiB."""
    front = behind_nginx.front
    workshop = create_workshop(front)
    for path in (f"/api/workshops/{workshop['workshop_id']}/responses", "/api/workshops/restore"):
        assert await answer_to_a_part(front.base_url, path, 1 * MiB) == 401, path


def test_a_join_code_in_a_query_string_is_not_in_nginx_access_log(behind_nginx):
    front = behind_nginx.front
    workshop = create_workshop(front)
    code, wid = workshop["join_code"], workshop["workshop_id"]
    r = httpx.get(f"{front.base_url}/w/{wid}/join", params={"code": code}, timeout=10, follow_redirects=False)
    assert r.status_code < 500, r.status_code
    r = httpx.get(f"{front.base_url}/api/workshops/{wid}/state", params={"token": workshop["token"]}, timeout=10)
    logged = behind_nginx.nginx.access_log()
    assert f"/w/{wid}/join?... " in logged, logged[-2000:]  # the request was logged, without its query
    assert code not in logged and workshop["token"] not in logged
    assert code not in behind_nginx.servers[0].log()
