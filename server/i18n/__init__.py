"""Message catalogues: every string a person reads, in English and Welsh.

The English text is the msgid (written as a literal where it is used: `t()`/`tn()` in web/,
`_()`/`ngettext()` here). The translations live in gettext `.po` files, one per language, in
`server/i18n/locales/<lang>/LC_MESSAGES/messages.po`, which are the one source: the browser's
JSON catalogues in `web/i18n/<lang>.json` are generated from them (`make i18n`), and a unit test
fails when they drift, when a catalogue misses a message or a plural form, or when a translation
loses a {placeholder}.
"""
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALES = Path(__file__).parent / "locales"
DEFAULT = "en"
# Each language named in its own words (what the language switch shows).
LANGUAGES = {"en": "English", "cy": "Cymraeg"}
TRANSLATED = [lang for lang in LANGUAGES if lang != DEFAULT]
# gettext numbers plural forms in CLDR's order of categories, skipping those a language lacks.
PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=None)
def catalogue(lang: str) -> Catalog:
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


def plural_tags(lang: str) -> list[str]:
    """The CLDR categories of a language in gettext's order: plural form i is tags[i]."""
    tags = Locale.parse(lang).plural_form.tags | {"other"}
    return [tag for tag in PLURAL_ORDER if tag in tags]


def plural_index(lang: str, n: int) -> int:
    return plural_tags(lang).index(Locale.parse(lang).plural_form(n))


def language_of(lang: str | None) -> str:
    """A language we have, from a code like "cy", "cy-GB" or None."""
    code = (lang or "").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT


class Word(str):
    """A placeholder's value that is itself a message of the catalogue (a board's kind, what an op does):
    translated with the message it goes into. Mark the literal where it is written with N_() (or a
    Babel keyword, as the registry's `Op(…, doing)`), so the catalogue has it."""


# The cookie the page sets when its person chooses a language (web/app/i18n.js): sent with the
# WebSocket's upgrade and with every HTTP request, so the server answers in that language too.
COOKIE = "coboard_lang"


def reader_language(chosen: str | None, workshop_default: str | None) -> str:
    """The language to answer a member in: their own choice, else the workshop's default, else English."""
    code = (chosen or "").split("-")[0].lower()
    return code if code in LANGUAGES else language_of(workshop_default)


def _fill(text: str, params: dict) -> str:
    for name, value in params.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def gettext(lang: str, msgid: str, **params) -> str:
    """`msgid` in `lang`, its {placeholders} filled; English (the msgid) when not translated."""
    text = msgid
    if lang != DEFAULT:
        message = catalogue(lang).get(msgid)
        if message is not None and message.string and isinstance(message.string, str):
            text = message.string
        params = {k: gettext(lang, v) if isinstance(v, Word) else v for k, v in params.items()}
    return _fill(text, params)


def pgettext(lang: str, context: str, msgid: str, **params) -> str:
    """`msgid` as said in `context` (a msgctxt): for an English word that another language says in two ways,
    as "Theme" the card (Welsh "Thema") and "Theme" the stage of the process ("Creu themâu")."""
    text = msgid
    if lang != DEFAULT:
        message = catalogue(lang).get(msgid, context=context)
        if message is not None and message.string and isinstance(message.string, str):
            text = message.string
        params = {k: gettext(lang, v) if isinstance(v, Word) else v for k, v in params.items()}
    return _fill(text, params)


def ngettext(lang: str, singular: str, plural: str, n: int, **params) -> str:
    """The form of a message for the number n, {n} and the other placeholders filled."""
    text = singular if n == 1 else plural
    if lang != DEFAULT:
        message = catalogue(lang).get(singular)
        if message is not None and isinstance(message.string, (tuple, list)):
            form = message.string[plural_index(lang, n)]
            if form:
                text = form
    return _fill(text, {"n": n, **params})


def N_(msgid: str) -> str:
    """Marks a message for the catalogue where it is defined; it is translated where it is shown."""
    return msgid
