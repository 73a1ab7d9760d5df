"""Reflective feedback (seed 004's questionnaire), truly anonymous, opened again at each check-in.

Anonymous as PROTOCOL.md defines it (F2): an answer is one `feedback_answer` record filed under a
keyed hash of (questionnaire, person) (`anonymous.ballot_id`), holding no person's id or name and
no time; its event is stored and sent with `by: null` (`Change.anonymous`). So a second answer is
found and refused (`conflict`, F1) without anything staff can read saying who answered what.
Answers reach nobody one by one; the questionnaire's `results` appear only from 3 answers (F3):
means and counts, words by how often they were given, free text in random order.

Order and timing (F5): the event of each answer has a place and a time in the event log that
everyone may read (`seq`, `at`), and people can be seen coming online, typing or leaving. Were
the results worked out again after each answer, two results one answer apart would show exactly
what that answer said, and its place in the log when it was given. So while a questionnaire is
open only the number of answers moves; the results are worked out once, when it is closed, from
every answer together (and only from 3). The answer records carry no time, and their ids are
keyed hashes, so neither their ids nor any export's order tells which came first.
"""
from collections import Counter

from ..i18n import Word
from ..protocol import FeedbackAnswer, FeedbackClose, FeedbackOpen, limits
from ..protocol.labels import FEEDBACK_CHECKIN_TITLE, FEEDBACK_MIN_ANSWERS, FEEDBACK_PLACE, FEEDBACK_RATINGS, FEEDBACK_TEXTS, FEEDBACK_TITLE
from .anonymous import answer_time, ballot_id
from .errors import Change, Rejected
from .state import OpContext, WorkshopState, revise
from .texts import clean

RATINGS = tuple(FEEDBACK_RATINGS)
DEFAULT_TITLE = FEEDBACK_TITLE  # stored as written; the report and the pages say it in their reader's language
CHECKIN_TITLE = FEEDBACK_CHECKIN_TITLE  # a check-in's round, likewise
SCALES = RATINGS + ("satisfaction",)
WORD_LIMIT, WORDS = limits.FEEDBACK_WORD, limits.FEEDBACK_WORDS
TEXT_LIMIT = limits.FEEDBACK_TEXT


def _bounded(text: str | None, limit: int, what: str, field: str) -> str | None:
    text = " ".join(clean(text or "").split()) if field in ("title", "place") else clean(text or "")
    if len(text) > limit:
        raise Rejected("invalid", "{what} can be at most {limit} characters.", field, what=Word(what), limit=limit)
    return text or None


def open_feedback(state: WorkshopState, actor: dict, args: FeedbackOpen, ctx: OpContext) -> Change:
    """`feedback.open`: a new round of the questionnaire (one open at a time, F4)."""
    if any(f["status"] == "open" for f in state.of_kind("feedback")):
        raise Rejected("conflict", "A feedback questionnaire is open already. Close it before opening another.")
    checkin = state.require(args.checkin_id, "checkin", "check-in", "checkin_id") if args.checkin_id else None
    rounds = sum(1 for _ in state.of_kind("feedback"))
    title = _bounded(args.title, limits.FEEDBACK_TITLE, "A title", "title") or (
        CHECKIN_TITLE.replace("{label}", checkin["label"]) if checkin else DEFAULT_TITLE)
    place = _bounded(args.place, limits.FEEDBACK_PLACE, "A place name", "place") or FEEDBACK_PLACE
    feedback = {"id": ctx.new_id("f"), "kind": "feedback", "v": 1, "title": title, "place": place,
                "questions": {k: text.format(place=place) for k, text in FEEDBACK_RATINGS.items()},
                "status": "open", "answers": 0, "results": None, "number": rounds + 1,
                "checkin_id": checkin["id"] if checkin else None, "opened_by": actor["id"], "opened_at": ctx.now,
                "closed_at": None}
    return Change(put=[feedback], result={"feedback_id": feedback["id"]})


