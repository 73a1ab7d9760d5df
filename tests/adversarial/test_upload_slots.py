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


GOT_A_SLOT = 422  # "Please choose a CSV or Excel file": the form was read, so the upload had its slot


def probe(server, path: str, token: str, address: str) -> httpx.Response:
    """An upload from `address` that takes a slot as any other, and is answered by the server's own process
    once it has one: its form, read in the slot, holds no file (422). Refused for want of a slot, it is
    429 or 503, nothing read. A real file would be parsed by a heavy-work child, which runs at SCHED_IDLE
    (server/workers.py) and on a loaded machine waits for any CPU nobody else wants: a first preview,
    which starts the children, took 5-12 s at load 16-19 and over httpx's 30 s once at load 5-9, a
    timing that says nothing of the slots."""
    with httpx.Client(base_url=server.base_url, timeout=30,
                      transport=httpx.HTTPTransport(local_address=address)) as http:
        return http.post(path, headers={"Authorization": f"Bearer {token}"}, data={"note": "no file here"})


def small_upload(server, path: str, token: str, address: str, timeout: float = 30) -> httpx.Response:
    """A real answers file, previewed (in a heavy-work child)."""
    with httpx.Client(base_url=server.base_url, timeout=timeout,
                      transport=httpx.HTTPTransport(local_address=address)) as http:
        return http.post(path, headers={"Authorization": f"Bearer {token}"},
                         files={"file": ("a.csv", b"What is working well for you?\nTea\n", "text/csv")})


async def until_status(server, path: str, token: str, address: str, status: int,
                       meanwhile: tuple = (GOT_A_SLOT,)) -> httpx.Response:
    """A probe from `address`, again until it is answered `status` (the held uploads reach the server's
    reading, or their end, in their own time), each answer before one of `meanwhile`; bounded: 100 tries."""
    for _ in range(100):
        r = await asyncio.to_thread(probe, server, path, token, address)
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
    r = probe(server, path, token, "127.0.0.21")
    assert r.status_code == GOT_A_SLOT and r.json()["field"] == "file", r.text
    before = rss(server)  # no heavy-work child yet: none starts before the end

    held = [await HeldUpload(server, path, token, "127.0.0.21").open() for _ in range(UPLOADS_PER_ADDRESS)]
    r = await until_status(server, path, token, "127.0.0.21", 429)
    assert r.json()["code"] == "rate_limited" and "from here at once" in r.json()["message"]
    assert probe(server, path, token, "127.0.0.22").status_code == GOT_A_SLOT  # another address is not held up

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
    await until_status(server, path, token, "127.0.0.21", GOT_A_SLOT, meanwhile=(429, 503))
    assert probe(server, path, token, "127.0.0.22").status_code == GOT_A_SLOT
    # and a real file is read and previewed again, from both addresses (however long the idle children take)
    for address in ("127.0.0.21", "127.0.0.22"):
        r = await asyncio.to_thread(small_upload, server, path, token, address, 150)
        assert r.status_code == 200 and r.json()["answers"]["ww"] == 1, r.text
