"""Token buckets, and each person's budgets in a workshop: shared by all their sockets and long
polls, so opening more tabs or phones buys nobody more ops or more ephemeral bandwidth.

With several processes (Redis configured) a person's connections may land on different processes,
each holding its own buckets: every process tells the others what each person spent through it
(`PersonBudgets.take_spent`, sent by the Redis bus every few hundred milliseconds) and charges what
it hears to its own buckets (`charge`), so the budgets hold across processes too, give or take what
is spent within one report's delay (server/bus/redis.py SHARE_EVERY)."""
import time
from dataclasses import dataclass

from ..protocol.limits import EPH_BYTES_BURST, EPH_BYTES_PER_SECOND

SLACK = 1e-6  # tokens: a wait worked out in floats and waited exactly (Retry-After) finds its token there


class TokenBucket:
    def __init__(self, rate: float, burst: float, clock=time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens = burst
        self.stamp = clock()
        self.spent = 0.0  # taken here since the other processes were last told (see PersonBudgets)

    def _refill(self) -> None:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def take(self, amount: float = 1) -> bool:
        self._refill()
        if self.tokens + SLACK >= amount:
            self.tokens -= amount
            self.spent += amount
            return True
        return False

    def charge(self, amount: float) -> None:
        """What the same person spent through another process: taken from here too (down to one
        burst owed at most, so a late report cannot shut anyone out for long)."""
        self._refill()
        self.tokens = max(-self.burst, self.tokens - amount)

    def wait_time(self, amount: float = 1) -> float:
        """Seconds until `amount` tokens are there."""
        self._refill()
        return 0.0 if self.tokens + SLACK >= amount else (min(amount, self.burst) - self.tokens) / self.rate


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

    def buckets(self) -> tuple[TokenBucket, TokenBucket, TokenBucket]:
        return self.ops, self.eph, self.eph_bytes


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

    def take_spent(self) -> dict[str, list[float]]:
        """Each person's spending here since the last call, [ops, eph, eph bytes], and start again."""
        out = {}
        for pid, budget in self.by_person.items():
            spent = [b.spent for b in budget.buckets()]
            if any(spent):
                out[pid] = spent
                for b in budget.buckets():
                    b.spent = 0.0
        return out

    def charge(self, spent: dict[str, list[float]]) -> None:
        """Another process's report of `take_spent`: charged to the same people's buckets here."""
        for pid, amounts in spent.items():
            if not isinstance(pid, str) or not isinstance(amounts, list) or len(amounts) != 3:
                continue
            for bucket, amount in zip(self.of(pid).buckets(), amounts):
                if isinstance(amount, (int, float)) and amount > 0:
                    bucket.charge(float(amount))
