"""Polls run by hosts: icebreakers, quick checks, votes by poll.

Single or multiple choice; anonymous (nobody sees who chose what, staff included: the answer is
filed under a keyed hash, see anonymous.py) or named (staff see each answer); results shown live
or only once the poll closes.

Order and timing (Q1, as F5 for the feedback questionnaire): every answer's event has a place and a
time in the log everyone may read, and a facilitator in the room sees people answer one by one.
Were an anonymous poll's counts moved with each answer, two records one answer apart would show
what that answer was, and its place in the log when it was given. So while an anonymous poll is
open its `counts` are null (whatever `show` says) and only `answered` moves; a changed answer
replaces the person's own record (the same keyed-hash id) and changes nothing anyone receives. The
counts are worked out once, at the close, from every answer together, read in the order of their
ids (keyed hashes), never the order given. Named polls keep live counts: there staff see each answer.
"""
from ..protocol import PollAnswer, PollClose, PollCreate, limits
from ..protocol.labels import POLL_MIN_ANSWERS
from .anonymous import answer_time, ballot_id, own_chain, superseded
from .errors import Change, Rejected
from .state import OpContext, WorkshopState, revise
from .texts import clean

QUESTION_LIMIT = limits.POLL_QUESTION
OPTION_LIMIT = limits.POLL_OPTION
MIN_ANSWERS = POLL_MIN_ANSWERS  # as the questionnaire's results (F3)


def create(state: WorkshopState, actor: dict, args: PollCreate, ctx: OpContext) -> Change:
    """`poll.create`: a question with 2 to 10 options, open at once."""
    question = clean(args.question)
    if not question or len(question) > QUESTION_LIMIT:
        raise Rejected("invalid", "A poll needs a question of 1 to {limit} characters.", "question", limit=QUESTION_LIMIT)
    options = [clean(o) for o in args.options]
    if not 2 <= len(options) <= 10 or any(not o or len(o) > OPTION_LIMIT for o in options):
        raise Rejected("invalid", "A poll needs 2 to 10 options, each 1 to {limit} characters.", "options", limit=OPTION_LIMIT)
    room_id = state.require(args.room_id, "room", "room", "room_id")["id"] if args.room_id else None
    poll = {"id": ctx.new_id("q"), "kind": "poll", "v": 1, "question": question, "options": options,
            "multiple": args.multiple, "anonymous": args.anonymous, "show": args.show, "room_id": room_id,
            "status": "open", "counts": None if args.anonymous else [0] * len(options), "answered": 0, "created_by": actor["id"],
            "created_at": ctx.now, "closed_at": None}
    return Change(put=[poll], result={"poll_id": poll["id"]})


def answer(state: WorkshopState, actor: dict, args: PollAnswer, ctx: OpContext) -> Change:
    """`poll.answer`: your choice(s); answering again replaces your earlier answer."""
    poll = state.require(args.poll_id, "poll", "poll", "poll_id")
    if poll["status"] != "open":
        raise Rejected("vote_closed", "This poll has closed.", "poll_id")
    choices = sorted(set(args.choices))
    if not choices or any(not 0 <= c < len(poll["options"]) for c in choices):
        raise Rejected("invalid", "Pick one of the poll's options.", "choices")
    if len(choices) > 1 and not poll["multiple"]:
        raise Rejected("invalid", "This poll takes one answer only.", "choices")
    if poll["anonymous"]:  # Q1, D2: a keyed hash of (poll, person, n), no voter, no time, only `answered` moves
        chain = own_chain(state, poll["id"], actor["id"])
        mine = {"id": ballot_id(state, poll["id"], actor["id"], len(chain)), "kind": "poll_answer", "v": 1,
                "poll_id": poll["id"], "voter_id": None, "voter_name": None, "anonymous": True, "choices": choices,
                "at": None}
        # a changed answer is a record of its own: its event names no earlier answer (anonymous.py)
        put = [mine] if chain else [mine, revise(poll, counts=None, answered=poll["answered"] + 1)]
        return Change(put=put, anonymous=True, at=answer_time(poll), result={"choices": choices})
    earlier = next((a for a in state.ballots_of(poll["id"], actor["id"]) if a["kind"] == "poll_answer"), None)
    if earlier:
        mine = revise(earlier, choices=choices, at=ctx.now)
    else:
        mine = {"id": ctx.new_id("qa"), "kind": "poll_answer", "v": 1, "poll_id": poll["id"], "voter_id": actor["id"],
                "voter_name": actor["name"], "anonymous": False, "choices": choices, "at": ctx.now}
    counts = list(poll["counts"])
    for c in earlier["choices"] if earlier else []:
        counts[c] -= 1
    for c in choices:
        counts[c] += 1
    answered = poll["answered"] + (0 if earlier else 1)
    return Change(put=[mine, revise(poll, counts=counts, answered=answered)], result={})


def answers_to(state: WorkshopState, poll_id: str) -> list[dict]:
    """The answers to one poll, in the order of their ids (keyed hashes when anonymous), never the order given."""
    return sorted((a for a in state.of_kind("poll_answer") if a["poll_id"] == poll_id), key=lambda a: a["id"])


def tally(poll: dict, answers: list[dict]) -> list[int]:
    counts = [0] * len(poll["options"])
    for a in answers:
        for c in a["choices"]:
            counts[c] += 1
    return counts


def close(state: WorkshopState, actor: dict, args: PollClose, ctx: OpContext) -> Change:
    """`poll.close`: no more answers; results shown to everyone (an anonymous poll's counted now, Q1)."""
    poll = state.require(args.poll_id, "poll", "poll", "poll_id")
    if poll["status"] != "open":
        raise Rejected("vote_closed", "This poll has already closed.", "poll_id")
    if poll["anonymous"]:
        stale = superseded(state, poll["id"])
        gone = {r["id"] for r in stale}
        answers = [a for a in answers_to(state, poll["id"]) if a["id"] not in gone]
        if len(answers) < MIN_ANSWERS:  # Q2: too few to show, and too few to keep
            return Change(put=[revise(poll, status="closed", closed_at=ctx.now, counts=None, answered=len(answers))],
                          deleted=stale + answers)
        return Change(put=[revise(poll, status="closed", closed_at=ctx.now, counts=tally(poll, answers),
                                  answered=len(answers))], deleted=stale)
    return Change(put=[revise(poll, status="closed", closed_at=ctx.now)])
