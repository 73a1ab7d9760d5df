"""Writes `docs/protocol.md`, `web/protocol.js` and `web/protocol_all.js` from the one source, `server/protocol/`.

    python -m server.protocol.generate           # write both files
    python -m server.protocol.generate --check   # exit 1 when a committed file differs

The prose of docs/protocol.md is `protocol.md.in` beside this file; its markers are replaced
by tables made from the op registry, the record models, the error codes and the limits.
"""
import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic.fields import FieldInfo

from . import PROTOCOL_VERSION, labels, limits
from .errors import ERRORS
from .records import RECORDS, STAFF_FIELDS, STAFF_KINDS
from .registry import OPS, Op
from .roles import FACILITATOR, MEMBERS, PERSPECTIVES, ROLE_NAMES, ROLES, STAFF

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = Path(__file__).with_name("protocol.md.in")
DOCS = ROOT / "docs" / "protocol.md"
WEB = ROOT / "web" / "protocol.js"
WEB_ALL = ROOT / "web" / "protocol_all.js"
JSON_NAMES = {"str": "string", "int": "integer", "float": "number", "bool": "boolean", "dict": "object",
              "NoneType": "null", "Any": "any"}
WHO = {FACILITATOR: "facilitator", STAFF: "facilitator, host", MEMBERS: "member"}


# ---- docs/protocol.md --------------------------------------------------------------------------

def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _default(info: FieldInfo) -> str:
    if info.is_required() or info.default_factory is not None or info.default is None:
        return ""
    value = info.default
    return f" ({json.dumps(value)})" if not isinstance(value, str) else f" (`{value}`)"


def _args(op: Op) -> str:
    parts = [f"`{name}`" + ("" if info.is_required() else "?") + _default(info)
             for name, info in op.args.model_fields.items()]
    text = ", ".join(parts) or "—"
    if op.result:
        text += " → " + ", ".join(f"`{r}`" for r in op.result)
    return text


def _who(op: Op) -> str:
    if op.who_note:
        return op.who_note
    if op.who is None:
        return "the server"
    return WHO.get(op.who, ", ".join(op.who))


def ops_table(section: str) -> str:
    rows = ["| op | who | args → result | rules |", "|---|---|---|---|"]
    rows += [f"| `{op.name}` | {_cell(_who(op))} | {_cell(_args(op))} | {_cell(op.rules)} |"
             for op in OPS.values() if op.section == section]
    return "\n".join(rows)


