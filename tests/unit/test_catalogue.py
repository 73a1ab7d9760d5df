"""The message catalogues: complete, in step with the code, plural forms right, no prose outside them.

The .po files in server/i18n/locales are the one source; web/i18n/<lang>.json is generated from
them (`make i18n`). When a test here fails after you added a string: run `make i18n`, then write
its Welsh in server/i18n/locales/cy/LC_MESSAGES/messages.po (and `make i18n` again).
"""
import ast
import gettext as pygettext
import json
import re
from pathlib import Path

import pytest

from server import i18n
from server.i18n import build

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_the_catalogues_and_the_browsers_json_are_what_make_i18n_writes():
    stale = [str(p.relative_to(ROOT)) for p, content in build.outputs().items()
             if not p.exists() or p.read_bytes() != content]
    assert not stale, f"run `make i18n` (a message was added or changed in the code): {stale}"


@pytest.mark.parametrize("lang", i18n.TRANSLATED)
def test_every_message_of_the_code_is_translated_with_every_plural_form(lang):
    catalog = i18n.catalogue(lang)
    code = build.extracted()
    missing = []
    for key, plural in code.items():
        msgid, context = build.split_key(key)
        message = catalog.get(msgid, context=context)
        if message is None:
            missing.append(msgid)
        elif plural is None and not (isinstance(message.string, str) and message.string):
            missing.append(msgid)
        elif plural is not None and not (isinstance(message.string, tuple) and len(message.string) == len(i18n.plural_tags(lang))
                                         and all(message.string)):
            missing.append(f"{msgid} (every plural form)")
    assert not missing, f"no {i18n.LANGUAGES[lang]} for: {missing}"


