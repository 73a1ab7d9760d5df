"""Token buckets, and each person's budgets in a workshop: shared by all their sockets and long
polls, so opening more tabs or phones buys nobody more ops or more ephemeral bandwidth."""
import time
from dataclasses import dataclass

from ..protocol.limits import EPH_BYTES_BURST, EPH_BYTES_PER_SECOND


class TokenBucket:
    def __init__(self, rate: float, burst: float, clock=time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens = burst
        self.stamp = clock()

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def take(self, amount: float = 1) -> bool:
        self._refill()
        if self.tokens >= amount:
            self.tokens -= amount
            return True
        return False

    def wait_time(self, amount: float = 1) -> float:
        """Seconds until `amount` tokens are there."""
        self._refill()
        return 0.0 if self.tokens >= amount else (min(amount, self.burst) - self.tokens) / self.rate


@dataclass
class Budget:
    """One person's: ops, ephemeral messages and ephemeral bytes."""

    ops: TokenBucket
    eph: TokenBucket
    eph_bytes: TokenBucket

    def relay_now(self, size: int) -> bool:
        """May an ephemeral message of `size` bytes go out now? (Both budgets are spent only if so.)"""
        if self.eph.wait_time() > 0 or self.eph_bytes.wait_time(size) > 0:
            return False
        return self.eph.take() and self.eph_bytes.take(size)

    def eph_wait(self, size: int) -> float:
        return max(self.eph.wait_time(), self.eph_bytes.wait_time(size))


class PersonBudgets:
    """The budgets of everyone in one workshop, made on first use (they live as long as its hub)."""

    def __init__(self, settings, clock=time.monotonic):
        self.settings, self.clock = settings, clock
        self.by_person: dict[str, Budget] = {}

    def of(self, participant_id: str) -> Budget:
        budget = self.by_person.get(participant_id)
        if budget is None:
            s = self.settings
            budget = self.by_person[participant_id] = Budget(
                TokenBucket(s.ops_per_second, s.ops_burst, self.clock),
                TokenBucket(s.eph_per_second, s.eph_per_second, self.clock),
                TokenBucket(getattr(s, "eph_bytes_per_second", EPH_BYTES_PER_SECOND),
                            max(getattr(s, "eph_bytes_per_second", EPH_BYTES_PER_SECOND), EPH_BYTES_BURST),
                            self.clock))
        return budget
