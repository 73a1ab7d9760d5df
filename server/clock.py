"""Time and ids, in one place so the domain can be handed them."""
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


def new_workshop_id() -> str:
    return "w_" + secrets.token_urlsafe(16)  # 128 bits: the link itself is unguessable


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(32)


def op_context() -> OpContext:
    return OpContext(now=now_iso(), new_id=new_id)