@pytest.mark.parametrize("lang", i18n.TRANSLATED)
def test_translations_keep_every_placeholder(lang):
    wrong = []
    for message in i18n.catalogue(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = set().union(*(set(PLACEHOLDER.findall(i)) for i in ids))
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            if form and set(PLACEHOLDER.findall(form)) - wanted:
                wrong.append((ids[0], form))
            if form and not isinstance(message.id, tuple) and set(PLACEHOLDER.findall(form)) != wanted:
                wrong.append((ids[0], form))
    assert not wrong, wrong


def test_welsh_has_six_plural_forms_chosen_as_cldr_says():
    catalog = i18n.catalogue("cy")
    assert i18n.plural_tags("cy") == ["zero", "one", "two", "few", "many", "other"]
    assert catalog.num_plurals == 6
    # The .po's own Plural-Forms expression (what gettext tools use) agrees with Babel's CLDR rules.
    expression = catalog.plural_expr
    pick = pygettext.c2py(expression)
    for n in range(0, 300):
        assert pick(n) == i18n.plural_index("cy", n), n
    assert [i18n.plural_index("cy", n) for n in (0, 1, 2, 3, 6, 4, 5, 7, 11, 100)] == [0, 1, 2, 3, 4, 5, 5, 5, 5, 5]


def test_plural_messages_on_the_server_take_each_welsh_form():
    said = {n: i18n.ngettext("cy", "Split into {n} card", "Split into {n} cards", n) for n in (0, 1, 2, 3, 6, 8)}
    assert said[1] == "Wedi’i rannu’n 1 cerdyn"
    assert said[2] == "Wedi’i rannu’n 2 gerdyn"  # soft mutation after "dau"
    assert said[3] == "Wedi’i rannu’n 3 cherdyn" and said[6] == "Wedi’i rannu’n 6 cherdyn"  # aspirate after "tri", "chwe"
    assert said[8] == "Wedi’i rannu’n 8 o gardiau"
    assert i18n.ngettext("en", "Split into {n} card", "Split into {n} cards", 1) == "Split into 1 card"
    assert i18n.ngettext("en", "Split into {n} card", "Split into {n} cards", 0) == "Split into 0 cards"
    assert i18n.gettext("cy", "You: {name}", name="Ada") == "Chi: Ada"
    assert i18n.gettext("cy", "A message no catalogue has") == "A message no catalogue has"


def test_a_word_said_two_ways_in_welsh_has_a_context():
    """"Theme" the stage of the process is a verb in Welsh ("Creu themâu"), "Theme" a card a noun ("Thema"):
    pgettext / the browser's tc() with a msgctxt, extracted as such and written into the browser's JSON."""
    assert i18n.gettext("cy", "Theme") == "Creu themâu"
    assert i18n.pgettext("cy", "noun", "Theme") == "Thema"
    assert i18n.pgettext("en", "noun", "Theme") == "Theme"
    assert build.key_of("Theme", "noun") in build.extracted() and "Theme" in build.extracted()
    browser = json.loads((ROOT / "web/i18n/cy.json").read_text())["messages"]
    assert browser["noun\u0004Theme"] == "Thema" and browser["Theme"] == "Creu themâu"
    assert "export function tc(context, msgid, params)" in (ROOT / "web/app/i18n.js").read_text()


def test_the_browser_knows_the_same_languages_as_the_server():
    source = (ROOT / "web/app/i18n.js").read_text()
    named = dict(re.findall(r"(\w+): '([^']+)'", re.search(r"export const LANGUAGES = \{([^}]*)\}", source).group(1)))
    assert named == i18n.LANGUAGES
    assert json.loads((ROOT / "web/i18n/languages.json").read_text()) == i18n.LANGUAGES


def test_language_of_reads_codes_and_falls_back_to_english():
    assert [i18n.language_of(x) for x in ("cy", "cy-GB", "CY", "fr", None, "")] == ["cy", "cy", "cy", "en", "en", "en"]


# ---- no string a person reads outside the catalogue ---------------------------------------------

# The modules already read through t()/tn(): here a capitalised English phrase in a string literal
# outside t() is a string the catalogue misses. Add a module once it is converted.
CONVERTED = ["web/app/shell.js", "web/app/header.js", "web/app/net.js", "web/app/http.js", "web/app/words.js", "web/app/screens.js",
             "web/ui/form.js", "web/ui/dialog.js", "web/ui/card_dialog.js", "web/model/describe.js",
             "web/screens/join.js", "web/screens/start.js", "web/screens/theming.js",
             "web/screens/day1.js", "web/screens/day1_boards.js", "web/model/day1.js", "web/screens/day1_agenda.js", "web/screens/day1_edit.js",
             "web/screens/rooms.js", "web/ui/polls.js", "web/ui/chat.js", "web/ui/countdown.js", "web/ui/parking_dialog.js", "web/screens/staff_alerts.js", "web/model/rooms.js", "web/screens/not_found.js", "web/model/data.js",
             "web/model/store.js", "web/ui/announce.js", "web/model/after.js", "web/model/day2.js",
             "web/model/files.js"]
# Words in code that are not read by people: key names, HTTP headers, event types.
NOT_PROSE = {"Enter", "Escape", "Tab", "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "Backspace",
             "Delete", "Authorization", "Bearer", "Content-Type", "X-Coboard-Client", "PageUp", "PageDown", "Space",
             "GET", "POST", "Coboard"}
LITERAL = re.compile(r"""(?<![\w$])(t|tn)\(\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")(\s*,\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"))?"""
                     r"""|('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`)""")


VALUE_MARK = "// a value, not words"  # a line holding protocol values (sent or compared, never shown as they are)


def prose_outside_catalogue(source: str) -> list[str]:
    source = "\n".join(line for line in source.splitlines() if VALUE_MARK not in line)
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    source = re.sub(r"^\s*//.*$|(?<=[;,{}()\s])//[^'\n]*$", "", source, flags=re.M)
    found = []
    for m in LITERAL.finditer(source):
        if m.group(1):  # t('…') or tn('…', '…'): in the catalogue
            continue
        if source[max(0, m.start() - 6):m.start()] == "Error(":  # a programmer's error, never shown
            continue
        text = m.group(5)[1:-1]
        if m.group(5).startswith("`"):
            text = re.sub(r"\$\{[^}]*\}", "", text)
            # words glued round a value: `${name} is typing…`, `${code} now in ${quadrant}` (two words or more);
            # not a class or key made of values (`tag tag-${q}`, `amend.${id}.code`)
            probe = re.sub(r"\$\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}", "X", m.group(5)[1:-1])
            said = re.sub(r"\bX\b", "", probe)
            if "X" in probe and re.search(r"(^|\s)[A-Za-z][a-z’']* [a-z’']{2,}", said) \
                    and not re.search(r"[-_./#\[\]=>]\w|[\w\]]=", probe):
                found.append(said)
                continue
                found.append(text)
                continue
        words = text.strip(" ·:()–-")
        if re.match(r"^[A-Z][a-z’']+", words) and words.split()[0].strip(".,:;?!") not in NOT_PROSE:
            found.append(text)
        elif re.search(r"[a-z]+ [a-z]+ [a-z]+", words) and not re.search(r"[-_./#\[\]=>]|^[a-z]+( [a-z]+)*$", words):
            found.append(text)
        elif re.match(r"^[a-z]+( [a-z’']+){2,}[.?!…]?$", words):  # a sentence in lower case
            found.append(text)
    return found


@pytest.mark.parametrize("module", CONVERTED)
def test_converted_screens_have_no_string_outside_the_catalogue(module):
    assert prose_outside_catalogue((ROOT / module).read_text()) == []


# Every screen is checked, a new one included. A screen still holding English outside the catalogue would be
# listed here as an expected failure, strict, so a screen once converted must leave this list (issue 13: none left).
SCREENS_STILL_ENGLISH: set[str] = set()


@pytest.mark.parametrize("module", [pytest.param(p.name, marks=pytest.mark.xfail(
    strict=True, reason="English not yet in the catalogue")) if p.name in SCREENS_STILL_ENGLISH else p.name
    for p in sorted((ROOT / "web/screens").glob("*.js"))])
def test_every_screen_has_no_string_outside_the_catalogue(module):
    assert prose_outside_catalogue((ROOT / "web/screens" / module).read_text()) == []


def test_the_extractor_reads_messages_inside_template_strings():
    """`${tn(…)}` inside a template string reaches the catalogue (Babel's parse_template_string)."""
    messages = build.extracted()
    assert messages.get("{n} answer") == "{n} answers"  # model/describe.js, only ever inside `…${tn(…)}…`
    assert messages.get("came back {n} time") == "came back {n} times"  # screens/host.js, likewise


def test_a_message_inside_another_messages_arguments_is_extracted():
    """Babel reads only the outermost call: the inner t() of t('Not saved: {reason}', { reason: m || t('…') })
    was missing from the catalogue (English on a Welsh page); build.nested_calls finds calls at any depth."""
    messages = build.extracted()
    assert "the server refused this change." in messages  # web/app/shell.js, inside t()'s params
    assert messages.get("{n} picture") == "{n} pictures"  # web/screens/pictures.js, a tn() inside t()
    source = "x(t('A', { b: y || t('B') })); /* t('C') */ // t('F')\ntc('noun', 'D'); tn('E', \"Es\", n); a.t('G'); t(v)"
    assert build.nested_calls(source) == [("A", None), ("B", None), ("D", "noun"), (("E", "Es"), None)]
    deeper = "x(t('A', { b: tn('X', 'Xs', n, { c: t('Y', { d: tc('verb', 'Z') }) }) })); s = \"t('S')\"; t('P' + 'Q')"
    assert build.nested_calls(deeper) == [("A", None), (("X", "Xs"), None), ("Y", None), ("Z", "verb"), ("PQ", None)]


def test_the_build_reads_javascript_with_babels_public_extractor_only(monkeypatch):
    """babel.messages.jslexer is an implementation detail of Babel's extractor (Babel 2.19 warns that it is
    deprecated): the build, nested calls too, goes through the public `extract_javascript`."""
    from babel.messages import jslexer

    def internal(*args, **kwargs):
        raise AssertionError("the build used babel.messages.jslexer")

    for name in ("tokenize", "unquote_string", "get_rules", "indicates_division"):
        monkeypatch.setattr(jslexer, name, internal)
    messages = build.extracted()
    assert "the server refused this change." in messages and messages.get("{n} picture") == "{n} pictures"


def test_the_prose_check_finds_strings_outside_t():
    code = "h('p', null, 'You have 3 dots left'), h('p', null, t('Connected')), tn('{n} dot', '{n} dots', n), " \
           "h('div', { class: 'conn conn-live' }), `Moved to ${x}`, e.key === 'Enter', 'aria-label': 'the main board here', " \
           "`${who} is typing…`, `${a.code} now in ${q}`, `tag tag-${q}`, `${d} ${m} ${y}`, `amend.${id}.code`"
    assert prose_outside_catalogue(code) == ["You have 3 dots left", "Moved to ", "the main board here", " is typing…",
                                             " now in "]


# ---- the server's refusals -----------------------------------------------------------------------

# Where a refusal's words are written: the argument Babel extracts (build.PY_KEYWORDS), 0-based.
REFUSALS = {"Rejected": 1, "ApiError": 2, "_damaged": 0, "FileProblem": 0}


def refusals_not_in_the_catalogue(source: str) -> list[str]:
    """Rejected/ApiError/FileProblem calls whose message is not a plain literal (an f-string, a sum, a name): Babel
    cannot extract those, so their words would never reach the catalogue and never be translated."""
    tree, found = ast.parse(source), []
    marked = {t.id for node in tree.body if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
              and getattr(node.value.func, "id", None) == "N_" for t in node.targets if isinstance(t, ast.Name)}
    # a helper whose calls Babel extracts (restore's `_damaged(message)`) hands its message on
    passed_on = {f.args.args[REFUSALS[f.name]].arg for f in ast.walk(tree)
                 if isinstance(f, ast.FunctionDef) and f.name in REFUSALS and f.name not in ("Rejected", "ApiError")}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        at = REFUSALS.get(name)
        if at is None or len(node.args) <= at:
            continue
        message = node.args[at]
        if isinstance(message, ast.Constant) and isinstance(message.value, str):
            continue
        if (isinstance(message, ast.Call) and getattr(message.func, "id", None) == "Plural" and len(message.args) >= 2
                and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in message.args[:2])):
            continue  # Plural("… {n} dot …", "… {n} dots …", n): both forms extracted by Babel's Plural keyword
        if isinstance(message, ast.Name) and (message.id in marked or message.id in passed_on):
            continue  # a constant marked N_("…") where it is defined, or a refusal helper passing its own argument on
        found.append(f"line {node.lineno}: {ast.unparse(message)[:80]}")
    return found


