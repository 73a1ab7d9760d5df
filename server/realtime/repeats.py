"""Repeats: an op sent again by the same person with the same id, op and args is answered, not re-applied.

A phone's outbox resends after a drop when the ack was lost on the way: the first ack (its seq
and result) is remembered, also across restarts (loaded from the event log), and a copy that
arrives while the first is still queued waits for the first one's answer.
"""
from collections import OrderedDict

REMEMBERED_ACKS = 5000  # per workshop: repeats of ops older than this are rare (a phone asleep for hours)


class Repeats:
    def __init__(self, limit: int = REMEMBERED_ACKS):
        self.limit = limit
        self.acked: OrderedDict[tuple, tuple[int, dict]] = OrderedDict()  # (actor, client op) → (seq, result)
        self.inflight: dict[tuple, object] = {}  # (actor, client op) → the first copy, still queued

    @staticmethod
    def key(actor_id: str | None, client_op: str | None) -> tuple | None:
        return (actor_id, client_op) if client_op is not None and actor_id is not None else None

    def answered(self, key: tuple | None) -> tuple[int, dict] | None:
        return self.acked.get(key) if key is not None else None

    def queued(self, key: tuple | None):
        return self.inflight.get(key) if key is not None else None

    def start(self, key: tuple | None, pending) -> None:
        if key is not None:
            self.inflight[key] = pending

    def settled(self, key: tuple | None, pending) -> None:
        if key is not None and self.inflight.get(key) is pending:
            del self.inflight[key]

    def remember(self, actor_id: str, client_op: str, seq: int, result: dict) -> None:
        self.acked[(actor_id, client_op)] = (seq, result)
        while len(self.acked) > self.limit:
            self.acked.popitem(last=False)
