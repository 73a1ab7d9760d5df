"""Anonymous answers (anonymous polls, the feedback questionnaire): replaceable, yet filed under nobody.

An anonymous answer is one record whose id is a keyed hash (HMAC-SHA256) of what is answered
and who answers: `ballot_id(state, poll_id, participant_id)`. The key is the workshop's
`ballot_key`, derived from a server secret that is never in a record, an event, an export or a
log. So:

- the person answering again finds their own answer (the same id) and replaces it, or is told
  they have answered already — the rule needs no list of who answered what;
- the record holds no voter id or name, and its event is stored and sent with `by: null` and no
  client op id (`Change.anonymous`), so nothing staff can read links it to anyone;
- with no key (unit tests) the ids are still stable and unlinkable to a reader of the records.

Pure: no I/O; the server hands the key in with the state (server/realtime/hub.py).
"""
import hashlib
import hmac

from .state import WorkshopState

BALLOT_PREFIX = "ab_"


def workshop_key(server_secret: bytes, workshop_id: str) -> bytes:
    """A workshop's own key, from the id of the workshop it began as (`ballot_origin`, see below)."""
    return hmac.new(server_secret, b"coboard-ballots\x1f" + workshop_id.encode(), hashlib.sha256).digest()


# A restored workshop (a new id) keeps the key of the workshop it was exported from, so a person who
# answered before the export is still found to have answered (`conflict`), without anything that
# says who answered: the workshop record's `ballot_origin` names that first workshop, and the key is
# still made from the server's secret, never stored. An export carries the origin with a seal
# (`origin_seal`, keyed by the workshop's key); a restore here keeps the origin only when the seal
# holds, so an edited export cannot borrow another workshop's key. Restored on another server (another
# secret), the seal fails and the workshop gets a key of its own.

def ballot_origin(workshop: dict | None, workshop_id: str) -> str:
    """The id the workshop's key is made from: its own, unless it was restored from another."""
    return (workshop or {}).get("ballot_origin") or workshop_id


def origin_seal(key: bytes, origin: str) -> str:
    return hmac.new(key, b"coboard-origin\x1f" + origin.encode(), hashlib.sha256).hexdigest()


def verified_origin(server_secret: bytes, sealed: dict | None) -> str | None:
    """The origin of an export's `ballot` ({origin, seal}) when its seal was made with this server's secret."""
    if not isinstance(sealed, dict) or not isinstance(sealed.get("origin"), str) or not isinstance(
            sealed.get("seal"), str) or not server_secret:
        return None
    origin = sealed["origin"]
    expected = origin_seal(workshop_key(server_secret, origin), origin)
    return origin if hmac.compare_digest(expected, sealed["seal"]) else None


def keyed_ballot_id(key: bytes, subject_id: str, participant_id: str, n: int = 0) -> str:
    """The id of `participant_id`'s `n`th anonymous answer to `subject_id` (0: their first)."""
    message = f"{subject_id}\x1f{participant_id}" + (f"\x1f{n}" if n else "")
    digest = hmac.new(key or b"\x00", message.encode(), hashlib.sha256).hexdigest()
    return BALLOT_PREFIX + digest[:32]


def ballot_id(state: WorkshopState, subject_id: str, participant_id: str, n: int = 0) -> str:
    """The id of `participant_id`'s anonymous answer to `subject_id` (a poll, a questionnaire); `n`: see below."""
    return keyed_ballot_id(state.ballot_key, subject_id, participant_id, n)


# ---- a changed answer is a new record, under a new id (D2, Q1) -----------------------------------
# Were a changed answer put under the same id, the log would tie the person's first answer to their
# changed one (the same record, a new version). So the person's `n`th answer is filed under its own
# keyed id (`ballot_id(…, n)`), the earlier ones stay as they were, and nothing in the change's event
# names them. At the close, every superseded answer goes in one event, all together in id order
# (`superseded`): which one a changed answer replaced is said nowhere.

def own_chain(state: WorkshopState, subject_id: str, participant_id: str) -> list[dict]:
    """The person's answers to `subject_id`, first to latest (the last one counts)."""
    chain = []
    while (record := state.get(ballot_id(state, subject_id, participant_id, len(chain)))) is not None:
        chain.append(record)
    return chain


def own_ballot(state: WorkshopState, subject_id: str, participant_id: str) -> dict | None:
    """The person's latest anonymous answer to `subject_id`, if they gave one."""
    chain = own_chain(state, subject_id, participant_id)
    return chain[-1] if chain else None


def superseded(state: WorkshopState, subject_id: str) -> list[dict]:
    """The answers to `subject_id` that their own person replaced later, in the order of their ids."""
    stale = [r for p in state.of_kind("participant") for r in own_chain(state, subject_id, p["id"])[:-1]]
    return sorted(stale, key=lambda r: r["id"])


def answer_time(subject: dict) -> str | None:
    """The time an anonymous answer's event is stored and sent with: when its poll or questionnaire
    opened, the same for every answer, so no answer's time tells whom staff saw answering then."""
    return subject.get("created_at") or subject.get("opened_at")


# ---- export.json while an anonymous poll or questionnaire is open -----------------------------------
# Two exports one answer apart would show that answer (and the same keyed id later shows when that
# person changed it). So while a poll or questionnaire is open, export.json does not hold its anonymous
# answers in the clear: they travel sealed for this server (server/exports/ballot_box.py), and a
# restore here unseals them. Once it is closed, its answers are ordinary unnamed records again.

def open_subjects(records) -> set[str]:
    """The ids of the anonymous polls and feedback questionnaires still open."""
    return {r["id"] for r in records if r.get("status") == "open"
            and ((r["kind"] == "poll" and r.get("anonymous")) or r["kind"] == "feedback")}


def _is_open_answer(r: dict, subjects: set[str]) -> bool:
    return ((r["kind"] == "poll_answer" and bool(r.get("anonymous")) and r.get("poll_id") in subjects)
            or (r["kind"] == "feedback_answer" and r.get("feedback_id") in subjects))


def split_open_answers(records: list[dict]) -> tuple[list[dict], list[dict]]:
    """(the records an export shows, the anonymous answers to what is still open: sealed instead)."""
    subjects = open_subjects(records)
    shown, sealed = [], []
    for r in records:
        (sealed if _is_open_answer(r, subjects) else shown).append(r)
    return shown, sealed


def recount_open(records: list[dict], key: bytes = b"") -> list[dict]:
    """The records with each open anonymous poll's `answered` (a questionnaire's `answers`) set to the
    people whose answers are actually among them: a restore whose sealed answers could not be opened
    (another server) starts those polls again from none, instead of counting answers it does not have.
    A person is counted by their first answer (`n` 0 under `key`, the workshop's key the answers were
    filed under); a changed answer is not another person."""
    subjects = open_subjects(records)
    held_ids = {r["id"] for r in records if _is_open_answer(r, subjects)}
    people = [r["id"] for r in records if r.get("kind") == "participant" and isinstance(r.get("id"), str)]
    held: dict[str, int] = {}
    for subject in subjects:
        held[subject] = sum(1 for pid in people if keyed_ballot_id(key, subject, pid) in held_ids)
    out = []
    for r in records:
        if r.get("id") in subjects:
            field = "answered" if r["kind"] == "poll" else "answers"
            if r.get(field) != held.get(r["id"], 0):
                r = {**r, field: held.get(r["id"], 0)}
        out.append(r)
    return out