def test_every_refusal_of_the_server_is_a_message_of_the_catalogue():
    wrong = {str(p.relative_to(ROOT)): found for p in sorted((ROOT / "server").rglob("*.py"))
             if (found := refusals_not_in_the_catalogue(p.read_text()))}
    assert not wrong, "write the message as a literal with {placeholders} and pass the values as keywords: " \
                      f"Rejected(code, \"… {{n}} …\", field, n=n) — {wrong}"
    messages = build.extracted()
    assert "You are going a bit fast. Please wait a moment and try again." in messages  # Rejected
    assert "Please sign in: this needs your workshop link." in messages                  # ApiError
    assert "The sheet has more than {n} rows. Please split it." in messages              # FileProblem
    assert "Only the facilitator can {doing}." in messages and "write cards" in messages  # the registry's `doing`


def test_the_refusal_check_finds_words_outside_the_catalogue():
    code = 'raise Rejected("invalid", f"At most {n}.", "x")\nraise ApiError(404, "not_found", NAME)\n' \
           'raise Rejected("invalid", "At most {n}.", "x", n=n)\nraise ApiError(404, "not_found", "Gone.")\n' \
           'GONE = N_("Gone.")\nraise ApiError(404, "not_found", GONE)\n' \
           'raise Rejected("limit", Plural("{n} dot.", "{n} dots.", n))\nraise Rejected("limit", Plural(f"{n} dot.", "{n} dots.", n))\n'
    assert refusals_not_in_the_catalogue(code) == ["line 1: f'At most {n}.'", "line 2: NAME", "line 8: Plural(f'{n} dot.', '{n} dots.', n)"]


