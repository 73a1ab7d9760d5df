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
    """A workshop's own key: a restored or other workshop files the same person elsewhere."""
    return hmac.new(server_secret, b"coboard-ballots\x1f" + workshop_id.encode(), hashlib.sha256).digest()


def ballot_id(state: WorkshopState, subject_id: str, participant_id: str) -> str:
    """The id of `participant_id`'s anonymous answer to `subject_id` (a poll, a questionnaire)."""
    message = f"{subject_id}\x1f{participant_id}".encode()
    digest = hmac.new(state.ballot_key or b"\x00", message, hashlib.sha256).hexdigest()
    return BALLOT_PREFIX + digest[:32]


def own_ballot(state: WorkshopState, subject_id: str, participant_id: str) -> dict | None:
    """The person's earlier anonymous answer to `subject_id`, if they gave one."""
    return state.get(ballot_id(state, subject_id, participant_id))
