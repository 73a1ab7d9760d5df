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

from datetime import date

from babel import Locale
from babel.dates import format_date
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
    context: str | None = None  # a msgctxt, for a word said two ways in another language (NC_)


def NC_(context: str, msgid: str) -> Word:
    """N_() for a word with a context: "Theme" the card (NC_("noun", "Theme"), Welsh "Thema") beside
    "Theme" the stage ("Creu themâu"). gettext() says it in its context."""
    word = Word(msgid)
    word.context = context
    return word


class Lower(str):
    """A placeholder's value: a catalogue word said in lower case inside a sentence ("at risk")."""

    def __new__(cls, word: str):
        lowered = super().__new__(cls, str(word).lower())
        lowered.word = word  # the catalogue's word, with its context if it has one
        return lowered


class Phrase:
    """A placeholder's value that is itself a whole message with placeholders of its own (what is wrong
    with a value, the Day 2 tie sentence): said in the language of the message it goes into. Babel
    extracts `Phrase("…")` (and `Plural("…", "…", n)`) where it is written."""

    def __init__(self, msgid: str, /, **params):
        self.msgid, self.params = msgid, params

    def said(self, lang: str) -> str:
        return gettext(lang, self.msgid, **self.params)

    def __str__(self) -> str:
        return self.said(DEFAULT)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


class Plural(Phrase):
    """A Phrase that depends on a number: the catalogue's plural form for n."""

    def __init__(self, singular: str, plural: str, n: int, /, **params):
        super().__init__(singular, **params)
        self.plural, self.n = plural, n

    def said(self, lang: str) -> str:
        return ngettext(lang, self.msgid, self.plural, self.n, **self.params)


class Phrases(Phrase):
    """Several phrases said one after another (sentences joined by a space)."""

    def __init__(self, items, sep: str = " "):
        super().__init__("")
        self.items, self.sep = list(items), sep

    def said(self, lang: str) -> str:
        return self.sep.join(item.said(lang) if isinstance(item, Phrase) else str(item) for item in self.items)


# Ordinal endings in Welsh by number (1af, 2il, 3ydd, 4ydd, 5ed, …), as web/app/words.js has them.
CY_ORDINALS = ("", "af", "il", "ydd", "ydd", "ed", "ed", "fed", "fed", "fed", "fed", "eg", "fed", "eg", "eg", "fed",
               "eg", "eg", "fed", "eg", "fed")


def ordinal(lang: str, n: int) -> str:
    """1st, 2nd, 3rd, 11th… in English; 1af, 2il, 3ydd… in Welsh (digits with the ending, as the board shows places)."""
    if lang == "cy":
        return f"{n}{CY_ORDINALS[n] if 0 < n < len(CY_ORDINALS) else 'fed'}"
    if 11 <= n % 100 <= 13:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


class Ordinal(Phrase):
    """A place ("3rd", "3ydd") as a placeholder's value, said in the message's language."""

    def __init__(self, n: int):
        super().__init__("")
        self.n = n

    def said(self, lang: str) -> str:
        return ordinal(lang, self.n)


def day_in_words(day: str, lang: str = DEFAULT) -> str:
    """"2027-02-26" (or an ISO time: its day) → "26 February 2027", "26 Chwefror 2027": the month's name from Babel's
    CLDR data for `lang`, as the browser's comes from Intl (web/app/i18n.js dayInWords), never a list of our own."""
    return format_date(date.fromisoformat(str(day)[:10]), "d MMMM y", locale=language_of(lang))


def month_names(lang: str) -> dict[str, list[str]]:
    """CLDR's month names for `lang` (Babel), written into the browser's catalogue by `make i18n`: browsers' own
    Intl often lacks a language's dates (Chromium's has no Welsh and says "February 26, 2027")."""
    months = Locale.parse(lang).months["format"]
    return {"wide": [months["wide"][m] for m in range(1, 13)], "abbreviated": [months["abbreviated"][m] for m in range(1, 13)]}


class Day(Phrase):
    """A calendar day as a placeholder's value ("kept until {date}"), said in the message's language."""

    def __init__(self, day: str):
        super().__init__("")
        self.day = day

    def said(self, lang: str) -> str:
        return day_in_words(self.day, lang)


