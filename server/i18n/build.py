"""`python -m server.i18n.build`: the catalogues brought up to date with the code (`make i18n`).

1. Every message of the code is extracted with Babel: `t("…")` / `tn("…", "…", n)` in web/,
   `_("…")` / `N_("…")` / `ngettext(lang, "…", "…", n)` in server/, and the server's refusals
   (`Rejected(code, "…")`, `ApiError(status, code, "…")`, `FileProblem("…")`, the words they put in: see
   PY_KEYWORDS).
2. Each translated language's `.po` gains the new messages (with an empty translation, to be
   written by a person) and marks the ones no longer used as obsolete; translations are kept.
3. `web/i18n/<lang>.json` is written from the `.po`: what the browser loads.
`--check` writes nothing and exits 1 when anything would change (the unit test does the same).
"""
import contextlib
import io
import json
import re
import sys
import warnings
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_javascript
from babel.messages.pofile import read_po, write_po

from . import LANGUAGES, TRANSLATED, month_names, plural_tags, po_path

ROOT = Path(__file__).resolve().parents[2]
WEB, SERVER = ROOT / "web", ROOT / "server"
# tc(context, msgid) / pgettext(lang, context, msgid): one English word that other languages say in two ways
# ("Theme" the noun, "Theme" the stage: Welsh "Thema", "Creu themâu") — a msgctxt in the .po
JS_KEYWORDS = {"t": None, "tn": (1, 2), "tc": ((1, "c"), 2)}
PY_KEYWORDS = {"_": None, "N_": None, "NC_": ((1, "c"), 2), "gettext": (2,), "ngettext": (2, 3), "pgettext": ((2, "c"), 3),
               # the server's refusals: Rejected(code, message, field, **params), ApiError(status, code, message, …)
               "Rejected": (2,), "ApiError": (3,), "_damaged": (1,),
               # why an uploaded file cannot be read: FileProblem(message, line=…, status=…, **params)
               "FileProblem": (1,),
               # what the registry's ops do, for "Only … can {doing}." (Op(name, args, rule, who, doing, …))
               "Op": (5,),
               # words put into a refusal as a Word (the thing that is missing, the field that is too long)
               "require": (3,), "require_card": (3,), "bounded": (3,), "_bounded": (3,), "require_role": (3,),
               "require_follower": (3,), "_self_or_staff": (4,), "too_large": (2,), "limit_stream": (3,),
               "spool_body": (3,), "_fraction": (2,),
               # a placeholder's value that is a whole message itself (i18n.Phrase, i18n.Plural)
               "Phrase": None, "Plural": (1, 2)}


CTX = "\x04"  # gettext's own separator of a context and its msgid (as in a compiled .mo)


def key_of(msgid: str, context: str | None = None) -> str:
    """How a message is named in extracted() and in the browser's JSON: its msgid, or "context\\x04msgid"."""
    return f"{context}{CTX}{msgid}" if context else msgid


def split_key(key: str) -> tuple[str, str | None]:
    """(msgid, context) of a key_of()."""
    context, sep, msgid = key.partition(CTX)
    return (msgid, context) if sep else (key, None)


# Where a keyword call with a quoted first argument may be: t('…'), tn("…", …), tc('…', …) (not a.t(…), not t(v))
CANDIDATE = re.compile(r"""(?<![\w$.])(tn|tc|t)(?=\s*\(\s*['"])""")


def nested_calls(source: str) -> list[tuple[str | tuple[str, str], str | None]]:
    """Every t('…'), tn('…', '…') and tc('…', '…') with literal arguments, nested ones too (not in comments).

    Babel's JavaScript extractor (its public `extract_javascript`) reads only a call that is not inside
    another keyword call. So each place that may be such a call is renamed to a keyword of its own
    (`_i18n_0_`, `_i18n_1_`, …: a name for a name, so the source is read just the same), and Babel is asked again
    without the keywords it has found: the calls inside those come out next, until none is left. A place
    in a comment or a string never comes out. The calls are given in the order they are written."""
    places = list(CANDIDATE.finditer(source))
    if not places:
        return []
    kinds, parts, at = {}, [], 0
    for i, place in enumerate(places):
        kinds[f"_i18n_{i}_"] = place.group(1)
        parts += [source[at:place.start()], f"_i18n_{i}_"]
        at = place.end()
    renamed = io.BytesIO("".join(parts + [source[at:]]).encode("utf-8"))
    waiting, found = dict.fromkeys(kinds, None), {}
    while waiting:
        renamed.seek(0)
        came = {name: args for _line, name, args, _comments in
                extract_javascript(renamed, waiting, (), {"jsx": False, "template_string": True})}
        if not came:
            break
        found.update(came)
        waiting = {name: None for name in waiting if name not in came}
    calls = []
    order = {name: i for i, name in enumerate(kinds)}
    for name, args in sorted(found.items(), key=lambda item: order[item[0]]):
        args = args if isinstance(args, tuple) else (args,)
        literal = [a if isinstance(a, str) else None for a in args[:2]] + [None, None]
        if kinds[name] == "t" and literal[0] is not None:
            calls.append((literal[0], None))
        elif kinds[name] == "tn" and None not in literal[:2]:
            calls.append(((literal[0], literal[1]), None))
        elif kinds[name] == "tc" and None not in literal[:2]:
            calls.append((literal[1], literal[0]))
    return calls


