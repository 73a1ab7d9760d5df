"""Allowed uploads are bounded too (issue 12): one server process reads and works on at most
UPLOADS_AT_ONCE answer files and restores at once, UPLOADS_PER_ADDRESS of them from one address; beyond,
a plain refusal at once (503 when the server is full, 429 when the address is), nothing of the body read.

Before, every allowed upload was streamed to its own temporary file, then read whole into memory while it
waited its turn in the heavy-work pool: 20 facilitator uploads of 19 MiB at once took the server and its
children 840 MiB up at the peak, and 459 MiB stayed.
Other addresses are real: Linux routes all of 127.0.0.0/8 to loopback."""
import asyncio
from urllib.parse import urlsplit

import httpx

from server.protocol.limits import UPLOADS_AT_ONCE, UPLOADS_PER_ADDRESS

from .conftest import MiB, chunked_post, rss

MEMORY_BOUND = 60 * MiB  # the held uploads have sent 1 MiB each; the refused ones, nothing that is kept
PREFIX = b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nWhat is working well for you?\n'


class HeldUpload:
    """An upload that sends its first MiB and then waits, holding its slot, until `close`."""

    def __init__(self, server, path: str, token: str, address: str):
        self.server, self.path, self.token, self.address = server, path, token, address

    async def open(self) -> "HeldUpload":
        url = urlsplit(self.server.base_url)
        self.reader, self.writer = await asyncio.open_connection(url.hostname, url.port, local_addr=(self.address, 0))
        head = (f"POST {self.path} HTTP/1.1\r\nHost: {url.netloc}\r\nAuthorization: Bearer {self.token}\r\n"
                "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n")
        body = PREFIX + b"Tea\n" * (MiB // 4)
        self.writer.write(head.encode() + b"%x\r\n%s\r\n" % (len(body), body))
        await self.writer.drain()
        return self

    def close(self) -> None:
        self.writer.close()


def small_upload(server, path: str, token: str, address: str) -> httpx.Response:
    with httpx.Client(base_url=server.base_url, timeout=30,
                      transport=httpx.HTTPTransport(local_address=address)) as http:
        return http.post(path, headers={"Authorization": f"Bearer {token}"},
                         files={"file": ("a.csv", b"What is working well for you?\nTea\n", "text/csv")})


async def until_status(server, path: str, token: str, address: str, status: int,
                       meanwhile: tuple = (200,)) -> httpx.Response:
    """A small upload from `address`, again until it is answered `status` (the held uploads reach the
    server's reading, or their end, in their own time), each answer before one of `meanwhile`; bounded:
    100 tries."""
    for _ in range(100):
        r = await asyncio.to_thread(small_upload, server, path, token, address)
        if r.status_code == status:
            return r
        assert r.status_code in meanwhile, r.text
        await asyncio.sleep(0.1)
    raise AssertionError(f"never answered {status}; last {r.status_code}: {r.text}")


async def test_uploads_at_once_are_bounded_per_address_and_per_server_in_plain_words(start):
    server = start()
    workshop = server.create_workshop()
    token = workshop["token"]
    path = f"/api/workshops/{workshop['workshop_id']}/responses?preview=true"
    assert small_upload(server, path, token, "127.0.0.21").status_code == 200  # the children started: counted before
    before = rss(server)

    held = [await HeldUpload(server, path, token, "127.0.0.21").open() for _ in range(UPLOADS_PER_ADDRESS)]
    r = await until_status(server, path, token, "127.0.0.21", 429)
    assert r.json()["code"] == "rate_limited" and "from here at once" in r.json()["message"]
    assert small_upload(server, path, token, "127.0.0.22").status_code == 200  # another address is not held up

    held += [await HeldUpload(server, path, token, f"127.0.0.{30 + n}").open()
             for n in range(UPLOADS_AT_ONCE - UPLOADS_PER_ADDRESS)]
    r = await until_status(server, path, token, "127.0.0.22", 503)
    assert r.json()["code"] == "unavailable" and "busy reading other files" in r.json()["message"]

    # 20 whole 19 MiB uploads, two from each of ten addresses, while the server is full: none is read
    peak = [0]

    async def sample():  # the server's memory (its children too) all along, not only afterwards
        while True:
            peak[0] = max(peak[0], rss(server) - before)
            await asyncio.sleep(0.05)

    sampler = asyncio.create_task(sample())
    answers = await asyncio.gather(*(chunked_post(server, path, 19 * MiB,
                                                  {"Authorization": f"Bearer {token}",
                                                   "Content-Type": "multipart/form-data; boundary=b"},
                                                  prefix=PREFIX, suffix=b"\r\n--b--\r\n",
                                                  local_address=f"127.0.0.{40 + n // 2}")
                                     for n in range(20)))
    sampler.cancel()
    grown = max(peak[0], rss(server) - before)
    assert set(answers) <= {503, 0}, answers
    assert grown < MEMORY_BOUND, f"the server grew by {grown / MiB:.0f} MiB"  # unbounded: 840 MiB at the peak

    for upload in held:  # gone: their slots come back
        upload.close()
    await until_status(server, path, token, "127.0.0.21", 200, meanwhile=(429, 503))
    assert small_upload(server, path, token, "127.0.0.22").status_code == 200
