"""Large request bodies (answer files, restores): read only after the sender is authenticated, and
streamed to a temporary file with the size limit enforced while streaming, so an upload nobody
is allowed to make costs the server almost nothing, and an allowed one at most a chunk of memory.

`BodyLimit` (app.py) refuses an over-large Content-Length before anything is read and leaves
these bodies unread; the route authenticates first (its dependencies run before the body is
touched), then calls `spool_body` or `limited_form`, holding one of the `UploadSlots` throughout.
"""
import contextlib
import tempfile

from fastapi import Request
from ..i18n import Word

from .errors import ApiError

IN_MEMORY = 256 * 1024  # a spooled body moves to disk past this


class UploadSlots:
    """How many large bodies (answer files, restores) one server process reads and works on at once, and
    how many of them come from one address. Each holds up to UPLOAD_BYTES on disk, and in memory while it
    is read and parsed; without a bound, many at once took the memory and the disk. Beyond it, a plain
    refusal at once (nothing of the body read): 503 when the server has as many as it takes, 429 when
    that address has. A slot is held from before the body is read until the answer."""

    def __init__(self, at_once: int, per_address: int):
        self.at_once, self.per_address = max(1, at_once), max(1, per_address)
        self.running = 0
        self.by_address: dict[str, int] = {}

    @contextlib.contextmanager
    def slot(self, address: str):
        if self.by_address.get(address, 0) >= self.per_address:
            raise ApiError(429, "rate_limited", "Too many files are being sent from here at once. Please wait "
                                                "until one of them has finished, then try again.")
        if self.running >= self.at_once:
            raise ApiError(503, "unavailable", "The server is busy reading other files just now. Please try "
                                               "again in a minute.")
        self.running += 1
        self.by_address[address] = self.by_address.get(address, 0) + 1
        try:
            yield
        finally:
            self.running -= 1
            left = self.by_address[address] - 1
            if left:
                self.by_address[address] = left
            else:
                del self.by_address[address]  # the map holds only the addresses sending now


def too_large(limit: int, what: str) -> ApiError:
    return ApiError(413, "too_large", "That {what} is too large: the limit is {mb} MB.", what=Word(what), mb=limit // (1024 * 1024))


def _refuse_declared(request: Request, limit: int, what: str) -> None:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise too_large(limit, what)


async def spool_body(request: Request, limit: int, what: str):
    """The whole body in a temporary file (positioned at its start); 413 as soon as it passes `limit`."""
    _refuse_declared(request, limit, what)
    spool = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)
    total = 0
    try:
        async for chunk in request.stream():
            total += len(chunk)
            if total > limit:
                raise too_large(limit, what)
            spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def limit_stream(request: Request, limit: int, what: str) -> None:
    """Make the request's own body stream refuse (413) past `limit`: for Starlette's form parser,
    which then writes the file part to a temporary file of its own as it reads."""
    _refuse_declared(request, limit, what)
    receive, seen = request._receive, [0]

    async def counted():
        message = await receive()
        if message["type"] == "http.request":
            seen[0] += len(message.get("body", b""))
            if seen[0] > limit:
                raise too_large(limit, what)
        return message

    request._receive = counted
