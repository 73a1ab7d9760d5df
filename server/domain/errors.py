"""What an op produces: a Change, or a Rejected with a plain-language reason."""
import re
from dataclasses import dataclass, field

from ..i18n import Phrase, Plural, gettext


class Rejected(Exception):
    """An op that may not happen; nothing changes. `message` is for a participant to read.

    The message is a catalogue msgid (extracted with the Babel keyword `Rejected:2`): its
    {placeholders} are filled from `params`. `message` is the English; `said(lang)` the same in the
    reader's language, made when the answer is sent (the code and field never change)."""

    def __init__(self, code: str, message: "str | Phrase", field: str | None = None, /, **params):
        # A message that depends on a number is a Plural ("You have used your 1 dot…" / "…all your 3 dots…"):
        # said in the reader's language with the plural form for its n.
        self.code = code
        self.msgid = message
        self.params = params
        self.message = self.said("en")
        self.field = field
        super().__init__(self.message)

    def said(self, lang: str | None) -> str:
        if isinstance(self.msgid, Phrase):
            return self.msgid.said(lang or "en")
        return gettext(lang or "en", self.msgid, **self.params)

    def __reduce__(self):  # whole across processes (server/heavy_jobs.py), not only its English words
        return _rejected, (type(self), self.code, self.msgid, self.field, self.params)


def _rejected(cls, code, msgid, field, params):
    return cls(code, msgid, field, **params)


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
    # the time the event is stored and sent with, when not the op's own (an anonymous answer: when its
    # poll or questionnaire opened, anonymous.answer_time)
    at: str | None = None

    @property
    def del_ids(self) -> list[str]:
        return [r["id"] for r in self.deleted]


# ---- what is wrong with a value, in plain words --------------------------------------------------
# pydantic says what is wrong in its own English ("Input should be a valid integer, unable to parse
# string as an integer"); a person reads instead what the value should be, from the catalogue.
_SHOULD_BE = {
    "string_type": Phrase("it should be text"),
    "int_type": Phrase("it should be a whole number"), "int_parsing": Phrase("it should be a whole number"),
    "int_from_float": Phrase("it should be a whole number"),
    "float_type": Phrase("it should be a number"), "float_parsing": Phrase("it should be a number"),
    "finite_number": Phrase("it should be a number"),
    "bool_type": Phrase("it should be true or false"), "bool_parsing": Phrase("it should be true or false"),
    "list_type": Phrase("it should be a list"), "tuple_type": Phrase("it should be a list"),
    "set_type": Phrase("it should be a list"),
    "dict_type": Phrase("it should be a JSON object"), "model_type": Phrase("it should be a JSON object"),
    "model_attributes_type": Phrase("it should be a JSON object"),
    "none_required": Phrase("it should be left out"),
    "date_type": Phrase("it should be a date like 2027-02-26"), "date_parsing": Phrase("it should be a date like 2027-02-26"),
    "date_from_datetime_parsing": Phrase("it should be a date like 2027-02-26"),
    "string_pattern_mismatch": Phrase("it is not in the form expected"),
}


def allowed_values(error: dict) -> str:
    """The values a field takes ("“T”, “C”, “R”"), from pydantic's literal_error, without its English "or"."""
    expected = str((error.get("ctx") or {}).get("expected") or error.get("msg", ""))
    values = re.findall(r"'([^']*)'", expected)
    return ", ".join(f"“{v}”" for v in values) if values else expected


def plain_detail(error: dict) -> Phrase:
    """What is wrong with one value (a pydantic error), said in the reader's language: no pydantic text,
    no dump of the value or of the error."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind in _SHOULD_BE:
        return _SHOULD_BE[kind]
    if kind == "string_too_long":
        return Plural("it may have at most {n} character", "it may have at most {n} characters", int(ctx.get("max_length", 0)))
    if kind == "string_too_short":
        return Plural("it needs at least {n} character", "it needs at least {n} characters", int(ctx.get("min_length", 0)))
    if kind == "too_long":
        return Plural("it may have at most {n} item", "it may have at most {n} items", int(ctx.get("max_length", 0)))
    if kind == "too_short":
        return Plural("it needs at least {n} item", "it needs at least {n} items", int(ctx.get("min_length", 0)))
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = ctx.get({"greater_than": "gt", "greater_than_equal": "ge", "less_than": "lt", "less_than_equal": "le"}[kind])
        return {"greater_than": Phrase("it should be more than {n}", n=bound),
                "greater_than_equal": Phrase("it should be {n} or more", n=bound),
                "less_than": Phrase("it should be less than {n}", n=bound),
                "less_than_equal": Phrase("it should be {n} or less", n=bound)}[kind]
    return Phrase("it is not a value this field takes")