def _said(lang: str, value):
    """A placeholder's value in `lang`: a Word or a Phrase translated, anything else as it is."""
    if isinstance(value, Phrase):
        return value.said(lang)
    if isinstance(value, Lower):
        return gettext(lang, value.word).lower()
    if isinstance(value, Word):
        return gettext(lang, value)
    return value


# The cookie the page sets when its person chooses a language (web/app/i18n.js): sent with the
# WebSocket's upgrade and with every HTTP request, so the server answers in that language too.
COOKIE = "coboard_lang"


def _ours(code: str | None) -> str | None:
    code = (code or "").split("-")[0].strip().lower()
    return code if code in LANGUAGES else None


def known_language(code: str | None) -> str | None:
    """The language we have that `code` names ("cy-GB" → "cy"), or None."""
    return _ours(code)


def accepted_language(header: str | None) -> str | None:
    """The most wanted language we have in an Accept-Language header ("cy-GB,cy;q=0.9,en;q=0.8" → "cy"),
    or None. A malformed header is read as far as it makes sense."""
    wanted = []
    for i, part in enumerate((header or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if _ours(tag) and q > 0:
            wanted.append((-q, i, _ours(tag)))
    return min(wanted)[2] if wanted else None


def reader_language(chosen: str | None, workshop_default: str | None, accept_language: str | None = None) -> str:
    """The language to answer a person in, the same order as the page picks its own (web/app/i18n.js
    pickLanguage), so that an answer is in the language the page shows: their own choice (the
    `coboard_lang` cookie), else the default the workshop's facilitator set, else the browser's
    Accept-Language, else English. Used alike by the HTTP API, the HTTP transport and the socket
    (before its hello too, the default read by Hubs.default_language whether or not the workshop is live)."""
    return _ours(chosen) or _ours(workshop_default) or accepted_language(accept_language) or DEFAULT


# The header the page sends with every call to the API (web/app/http.js apiFetch: the start and join pages, and a
# member's calls: the HTTP transport, uploads and downloads, the projector link): the language it shows.
PAGE_LANGUAGE = "X-Coboard-Language"


def visitor_language(shown: str | None, chosen: str | None, workshop_default: str | None,
                     accept_language: str | None = None) -> str:
    """The language to answer a request from a page that says which it shows (PAGE_LANGUAGE): before joining (no
    token: the join and start pages) and a member's calls alike.

    The page has picked its language without the workshop's record (web/app/i18n.js pickLanguage: the person's
    choice, else the workshop's default only if this device remembers it, else the browser's languages) and
    says which in PAGE_LANGUAGE, so the refusals it shows (a wrong join code) are in the words around them;
    the server's own guess could differ (the workshop's default, read from the store, is ahead of the
    browser's). A request that does not say: as reader_language."""
    return _ours(shown) or reader_language(chosen, workshop_default, accept_language)


def _fill(text: str, params: dict) -> str:
    for name, value in params.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def gettext(lang: str, msgid: str, **params) -> str:
    """`msgid` in `lang`, its {placeholders} filled; English (the msgid) when not translated."""
    text = str(msgid)
    if lang != DEFAULT:
        message = catalogue(lang).get(text, context=getattr(msgid, "context", None))
        if message is not None and message.string and isinstance(message.string, str):
            text = message.string
    params = {k: _said(lang, v) for k, v in params.items()}
    return _fill(text, params)


def pgettext(lang: str, context: str, msgid: str, **params) -> str:
    """`msgid` as said in `context` (a msgctxt): for an English word that another language says in two ways,
    as "Theme" the card (Welsh "Thema") and "Theme" the stage of the process ("Creu themâu")."""
    text = msgid
    if lang != DEFAULT:
        message = catalogue(lang).get(msgid, context=context)
        if message is not None and message.string and isinstance(message.string, str):
            text = message.string
    params = {k: _said(lang, v) for k, v in params.items()}
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
    return _fill(text, {"n": n, **{k: _said(lang, v) for k, v in params.items()}})


def N_(msgid: str) -> str:
    """Marks a message for the catalogue where it is defined; it is translated where it is shown."""
    return msgid
