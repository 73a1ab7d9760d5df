"""What an op produces: a Change, or a Rejected with a plain-language reason."""
from dataclasses import dataclass, field

from ..i18n import gettext


class Rejected(Exception):
    """An op that may not happen; nothing changes. `message` is for a participant to read.

    The message is a catalogue msgid (extracted with the Babel keyword `Rejected:2`): its
    {placeholders} are filled from `params`. `message` is the English; `said(lang)` the same in the
    reader's language, made when the answer is sent (the code and field never change)."""

    def __init__(self, code: str, message: str, field: str | None = None, /, **params):
        self.code = code
        self.msgid = message
        self.params = params
        self.message = gettext("en", message, **params)
        self.field = field
        super().__init__(self.message)

    def said(self, lang: str | None) -> str:
        return gettext(lang or "en", self.msgid, **self.params)


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