def test_a_welsh_refusal_fills_its_placeholders_and_translates_its_words():
    from server.domain.errors import Rejected
    r = Rejected("forbidden", "Only a facilitator or a host can {doing}.", None, doing=i18n.Word("open a vote"))
    assert r.message == "Only a facilitator or a host can open a vote."
    assert r.said("cy") == "Dim ond hwylusydd neu westeiwr all agor pleidlais."
    n = Rejected("vote_target_limit", i18n.Plural("You already put {n} dot on this theme.",
                                                  "You already put {n} dots on this theme.", 2))
    assert n.said("cy") == "Rydych chi eisoes wedi rhoi 2 ddot ar y thema hon." and n.code == "vote_target_limit"


def test_the_language_of_an_answer_follows_the_same_order_as_the_page():
    """The person's choice (cookie), the workshop's default, the browser's Accept-Language, English —
    as web/app/i18n.js pickLanguage shows the page, so an answer is in the language the page shows."""
    assert i18n.accepted_language("cy-GB,cy;q=0.9,en;q=0.8") == "cy"
    assert i18n.accepted_language("en-GB,en;q=0.9,cy;q=0.8") == "en"
    assert i18n.accepted_language("fr-FR, cy;q=0.5, en;q=0.2") == "cy"  # French we lack: the next best we have
    assert i18n.accepted_language("cy;q=0, en;q=0.1") == "en" and i18n.accepted_language("fr, de") is None
    assert i18n.accepted_language("cy;q=nonsense, en") == "en" and i18n.accepted_language(None) is None
    assert i18n.reader_language("en", "cy", "cy") == "en"      # their own choice first
    assert i18n.reader_language(None, "cy", "en-GB") == "cy"   # then the default the facilitator set
    assert i18n.reader_language(None, None, "cy-GB") == "cy"   # then the browser's
    assert i18n.reader_language("xx", None, None) == "en"


