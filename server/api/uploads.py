"""Large request bodies (answer files, restores): read only after the sender is authenticated, and
streamed to a temporary file with the size limit enforced while streaming, so an upload nobody
is allowed to make costs the server almost nothing, and an allowed one at most a chunk of memory.

`BodyLimit` (app.py) refuses an over-large Content-Length before anything is read and leaves
these bodies unread; the route authenticates first (its dependencies run before the body is
touched), then calls `spool_body` or `limited_form`.
"""
import tempfile

from fastapi import Request
from ..i18n import Word

from .errors import ApiError

IN_MEMORY = 256 * 1024  # a spooled body moves to disk past this


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
