"""Join codes that lock out attackers, not rooms (issue 12).

A room of 40 people on the venue's one Wi-Fi address mistypes the code a few dozen times, and
must never be locked out for it; someone guessing codes must get nowhere. Three budgets, in this
process, each refilling steadily over `WINDOW` seconds:

- wrong codes per address (WRONG_CODES_PER_ADDRESS): spent by a wrong code at `…/join` or an
  unknown code at `/api/join/lookup`. An address that has spent it is refused every try, the
  right code too (otherwise the refusal would tell a guesser which code is right);
- wrong codes per workshop (WRONG_CODES_PER_WORKSHOP), from all addresses together: once spent,
  only the addresses that got this workshop's code wrong more than ROOM_MISTAKES times lately
  are refused; everyone else, the room included, joins as before;
- joins per workshop (JOINS_PER_MINUTE): right codes too, so a script cannot fill a room with
  thousands of members.

With several server processes (Redis), each tells the others every 0.25 s what was spent through it
(server/bus/redis.py, as for the per-person budgets), and charges what it hears to its own buckets:
the budgets are the server's, not each process's, give or take a quarter of a second.

A right code forgets the address's mistakes at that workshop (people who mistyped, then got it,
are not suspects), but never refills the address's own budget. docs/operations.md works out
how hopeless guessing is within these numbers.
"""
import time

from ..i18n import N_
from ..protocol.limits import JOINS_PER_MINUTE, ROOM_MISTAKES, WRONG_CODE_WINDOW
from .errors import ApiError
from .workshops import PerClientLimit

TOO_MANY_WRONG = N_("Too many tries with a wrong code. Please wait a few minutes and try again.")
TOO_MANY_JOINS = N_("Many people are joining this workshop just now. Please try again in a few seconds.")


class Guessing:
    def __init__(self, per_address: int, per_workshop: int, joins_per_minute: int = JOINS_PER_MINUTE,
                 clock=time.monotonic):
        self.by_address = PerClientLimit(per_address, WRONG_CODE_WINDOW, clock)
        self.by_workshop = PerClientLimit(per_workshop, WRONG_CODE_WINDOW, clock)
        self.mistakes = PerClientLimit(ROOM_MISTAKES, WRONG_CODE_WINDOW, clock)  # per (address, workshop)
        self.joins = PerClientLimit(joins_per_minute, 60, clock)
        self.forgotten: list[str] = []  # (address, workshop) mistakes forgiven here, for the other processes
        # Set by the Redis bus while it tells the others: only then is `forgotten` kept (a lone process
        # would keep an address for every join, for ever — a leak, and addresses kept past retention).
        self.shared = False

    def check(self, address: str, workshop_id: str | None = None) -> None:
        """Before a try is even looked at: 429 when this address may not try now, with the wait until it may
        (Retry-After): its own budget's; a suspect's, until the workshop's budget or its own mistakes allow."""
        if self.by_address.blocked(address):
            raise ApiError(429, "rate_limited", TOO_MANY_WRONG).waiting(self.by_address.wait(address))
        if workshop_id is not None and self.by_workshop.blocked(workshop_id) \
                and self.mistakes.blocked(suspect := f"{address} {workshop_id}"):
            raise ApiError(429, "rate_limited", TOO_MANY_WRONG).waiting(
                min(self.by_workshop.wait(workshop_id), self.mistakes.wait(suspect)))

    def wrong(self, address: str, workshop_id: str | None = None) -> None:
        """A wrong or unknown code from `address` (at `workshop_id`, when one was named)."""
        self.by_address.allow(address)
        if workshop_id is not None:
            self.by_workshop.allow(workshop_id)
            self.mistakes.allow(f"{address} {workshop_id}")

    def joining(self, address: str, workshop_id: str) -> None:
        """The right code: counted against the workshop's joins (429 beyond them)."""
        if not self.joins.allow(workshop_id):
            raise ApiError(429, "rate_limited", TOO_MANY_JOINS).waiting(self.joins.wait(workshop_id))
        self.mistakes.forget(f"{address} {workshop_id}")
        if self.shared:
            self.forgotten.append(f"{address} {workshop_id}")

    def _limits(self) -> dict[str, PerClientLimit]:
        return {"address": self.by_address, "workshop": self.by_workshop, "mistakes": self.mistakes,
                "joins": self.joins}

    def take_spent(self) -> dict:
        """What was spent through this process since the last call, for the others (empty: nothing)."""
        out = {name: spent for name, limit in self._limits().items() if (spent := limit.take_spent())}
        if self.forgotten:
            out["forget"], self.forgotten = self.forgotten, []
        return out

    def charge(self, spent: dict) -> None:
        """Another process's `take_spent`, charged here; its forgiven mistakes forgiven here too."""
        if not isinstance(spent, dict):
            return
        for name, limit in self._limits().items():
            if isinstance(spent.get(name), dict):
                limit.charge(spent[name])
        for key in spent.get("forget") or []:
            if isinstance(key, str):
                self.mistakes.forget(key)