def _answer_of(args: FeedbackAnswer) -> dict:
    """The answers given, checked; every question is optional but one must be answered."""
    answer: dict = {}
    for key in SCALES:
        value = getattr(args, key)
        if value is not None:
            if not 1 <= value <= 5:
                raise Rejected("invalid", "Choose a number from 1 to 5.", key)
            answer[key] = value
    if args.words is not None:
        words = [" ".join(clean(w).split()) for w in args.words]
        words = [w for w in words if w]
        if len(words) > WORDS:
            raise Rejected("invalid", "Up to {n} words, please.", "words", n=WORDS)
        if any(len(w) > WORD_LIMIT for w in words):
            raise Rejected("invalid", "A word can be at most {limit} characters.", "words", limit=WORD_LIMIT)
        if words:
            answer["words"] = words
    word = _bounded(args.self_word, WORD_LIMIT, "Your word", "self_word")
    if word:
        answer["self_word"] = word
    for key in FEEDBACK_TEXTS:
        text = _bounded(getattr(args, key), TEXT_LIMIT, "An answer", key)
        if text:
            answer[key] = text
    if not answer:
        raise Rejected("invalid", "Please answer at least one question before you send.", "feedback_id")
    return answer


def answer(state: WorkshopState, actor: dict, args: FeedbackAnswer, ctx: OpContext) -> Change:
    """`feedback.answer`: once a person (F1), filed under nobody (F2), telling nothing by when it came (F5)."""
    feedback = state.require(args.feedback_id, "feedback", "feedback questionnaire", "feedback_id")
    if feedback["status"] != "open":
        raise Rejected("vote_closed", "This feedback questionnaire has closed.", "feedback_id")
    ballot = ballot_id(state, feedback["id"], actor["id"])
    if state.get(ballot) is not None:
        raise Rejected("conflict", "You have answered this questionnaire already. Thank you!", "feedback_id")
    given = _answer_of(args)
    record = {"id": ballot, "kind": "feedback_answer", "v": 1, "feedback_id": feedback["id"], **given}
    # F5: only the count moves while it is open; the results wait for the close
    new = revise(feedback, answers=len(answers_to(state, feedback["id"])) + 1)
    return Change(put=[record, new], anonymous=True, at=answer_time(feedback))  # F5: dated when it opened


def answers_to(state: WorkshopState, feedback_id: str) -> list[dict]:
    """The answers to one questionnaire, in the order of their (keyed-hash) ids, never the order given."""
    return sorted((a for a in state.of_kind("feedback_answer") if a["feedback_id"] == feedback_id),
                  key=lambda a: a["id"])


def results(answers: list[dict], ctx: OpContext) -> dict | None:
    """F3: nothing below 3 answers; then means and counts, words by frequency, free text shuffled."""
    if len(answers) < FEEDBACK_MIN_ANSWERS:
        return None
    scales = {}
    for key in SCALES:
        given = [a[key] for a in answers if key in a]
        counts = [sum(1 for g in given if g == n) for n in range(1, 6)]
        scales[key] = {"mean": round(sum(given) / len(given), 2) if given else None, "count": len(given),
                       "counts": counts}

    def by_frequency(words):
        counted = Counter(w.lower() for w in words)
        return [{"word": w, "count": n} for w, n in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0]))]

    texts = {}
    for key in FEEDBACK_TEXTS:
        given = [a[key] for a in answers if key in a]
        ctx.rng.shuffle(given)  # random order: nobody's answer can be told by its place in the list
        texts[key] = given
    return {"answers": len(answers), "ratings": {k: scales[k] for k in RATINGS}, "satisfaction": scales["satisfaction"],
            "words": by_frequency(w for a in answers for w in a.get("words", [])),
            "self_words": by_frequency(a["self_word"] for a in answers if "self_word" in a), **texts}


def close(state: WorkshopState, actor: dict, args: FeedbackClose, ctx: OpContext) -> Change:
    """`feedback.close`: no more answers (`vote_closed` when closed already); the results, from 3 answers (F3, F5)."""
    feedback = state.require(args.feedback_id, "feedback", "feedback questionnaire", "feedback_id")
    if feedback["status"] != "open":
        raise Rejected("vote_closed", "This feedback questionnaire has closed already.", "feedback_id")
    answers = answers_to(state, feedback["id"])
    return Change(put=[revise(feedback, status="closed", closed_at=ctx.now, answers=len(answers),
                              results=results(answers, ctx))])