def _type_name(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin is None:
        name = getattr(annotation, "__name__", str(annotation))
        return JSON_NAMES.get(name, name)
    args = [a for a in get_args(annotation)]
    if str(origin).endswith("Literal"):
        return " | ".join(f"`{json.dumps(a)}`" for a in args)
    if origin in (list, tuple):
        return f"list of {_type_name(args[0])}" if args else "list"
    if origin is dict:
        return "object"
    if origin is Any:
        return "any"
    names = [_type_name(a) for a in args]
    return " or ".join(names)


def records_section() -> str:
    out = []
    for kind, model in RECORDS.items():
        audience = {"staff": " — facilitators and hosts only", "voter": " — its own person only",
                    "room": " — the room it was sent in, and the staff",
                    "nobody": " — sent to nobody (kept for its totals only)"}.get(
            (model.model_config.get("json_schema_extra") or {}).get("x-visible"), "")
        out += [f"### `{kind}`{audience}", "", "| field | type | notes |", "|---|---|---|"]
        for name, info in model.model_fields.items():
            if name in ("id", "kind", "v"):
                continue
            notes = info.description or ""
            if name in STAFF_FIELDS.get(kind, ()):
                notes = ("facilitators and hosts only. " + notes).strip()
            out.append(f"| `{name}` | {_cell(_type_name(info.annotation))} | {_cell(notes)} |")
        out.append("")
    out.insert(0, "Every record has `id`, `kind` and `v` (raised by one on each change). Kinds seen by "
               f"facilitators and hosts only: {', '.join(f'`{k}`' for k in sorted(STAFF_KINDS))}.\n")
    return "\n".join(out).rstrip()


def errors_table() -> str:
    rows = ["| code | HTTP | meaning |", "|---|---|---|"]
    rows += [f"| `{code}` | {status} | {_cell(meaning)} |" for code, (status, meaning) in ERRORS.items()]
    return "\n".join(rows)


def limits_table() -> str:
    meaning = limit_meanings()
    rows = ["| limit | value | meaning |", "|---|---|---|"]
    rows += [f"| `{name}` | {value} | {_cell(meaning.get(name, ''))} |" for name, value in limits.LIMITS.items()]
    return "\n".join(rows)


def limit_meanings() -> dict[str, str]:
    """What each limit means: the comment on its line in limits.py (written once, there)."""
    source = Path(limits.__file__).read_text(encoding="utf-8")
    return {m[1]: m[2].strip() for m in re.finditer(r"^([A-Z][A-Z0-9_]*)\s*=[^#\n]*#\s*(.+)$", source, re.M)}


def docs() -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    sections = {op.section for op in OPS.values()}

    def replace(match: re.Match) -> str:
        marker = match.group(1).strip()
        if marker == "RECORDS":
            return records_section()
        if marker == "ERRORS":
            return errors_table()
        if marker == "LIMITS":
            return limits_table()
        if marker.startswith("OPS "):
            section = marker[4:]
            if section not in sections:
                raise SystemExit(f"protocol.md.in names a section with no ops: {section!r}")
            return ops_table(section)
        raise SystemExit(f"protocol.md.in has an unknown marker: {marker!r}")

    out = re.sub(r"<!-- (.*?) -->", replace, text)
    missing = {op.name for op in OPS.values()} - set(re.findall(r"^\| `([a-z_]+\.[a-z_]+)` \|", out, re.M))
    if missing:
        raise SystemExit(f"protocol.md.in has no table for the ops {sorted(missing)}")
    return "<!-- GENERATED by server/protocol/generate.py from server/protocol/: do not edit by hand. -->\n" + out


# ---- web/protocol.js -------------------------------------------------------------------------

def _camel(op_name: str) -> str:
    words = re.split(r"[._]", op_name)
    return words[0] + "".join(w.capitalize() for w in words[1:])


def _js(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


def web() -> str:
    """What the browser needs: op names, roles, limits, labels. Not who may send each op or the ids
    its ack carries (the server's gate decides; /api/protocol.json has them): every participant's
    phone downloads this file on its first load."""
    client_ops = {name: op for name, op in OPS.items() if not op.internal}
    parts = [
        "// GENERATED by server/protocol/generate.py from server/protocol/: do not edit by hand.",
        "// Run `make protocol` after changing the registry, the limits or the labels.",
        "",
        f"export const PROTOCOL_VERSION = {PROTOCOL_VERSION};",
        "",
        "/** Every op a client may send, by a name to write in code: OP.cardGroup === 'card.group'. */",
        f"export const OP = Object.freeze({_js({_camel(n): n for n in client_ops})});",
        "",
        "/** Ops the server applies itself (joins, uploads, restores, erasures): heard in events, never sent. */",
        f"export const SERVER_OP = Object.freeze({_js({_camel(n): n for n, op in OPS.items() if op.internal})});",
        "",
        f"export const ROLES = Object.freeze({_js(list(ROLES))});",
        f"export const ROLE_NAMES = Object.freeze({_js(ROLE_NAMES)});",
        f"export const STAFF = Object.freeze({_js(list(STAFF))});",
        f"export const MEMBERS = Object.freeze({_js(list(MEMBERS))});",
        f"export const PERSPECTIVES = Object.freeze({_js(PERSPECTIVES)});",
        f"export const ERROR_CODES = Object.freeze({_js(list(ERRORS))});",
        "",
        "/** Every limit, as the server checks it. */",
        f"export const LIMITS = Object.freeze({_js(limits.LIMITS)});",
        "",
        "/** Characters as Coboard counts them everywhere: Unicode code points after NFC. */",
        "export function charCount(text) {",
        "  return [...String(text ?? '').normalize('NFC')].length;",
        "}",
        "",
        "/** The quadrant of the Investment Grid for a point (G1: the split belongs to the upper / right side). */",
        "export function quadrantOf(impact, effort) {",
        f"  const split = {limits.QUADRANT_SPLIT};",
        "  if (impact >= split) return effort >= split ? 'major_project' : 'quick_win';",
        "  return effort >= split ? 'thankless_task' : 'fill_in';",
        "}",
        "",
        "/** The words of the process (server/protocol/labels.py) the first screens use. A colour always",
        " *  travels with its label. The rest, for screens loaded later, is in protocol_all.js. */",
        "export const LABELS = Object.freeze(" + _js(_labels(FIRST_LABELS)) + ");",
        "",
    ]
    return "\n".join(parts)


def web_all() -> str:
    """protocol.js and the labels only later screens use (the staff's data screens, after the workshop,
    feedback, the card dialog): a participant's first load does not fetch their ~1.6 KB."""
    later = {k: v for k, v in _labels().items() if k not in FIRST_LABELS}
    return "\n".join([
        "// GENERATED by server/protocol/generate.py from server/protocol/: do not edit by hand.",
        "// Everything of protocol.js, with LABELS complete: import from here in a screen loaded later.",
        "",
        "import { LABELS as FIRST } from './protocol.js';",
        "",
        "export * from './protocol.js';",
        "",
        "/** Every word of the process (server/protocol/labels.py): protocol.js's and these. */",
        "export const LABELS = Object.freeze({ ...FIRST, ..." + _js(later) + " });",
        "",
    ])


# The labels in protocol.js, which every member loads first; the others are only in protocol_all.js.
# web/tests/protocol_split.test.js fails when a module importing protocol.js reads a label not here.
FIRST_LABELS = ("boards", "themingBoards", "questions", "hats", "quadrants", "plannableQuadrants",
                "successPerspectives", "teamRoles", "stages", "projectorName")


def _labels(only=None) -> dict:
    every = {
        "boards": {k: {"title": t, "colour": c} for k, (t, c) in labels.BOARD_KINDS.items()},
        "boardNames": labels.BOARD_NAMES,
        "themingBoards": list(labels.THEMING_BOARDS),
        "questions": {k: {"question": q, "name": n} for k, (q, n) in labels.QUESTIONS.items()},
        "hats": {k: {"name": n, "colour": c, "hint": h} for k, (n, c, h) in labels.HATS.items()},
        "quadrants": labels.QUADRANTS,
        "plannableQuadrants": list(labels.PLANNABLE_QUADRANTS),
        "successPerspectives": {k: {"label": lb, "colour": c, "statement": s, "example": e}
                                for k, (lb, c, s, e) in labels.SUCCESS_PERSPECTIVES.items()},
        "planQuestions": labels.PLAN_QUESTIONS,
        "amendmentCodes": {k: {"label": lb, "help": h} for k, (lb, h) in labels.AMENDMENT_CODES.items()},
        "needsText": list(labels.NEEDS_TEXT),
        "needsReason": list(labels.NEEDS_REASON),
        "teamRoles": list(labels.TEAM_ROLES),
        "stages": [{"name": n, "text": t} for n, t in labels.STAGES],
        "planStatuses": labels.PLAN_STATUSES,
        "statusNeedsReason": list(labels.STATUS_NEEDS_REASON),
        "followUp": [{"weeks": w, "months": m, "label": lb} for w, m, lb in labels.FOLLOW_UP],
        "checkinStatuses": labels.CHECKIN_STATUSES,
        "stuckQuestions": list(labels.STUCK_QUESTIONS),
        "planFollowUpFields": labels.PLAN_FOLLOW_UP_FIELDS,
        "reviewQuestions": labels.REVIEW_QUESTIONS,
        "feedbackRatings": labels.FEEDBACK_RATINGS,
        "feedbackTitles": {"default": labels.FEEDBACK_TITLE, "checkin": labels.FEEDBACK_CHECKIN_TITLE},
        "projectorName": labels.PROJECTOR_NAME,
        "feedbackPrinciples": [{"name": n, "ratings": list(k)} for n, k in labels.FEEDBACK_PRINCIPLES],
        "feedbackQuestions": labels.FEEDBACK_QUESTIONS,
        "feedbackScale": {k: list(v) for k, v in labels.FEEDBACK_SCALE.items()},
        "feedbackTexts": list(labels.FEEDBACK_TEXTS),
        "feedbackPlace": labels.FEEDBACK_PLACE,
        "feedbackMinAnswers": labels.FEEDBACK_MIN_ANSWERS,
        "pollMinAnswers": labels.POLL_MIN_ANSWERS,
    }
    return {k: v for k, v in every.items() if only is None or k in only}


OUTPUTS = {DOCS: docs, WEB: web, WEB_ALL: web_all}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a committed file differs")
    args = parser.parse_args(argv)
    stale = []
    for path, make in OUTPUTS.items():
        text = make()
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.relative_to(ROOT))
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        sys.exit(f"out of date (run `make protocol`): {', '.join(map(str, stale))}")


if __name__ == "__main__":
    main()
