"""The text rules of cards and names: plain text, trimmed, within the limits the guide relies on."""
import unicodedata

from ..i18n import Word
from ..protocol import limits

from .errors import Rejected

CARD_TEXT_LIMIT = limits.CARD_TEXT  # Jamboard's limit, which the guide's card layout relies on
NAME_LIMIT = limits.NAME


def clean(text: str) -> str:
    """Trim and normalise, so that "é" counts as one character however it was typed."""
    return unicodedata.normalize("NFC", text).strip()


def card_text(text: str, field: str = "text") -> str:
    text = clean(text)
    if not text:
        raise Rejected("invalid", "A card needs some words. Please type something first.", field)
    if len(text) > CARD_TEXT_LIMIT:
        raise Rejected("too_long", "A card holds at most {limit} characters; this one has "
                                   "{length}. Please shorten it.", field, limit=CARD_TEXT_LIMIT, length=len(text))
    return text


def first_name(name: str, field: str = "name") -> str:
    name = " ".join(clean(name).split())
    if not name:
        raise Rejected("invalid", "Please type your first name.", field)
    if len(name) > NAME_LIMIT:
        raise Rejected("invalid", "A name can be at most {limit} characters. A first name is enough.", field, limit=NAME_LIMIT)
    return name


def bounded(text: str | None, limit: int, what: str, field: str, required: bool = False) -> str:
    text = clean(text or "")
    if required and not text:
        raise Rejected("invalid", "Please give the workshop a {what}.", field, what=Word(what))
    if len(text) > limit:
        raise Rejected("invalid", "The {what} can be at most {limit} characters.", field, what=Word(what), limit=limit)
    return text
