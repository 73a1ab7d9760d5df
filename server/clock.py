"""Time and ids, in one place so the domain can be handed them."""
import itertools
import os
import secrets
from datetime import datetime, timedelta, timezone

from .domain.state import OpContext
from .protocol.limits import JOIN_CODE_LENGTH

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on phones


# The server's clock moved on by this many days (COBOARD_CLOCK_SHIFT_DAYS): for tests of what happens
# when time passes (a token expiring after the workshop's retention); 0 in real use.
SHIFT = timedelta(days=float(os.environ.get("COBOARD_CLOCK_SHIFT_DAYS") or 0))


def now_iso() -> str:
    return (datetime.now(timezone.utc) + SHIFT).isoformat(timespec="milliseconds").replace("+00:00", "Z")


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
