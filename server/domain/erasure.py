"""Erasing a person (rule D3): their name and their chat texts go, what they put on the boards stays.

Two pure parts:

- `erase` is the op `participant.erase`: the current records that name the person, or hold
  their chat texts, get new versions without them; their tokens are revoked (`Change.revoke`).
- `scrub_event` redacts one stored event in place — its arguments and the records it put and
  deleted — keeping seq, op, actor, time and every other field, so a replay, the audit counts and
  vote recounts from the log still work. The server runs it over every event of the workshop
  (server/store/store.py `rewrite_events`), and drops the board pictures that show the name.

A person's id is not personal data on its own (a random id): votes, cards and plans keep it so
tallies and authorship rules still hold, but it now leads only to "Erased person".
"""
import re

from ..protocol import ParticipantErase, WorkshopDelete
from .errors import Change, Rejected
from .state import OpContext, WorkshopState, revise

ERASED_NAME = "Erased person"


def _same_name(value, names: set[str]) -> bool:
    return isinstance(value, str) and value.strip().casefold() in names


def _folded(names) -> set[str]:
    return {n.strip().casefold() for n in names if isinstance(n, str) and n.strip()}


# Free text other people wrote, where they may have named the person (docs/privacy.md "Erasure"):
# chat, cards (and a facilitator's response on one), and the copies of a card's words elsewhere.
FREE_TEXT = {"chat": ("text",), "card": ("text", "response"), "room": ("theme_text",), "board": ("theme_text",),
             "action_plan": ("idea_text", "baseline", "indicators")}
FREE_TEXT_ARGS = ("text", "response", "baseline", "indicators")  # the same words in an op's logged arguments


def _mentions(names: set[str]):
    """The pattern of a mention of any of the names as a whole word, longest first (None for no names)."""
    if not names:
        return None
    forms = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in forms) + r")(?!\w)", re.IGNORECASE)


def unmention(text, names: set[str]):
    """`text` with every mention of one of the names replaced by ERASED_NAME.

    A name of two words or more ("Zephyrine Quill") counts in any case. A name of one word counts
    only where it starts with a capital letter, as a name is written: erasing a "Will", "Mark" or
    "May" must not turn "we will mark it in May" into nonsense; "May" there is replaced all the
    same (the safe side; docs/privacy.md says so).
    """
    pattern = _mentions(names) if isinstance(text, str) and text else None
    if pattern is None:
        return text

    def one(m):
        said = m.group(0)
        return ERASED_NAME if (len(said.split()) > 1 or said[:1].isupper()) else said
    return pattern.sub(one, text)


def scrub_record(record: dict, person_id: str, names: set[str]) -> dict:
    """The record without the person's name or chat texts (the same dict when nothing names them).

    `names`: every name the person went by, casefolded (free-text fields that repeat a name, such
    as the facilitation team on the welcome board, are matched against them, and other people's
    free text — chat, cards — has its mentions of them replaced, see `unmention`).
    """
    kind = record.get("kind")
    fields: dict = {}
    for key in FREE_TEXT.get(kind, ()):
        if not (kind == "chat" and record.get("by") == person_id):
            said = unmention(record.get(key), names)
            if said != record.get(key):
                fields[key] = said
    if kind == "participant" and record.get("id") == person_id:
        fields.update({"name": ERASED_NAME, "perspective": None, "erased": True})
    elif kind == "chat" and record.get("by") == person_id:
        fields.update({"text": "", "by_name": ERASED_NAME})
    elif kind == "poll_answer" and record.get("voter_id") == person_id and record.get("voter_name") is not None:
        fields.update({"voter_name": ERASED_NAME})
    elif kind == "action_plan" and record.get("lead_id") == person_id:
        fields.update({"lead_name": ERASED_NAME})
    elif kind == "workshop":
        team = record.get("team") or []
        if any(_same_name(m.get("name"), names) for m in team if isinstance(m, dict)):
            fields["team"] = [{**m, "name": ERASED_NAME} if _same_name(m.get("name"), names) else m for m in team]
        if _same_name(record.get("parking_reviewer"), names):
            fields["parking_reviewer"] = ERASED_NAME
    changed = {k: v for k, v in fields.items() if record.get(k) != v}
    return {**record, **changed} if changed else record