def extracted() -> dict[str, str | None]:
    """key_of(msgid, context) → its plural msgid (None for a message without plural), from the code, in a stable order."""
    found: dict[str, str | None] = {}

    def add(msg, context=None):
        if isinstance(msg, tuple):
            found.setdefault(key_of(msg[0], context), msg[1])
        elif msg:
            found.setdefault(key_of(msg, context), None)

    # parse_template_string: a t()/tn() inside a `…${…}…` template string is extracted too
    for _f, _l, msg, _c, _x in extract_from_dir(str(WEB), method_map=[("tests/**", "ignore"), ("**.js", "javascript")],
                                                options_map={"**.js": {"parse_template_string": True}},
                                                keywords=JS_KEYWORDS, comment_tags=(), strip_comment_tags=True):
        add(msg, _x)
    # Babel reads only the outermost call: t('Not saved: {reason}', { reason: m || t('the server refused.') })
    # loses the inner message. Its tokens give the calls with literal arguments at any depth.
    for path in sorted(WEB.rglob("*.js")):
        if "tests" not in path.relative_to(WEB).parts:
            for msg, context in nested_calls(path.read_text(encoding="utf-8")):
                add(msg, context)
    # Babel warns of every f-string in a keyword's call (the `field` ones too) and of the internal ops' empty `doing`
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        for _f, _l, msg, _c, _x in extract_from_dir(str(SERVER), method_map=[("**.py", "python")],
                                                    keywords=PY_KEYWORDS):
            add(msg, _x)
    return dict(sorted(found.items()))


def updated_po(lang: str, messages: dict[str, str | None]) -> Catalog:
    path = po_path(lang)
    if path.exists():
        with path.open("rb") as f:
            old = read_po(f, locale=lang)
    else:
        old = Catalog(locale=lang)
    new = Catalog(locale=lang, project="Coboard", version="1", language_team=f"{LANGUAGES[lang]} <coboard>",
                  charset="utf-8", fuzzy=False)
    new.header_comment = (f"# Coboard's messages in {LANGUAGES[lang]}.\n"
                          "# Written with care by hand; a native speaker should review them before a public workshop.\n"
                          "# msgids are the English text; placeholders in {braces} must stay as they are.")
    nplurals = len(plural_tags(lang))
    for key, plural in messages.items():
        msgid, context = split_key(key)
        before = old.get(msgid, context=context)
        if plural is None:
            string = before.string if before is not None and isinstance(before.string, str) else ""
            new.add(msgid, string, context=context)
        else:
            forms = list(before.string) if before is not None and isinstance(before.string, (tuple, list)) else []
            forms = (forms + [""] * nplurals)[:nplurals]
            new.add((msgid, plural), tuple(forms), context=context)
    # Translations no longer used are kept as obsolete (#~) so a message that comes back keeps its words.
    for message in list(old) + list(old.obsolete.values()):
        key = key_of(message.id[0] if isinstance(message.id, tuple) else message.id, message.context)
        if message.id and key not in messages and message.string and any(message.string):
            new.obsolete[key] = message
    return new


def po_text(catalog: Catalog) -> bytes:
    out = BytesIO()
    write_po(out, catalog, width=100, omit_header=False, sort_output=True, include_lineno=False, include_previous=False)
    # The header's creation and revision dates would change on every run: keep it stable.
    lines = [ln for ln in out.getvalue().decode().splitlines(keepends=True)
             if not ln.startswith(('"POT-Creation-Date:', '"PO-Revision-Date:', '"Generated-By:'))]
    return "".join(lines).encode()


def browser_json(lang: str, catalog: Catalog) -> str:
    """What web/app/i18n.js loads: {lang, plural_tags, messages: {key_of(msgid, context): text | [forms]}}
    (translated ones only)."""
    messages = {}
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if all(message.string):
                messages[key_of(message.id[0], message.context)] = list(message.string)
        elif message.string:
            messages[key_of(message.id, message.context)] = message.string
    body = {"lang": lang, "name": LANGUAGES[lang], "plural_tags": plural_tags(lang), "months": month_names(lang),
            "messages": dict(sorted(messages.items()))}
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def outputs() -> dict[Path, bytes]:
    """Every file this build writes, with its content."""
    messages = extracted()
    files = {}
    for lang in TRANSLATED:
        catalog = updated_po(lang, messages)
        files[po_path(lang)] = po_text(catalog)
        files[WEB / "i18n" / f"{lang}.json"] = browser_json(lang, catalog).encode()
    files[WEB / "i18n" / "languages.json"] = (json.dumps(LANGUAGES, ensure_ascii=False) + "\n").encode()
    return files


def main(argv=None) -> int:
    check = "--check" in (argv if argv is not None else sys.argv[1:])
    stale = []
    for path, content in outputs().items():
        if not path.exists() or path.read_bytes() != content:
            stale.append(path)
            if not check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(content)
    for path in stale:
        print(("stale: " if check else "wrote: ") + str(path.relative_to(ROOT)))
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
