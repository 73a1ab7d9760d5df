"""The adversarial layer (issue 12): a real `coboard serve` on loopback, attacked as an attacker
would, in bounded loops; psutil reads the server process's memory.

Every finding of issue 12 has a test here. Figures are bounds, not timings: the machine is shared.
"""
import asyncio
from urllib.parse import urlsplit

import psutil
import pytest

from tests.conftest import LiveServer, start_server, stop_server

MiB = 1024 * 1024


@pytest.fixture(scope="package")
def shared(tmp_path_factory) -> LiveServer:
    """One server with the default settings for the tests that need nothing else: each test uses its
    own workshops and, where budgets per address matter, its own addresses (all of 127.0.0.0/8 is
    loopback), so they cannot spend each other's budgets. Memory is measured as growth."""
    live = start_server(tmp_path_factory.mktemp("adversarial"))
    yield live
    stop_server(live)


@pytest.fixture
def start(tmp_path):
    """`start(env)` → a fresh server of this test's own (stopped afterwards)."""
    started: list[LiveServer] = []

    def go(env: dict | None = None, name: str = "server") -> LiveServer:
        folder = tmp_path / name
        folder.mkdir()
        started.append(start_server(folder, env or {}))
        return started[-1]

    yield go
    for server in started:
        stop_server(server)


def rss(server: LiveServer) -> int:
    """The server process's resident memory, in bytes (its children too, if any)."""
    process = psutil.Process(server.process.pid)
    return process.memory_info().rss + sum(c.memory_info().rss for c in process.children(recursive=True))


async def chunked_post(server: LiveServer, path: str, total: int, headers: dict | None = None,
                       chunk: int = 256 * 1024, content_length: bool = False, wait: float = 60.0,
                       prefix: bytes = b"", local_address: str | None = None, suffix: bytes = b"") -> int:
    """POST `total` bytes (`prefix`, then filler, then `suffix`) to `path` in chunks (as `Transfer-Encoding: chunked` unless `content_length`),
    from `local_address` (another loopback address) when given, stopping as soon as the server answers; the answer's status, or 0 when the server hung up on the
    unread body so fast that the kernel dropped its answer (a refusal too: nothing was read)."""
    url = urlsplit(server.base_url)
    reader, writer = await asyncio.open_connection(url.hostname, url.port,
                                                   local_addr=(local_address, 0) if local_address else None)
    fields = {"Host": url.netloc, "Content-Type": "application/octet-stream", "Connection": "close",
              **({"Content-Length": str(total)} if content_length else {"Transfer-Encoding": "chunked"}),
              **(headers or {})}
    lines = [f"POST {path} HTTP/1.1"] + [f"{k}: {v}" for k, v in fields.items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())

    async def send_body():
        if prefix:
            writer.write(prefix if content_length else b"%x\r\n%s\r\n" % (len(prefix), prefix))
        block = b"x" * chunk
        sent, filler = len(prefix), total - len(suffix)
        while sent < filler:
            piece = block[: min(chunk, filler - sent)]
            writer.write(piece if content_length else b"%x\r\n%s\r\n" % (len(piece), piece))
            await writer.drain()
            sent += len(piece)
        if suffix:
            writer.write(suffix if content_length else b"%x\r\n%s\r\n" % (len(suffix), suffix))
        if not content_length:
            writer.write(b"0\r\n\r\n")
            await writer.drain()

    sender = asyncio.create_task(send_body())
    try:
        status_line = await asyncio.wait_for(reader.readline(), wait)
        return int(status_line.split()[1]) if status_line else 0
    except (ConnectionError, asyncio.IncompleteReadError):
        return 0
    finally:
        sender.cancel()
        await asyncio.gather(sender, return_exceptions=True)
        writer.close()
