"""Time and ids, in one place so the domain can be handed them."""
import itertools
import os
import secrets
import time
from datetime import timedelta

from .domain.state import OpContext
from .protocol.limits import JOIN_CODE_LENGTH

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on phones


# The server's clock moved on by this many days (COBOARD_CLOCK_SHIFT_DAYS): for tests of what happens
# when time passes (a token expiring after the workshop's retention); 0 in real use.
SHIFT = timedelta(days=float(os.environ.get("COBOARD_CLOCK_SHIFT_DAYS") or 0))


_SHIFT_MS = round(SHIFT.total_seconds() * 1000)
_said: tuple[int, str] = (-1, "")  # the last millisecond written out, and how (one tuple: threads read it whole)


def now_iso() -> str:
    """UTC to the millisecond, `2026-12-06T20:58:48.407Z`. Written out once a millisecond: every op of a batch
    asks (op_context), and datetime's now, + and isoformat were 4 % of the event loop's samples under
    bench/durable.py."""
    global _said
    ms = time.time_ns() // 1_000_000 + _SHIFT_MS
    said = _said
    if said[0] != ms:
        seconds, milli = divmod(ms, 1000)
        said = _said = (ms, f"{time.strftime('%Y-%m-%dT%H:%M:%S', time.gmtime(seconds))}.{milli:03d}Z")
    return said[1]


def new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_urlsafe(8)}"


# token_urlsafe's 64 characters in byte order, so ids written with them sort as the numbers they spell
ID_ALPHABET = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"
ID_CHARS = 11  # as many as token_urlsafe(8) gives


def ids_in_order():
    """A `new_id` for one op that makes many records (an import's answers and cards): ids of new_id's
    shape whose 11 characters spell a random 66-bit number counted up by one per id, so one op's ids
    sort together. Random ids put each of an import's records in a random page of the records' primary
    key index: every 500-record slice then wrote a few hundred scattered pages to SQLite's log, and the
    other workshops' commits waited behind them (bench/heavy.py). Collisions stay as unlikely as with
    new_id (a random start in 2**66, and an op makes far fewer than 2**40 ids)."""
    counter = itertools.count(secrets.randbits(6 * ID_CHARS))

    def new_id_in_order(prefix: str) -> str:
        n, out = next(counter) % (1 << 6 * ID_CHARS), []
        for _ in range(ID_CHARS):
            n, digit = divmod(n, 64)
            out.append(ID_ALPHABET[digit])
        return f"{prefix}_{''.join(reversed(out))}"

    return new_id_in_order


def new_workshop_id() -> str:
    return "w_" + secrets.token_urlsafe(16)  # 128 bits: the link itself is unguessable


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def op_context() -> OpContext:
    return OpContext(now=now_iso(), new_id=new_id)