def names_in_events(events: list[dict], person_id: str) -> set[str]:
    """Every name the person went by, from the log (joins, renames) — casefolded."""
    names = set()
    for e in events:
        for r in (e.get("put") or []) + (e.get("deleted") or []):
            if r.get("kind") == "participant" and r.get("id") == person_id:
                names.add(r.get("name"))
        args = e.get("args") or {}
        if e.get("op") == "participant.rename" and (args.get("participant_id") or e.get("actor_id")) == person_id:
            names.add(args.get("name"))
    names.discard(ERASED_NAME)
    return _folded(names)


def _puts(event: dict, person_id: str) -> bool:
    return any(r.get("kind") == "participant" and r.get("id") == person_id for r in event.get("put") or [])


def scrub_args(event: dict, person_id: str, names: set[str]) -> dict:
    """The op's logged arguments without the person's name or chat text."""
    op, args, actor = event.get("op"), dict(event.get("args") or {}), event.get("actor_id")
    if op == "participant.join" and _puts(event, person_id):
        args.update(name=ERASED_NAME, perspective=None)
    elif op == "workshop.create" and _puts(event, person_id) and "facilitator_name" in args:
        args["facilitator_name"] = ERASED_NAME
    elif op == "participant.rename" and (args.get("participant_id") or actor) == person_id:
        args["name"] = ERASED_NAME
    elif op in ("chat.send", "breakout.broadcast") and actor == person_id and "text" in args:
        args["text"] = ""
    elif op == "welcome.update":
        if isinstance(args.get("team"), list):
            args["team"] = [{**m, "name": ERASED_NAME} if isinstance(m, dict) and _same_name(m.get("name"), names)
                            else m for m in args["team"]]
        if _same_name(args.get("parking_reviewer"), names):
            args["parking_reviewer"] = ERASED_NAME
    for key in FREE_TEXT_ARGS:  # someone else's words that name the person (their own chat is emptied above)
        if isinstance(args.get(key), str):
            args[key] = unmention(args[key], names)
    return args


def scrub_event(event: dict, person_id: str, names: set[str]) -> dict:
    """The stored event (`op`, `actor_id`, `args`, `put`, `deleted`, …) redacted; other fields as they were."""
    return {**event, "args": scrub_args(event, person_id, names),
            "put": [scrub_record(r, person_id, names) for r in event.get("put") or []],
            "deleted": [scrub_record(r, person_id, names) for r in event.get("deleted") or []]}


def shows_name(text: str, names: set[str]) -> bool:
    """Whether a picture's text shows one of the names as a word (XML-escaped as SVG writes it)."""
    folded = text.casefold()
    for name in names:
        for form in {name, name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                     .replace("'", "&#x27;").replace('"', "&quot;"), name.replace("'", "&#39;")}:
            if re.search(r"(?<!\w)" + re.escape(form) + r"(?!\w)", folded):
                return True
    return False


def erase(state: WorkshopState, actor: dict, args: ParticipantErase, ctx: OpContext) -> Change:
    """`participant.erase`: the person's name and chat texts leave every current record; tokens revoked."""
    person = state.require(args.participant_id, "participant", "person", "participant_id")
    if person["role"] == "facilitator" and not args.retention and not person.get("erased") and not any(
            p["role"] == "facilitator" and p["id"] != person["id"] and not p.get("erased")
            for p in state.of_kind("participant")):
        raise Rejected("conflict", "A workshop always needs a facilitator. Make someone else a facilitator "
                                   "before erasing this one.", "participant_id")
    names = _folded([person.get("name"), *args.also_named])
    put = []
    for record in state.records.values():
        scrubbed = scrub_record(record, person["id"], names)
        if scrubbed is not record:
            changes = {k: v for k, v in scrubbed.items() if record.get(k) != v}
            if record is person:
                changes.update(hand_raised=False, hand_raised_at=None, chill_out_alert=None)
            put.append(revise(record, **changes))
    return Change(put=put, result={"participant_id": person["id"]}, revoke=[person["id"]])


def delete_workshop(state: WorkshopState, actor: dict, args: WorkshopDelete, ctx: OpContext) -> Change:
    """`workshop.delete`: the last event of a workshop; the server then removes every row of it."""
    return Change(result={"workshop_id": state.workshop_id})
