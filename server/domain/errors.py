"""What an op produces: a Change, or a Rejected with a plain-language reason."""
from dataclasses import dataclass, field


class Rejected(Exception):
    """An op that may not happen; nothing changes. `message` is for a participant to read."""

    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


@dataclass
class Change:
    """The records an op puts (whole, new versions) and deletes (the records as they were)."""

    put: list[dict] = field(default_factory=list)
    deleted: list[dict] = field(default_factory=list)
    result: dict = field(default_factory=dict)
    notices: list[dict] = field(default_factory=list)  # for facilitators and hosts, not stored as ops
    # people whose earlier tokens stop working when this op is stored (a new personal link, erasure);
    # the credential an op hands out (Entry.credentials) is written after, so it survives
    revoke: list[str] = field(default_factory=list)
    # an anonymous answer: stored and sent with no actor (`by: null`) and no client op id (anonymous.py)
    anonymous: bool = False

    @property
    def del_ids(self) -> list[str]:
        return [r["id"] for r in self.deleted]
