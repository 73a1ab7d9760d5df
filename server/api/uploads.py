"""Large request bodies (answer files, restores): read only after the sender is authenticated, and
streamed to a temporary file with the size limit enforced while streaming, so an upload nobody
is allowed to make costs the server almost nothing, and an allowed one at most a chunk of memory.

`BodyLimit` (app.py) refuses an over-large Content-Length before anything is read and leaves
these bodies unread; the route authenticates first (its dependencies run before the body is
touched), then calls `spool_body` or `limited_form`, holding one of the `UploadSlots` throughout.
"""
import asyncio
import contextlib
import hashlib
import hmac
import logging
import tempfile
import uuid

from fastapi import Request
from redis.exceptions import ConnectionError as RedisConnectionError, TimeoutError as RedisTimeoutError

from ..i18n import Word
from ..protocol.limits import UPLOAD_SLOT_SECONDS
from .errors import ApiError

log = logging.getLogger("coboard.uploads")
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

IN_MEMORY = 256 * 1024  # a spooled body moves to disk past this


class UploadSlots:
    """How many large bodies (answer files, restores) the server reads and works on at once, and how many
    of them come from one address. Each holds up to UPLOAD_BYTES on disk, and in memory while it is read
    and parsed; without a bound, many at once took the memory and the disk. Beyond it, a plain refusal at
    once (nothing of the body read): 503 when the server has as many as it takes, 429 when that address
    has. A slot is held from before the body is read until the answer.

    One process counts its own slots. Processes sharing Redis (`share`) also count them together, so
    the limits hold for the server as a whole, not per process: `SharedSlots`. The process's own count
    stays the bound when Redis cannot be reached."""

    def __init__(self, at_once: int, per_address: int, slot_seconds: float = UPLOAD_SLOT_SECONDS):
        self.at_once, self.per_address = max(1, at_once), max(1, per_address)
        self.slot_seconds = max(1.0, slot_seconds)
        self.running = 0
        self.by_address: dict[str, int] = {}
        self.shared: SharedSlots | None = None

    def share(self, client, key: bytes) -> None:
        """Count together with the other processes using this Redis (a redis.asyncio client); `key`, the
        same on every process, hashes the addresses."""
        self.shared = SharedSlots(client, key, self.at_once, self.per_address, self.slot_seconds)

    @contextlib.asynccontextmanager
    async def slot(self, address: str):
        if self.by_address.get(address, 0) >= self.per_address:
            raise address_busy()
        if self.running >= self.at_once:
            raise server_busy()
        self.running += 1
        self.by_address[address] = self.by_address.get(address, 0) + 1
        try:
            if self.shared is None:
                yield
            else:
                async with self.shared.slot(address):
                    yield
        finally:
            self.running -= 1
            left = self.by_address[address] - 1
            if left:
                self.by_address[address] = left
            else:
                del self.by_address[address]  # the map holds only the addresses sending now


def address_busy() -> ApiError:
    return ApiError(429, "rate_limited", "Too many files are being sent from here at once. Please wait "
                                         "until one of them has finished, then try again.")


def server_busy() -> ApiError:
    return ApiError(503, "unavailable", "The server is busy reading other files just now. Please try "
                                        "again in a minute.")


# Both sorted sets hold the slots taken, each scored by the Redis time (ms) it lapses at. Lapsed ones are
# dropped first, so a slot of a killed process (never given back, no longer renewed) frees itself.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return 1 end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 2 end
local lapse = now + tonumber(ARGV[3])
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], lapse, ARGV[4])
  redis.call('PEXPIRE', KEYS[i], ARGV[3])
end
return 0
"""
_RENEW = """
local t = redis.call('TIME')
local lapse = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + tonumber(ARGV[1])
for i = 1, 2 do
  redis.call('ZADD', KEYS[i], 'XX', lapse, ARGV[2])
  redis.call('PEXPIRE', KEYS[i], ARGV[1])
end
return 0
"""


class SharedSlots:
    """The upload slots of every process sharing one Redis: taken and given back atomically (a script),
    each renewed by its holder every third of `slot_seconds`. A process killed while holding one stops
    renewing it, and it lapses after at most `slot_seconds`. Addresses are kept only as a keyed hash.
    Redis unreachable: the process's own count decides alone (said once in the log)."""

    PREFIX = "coboard:uploads:"

    def __init__(self, client, key: bytes, at_once: int, per_address: int, slot_seconds: float):
        self.client, self.key, self.at_once, self.per_address = client, key, at_once, per_address
        self.ms = int(slot_seconds * 1000)
        self.take, self.renew = client.register_script(_TAKE), client.register_script(_RENEW)
        self.unreachable = False

    def _keys(self, address: str) -> list[str]:
        hashed = hmac.new(self.key, address.encode(), hashlib.sha256).hexdigest()[:32]
        return [self.PREFIX + "all", self.PREFIX + "from:" + hashed]

    @contextlib.asynccontextmanager
    async def slot(self, address: str):
        keys, member = self._keys(address), uuid.uuid4().hex
        try:
            taken = await self.take(keys=keys, args=[self.at_once, self.per_address, self.ms, member])
        except UNREACHABLE as e:
            self._away(e)
            taken = None
        if taken is None:
            yield
            return
        self.unreachable = False
        if taken == 1:
            raise address_busy()
        if taken == 2:
            raise server_busy()
        keeper = asyncio.create_task(self._keep(keys, member))
        try:
            yield
        finally:
            keeper.cancel()
            try:
                async with self.client.pipeline(transaction=False) as both:
                    await both.zrem(keys[0], member).zrem(keys[1], member).execute()
            except UNREACHABLE as e:  # it lapses by itself
                self._away(e)

    async def _keep(self, keys: list[str], member: str) -> None:
        while True:
            await asyncio.sleep(self.ms / 3000)
            try:
                await self.renew(keys=keys, args=[self.ms, member])
            except UNREACHABLE as e:  # the slot may lapse meanwhile: then others may take it (never more)
                self._away(e)

    def _away(self, e: BaseException) -> None:
        if not self.unreachable:
            self.unreachable = True
            log.warning("redis unreachable for the upload slots (%s); each process counts its own", type(e).__name__)


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