def test_before_joining_an_answer_is_in_the_language_the_page_says_it_shows():
    """The join page picks its language without the workshop's record (pickLanguage: no workshop default unless
    the device remembers it) and says it in X-Coboard-Language; that comes first, ahead of the server's guess."""
    assert i18n.visitor_language("cy", None, "en", "en-GB") == "cy"   # the page shows Welsh (a Welsh browser)
    assert i18n.visitor_language("en", "cy", "cy", "cy") == "en"      # the page shows English, whatever else
    assert i18n.visitor_language("xx", None, "cy", "en") == "cy"      # not a language we have: as reader_language
    assert i18n.visitor_language(None, None, None, "cy-GB") == "cy"
    source = (ROOT / "web/app/i18n.js").read_text()
    assert f"export const PAGE_LANGUAGE = '{i18n.PAGE_LANGUAGE}';" in source
    assert "[PAGE_LANGUAGE]: currentLanguage()" in (ROOT / "web/app/http.js").read_text()


def test_the_board_codes_shown_beside_a_board_are_messages_of_the_catalogue():
    """"NOT WORKING WELL (nww)" in the pictures and the report, the tags of the data screens: each code is a
    message with the context "board code", so a language may write its own (the Welsh keeps the guide's ww,
    nww, iff: the values the spreadsheets and the import's column roles use)."""
    from server.protocol.labels import BOARD_CODES, THEMING_BOARDS
    messages = build.extracted()
    assert sorted(BOARD_CODES) == sorted(THEMING_BOARDS)
    assert all(build.key_of(code, "board code") in messages for code in THEMING_BOARDS)
    browser = json.loads((ROOT / "web/i18n/cy.json").read_text())["messages"]
    assert all(browser[f"board code\u0004{code}"] == i18n.gettext("cy", BOARD_CODES[code]) for code in THEMING_BOARDS)
    words = (ROOT / "web/app/words.js").read_text()
    assert all(f"tc('board code', '{code}')" in words for code in THEMING_BOARDS)
