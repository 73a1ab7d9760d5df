"""Collected answers and the data amendment key: import, amend (codes a–h), resolve, publish.

Answers are records of kind `answer`, seen by facilitators and hosts only. Each keeps its
original text for ever; an amendment adds an amended text (or, for a split, its parts), a code
and a reason. Publishing turns cleaned answers into data cards on the ww / nww / iff boards;
amending a published answer updates its cards (a split makes several, an omission removes
them, the history keeps them).

Rules: A1 the original is never changed; A2 e (other) and f (omitted) need a reason; A3 c (split)
needs 2 or more parts; A4 a card holds at most 170 characters: longer answers are flagged and
wait for a shortened text, never cut; A5 omitted answers stay in the record but have no card;
A6 a query (h) blocks nothing and stays listed until resolved; A7 text with contact details
(an email address, a phone number) never goes on a card: it waits for an amended text.
"""
import re

from ..i18n import Word
from ..protocol import AnswerAmend, AnswerCreate, AnswerPublish, AnswerResolve, ResponsesImport
from ..protocol import limits
from ..protocol.labels import AMENDMENT_CODES, NEEDS_REASON, NEEDS_TEXT
from ..protocol.limits import char_count
from .boards import THEMING_BOARDS
from .errors import Change, Rejected
from .state import OpContext, WorkshopState, revise
from .texts import CARD_TEXT_LIMIT, card_text, clean
from .themes import with_counts

CODES = {code: label for code, (label, _help) in AMENDMENT_CODES.items()}
ORIGINAL_LIMIT = limits.ORIGINAL_ANSWER
REASON_LIMIT = limits.REASON
MAX_PARTS = limits.SPLIT_PARTS
CONTACT_PATTERN = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|(?:\+44\s?|\b0)\d(?:[\s-]?\d){8,10}\b")


def has_contact_details(text: str) -> bool:
    """An email address or a UK phone number: never on a card."""
    return bool(CONTACT_PATTERN.search(text))


def new_answer(answer_id: str, question: str, original: str, row: int | None, dataset_id: str | None,
               ctx: OpContext) -> dict:
    return {"id": answer_id, "kind": "answer", "v": 1, "question": question, "original": original,
            "amended": None, "parts": None, "code": None, "reason": None, "resolved": False,
            "status": "pending", "card_ids": [], "row": row, "dataset_id": dataset_id, "created_at": ctx.now}


def texts_of(answer: dict) -> list[str]:
    """The words that go on cards: the parts of a split, else the amended text, else the original."""
    if answer.get("parts"):
        return list(answer["parts"])
    return [answer["amended"] if answer.get("amended") else answer["original"]]


def flags(answer: dict) -> list[str]:
    """Why an answer needs a look: too_long, contact_details, query (open), omitted."""
    out = []
    if answer["status"] == "omitted":
        return ["omitted"]
    texts = texts_of(answer)
    if any(len(t) > CARD_TEXT_LIMIT for t in texts):
        out.append("too_long")
    if any(has_contact_details(t) for t in texts):
        out.append("contact_details")
    if answer.get("code") == "h" and not answer.get("resolved"):
        out.append("query")
    return out


def _with_flags(change: Change) -> Change:
    """Answers carry their `flags`, so a cleaning screen lists what needs a look without the rules."""
    change.put = [{**r, "flags": flags(r)} if r["kind"] == "answer" else r for r in change.put]
    return change


# The kinds of record `responses.import` reads (import_answers, and the gate's role check and guards on
# the cards it makes), besides its actor and how many cards each board holds: a heavy-work child decides
# the import with these alone (server/heavy_jobs.py `excerpt`), not with every card and answer.
IMPORT_READS = ("workshop", "room", "board", "round", "dataset")


def _theming_boards(state: WorkshopState) -> dict[str, dict]:
    boards = {}
    for b in sorted(state.of_kind("board"), key=lambda b: b["order"]):
        if b["type"] in THEMING_BOARDS and b["type"] not in boards:
            boards[b["type"]] = b
    return boards


class _Placer:
    """Positions for new data cards: rows of three down the board, after the cards already there."""

    def __init__(self, state: WorkshopState):
        self.state, self.counts = state, {}

    def next(self, board_id: str) -> tuple[float, float]:
        if board_id not in self.counts:
            self.counts[board_id] = self.state.card_count_on(board_id)
        n = self.counts[board_id]
        self.counts[board_id] += 1
        return round(0.05 + 0.3 * (n % 3), 3), round(min(1.0, 0.05 + 0.04 * (n // 3)), 3)


def _card(ctx: OpContext, actor: dict, board: dict, answer: dict, text: str, placer: _Placer,
          theme_id: str | None = None, split_from: str | None = None) -> dict:
    x, y = placer.next(board["id"])
    return {"id": ctx.new_id("c"), "kind": "card", "v": 1, "board_id": board["id"], "type": "data",
            "text": text, "tag": answer["question"], "x": x, "y": y, "theme_id": theme_id,
            "duplicate_of": None, "split_from": split_from, "answer_id": answer["id"],
            "created_by": actor["id"], "created_at": ctx.now}


def _publishable(answer: dict) -> str | None:
    """None when the answer can go on cards, else the reason it waits."""
    if answer["status"] == "omitted":
        return "omitted"
    found = flags(answer)
    for reason in ("too_long", "contact_details"):
        if reason in found:
            return reason
    return None


def flagged(answers) -> list[dict]:
    """The answers of a file that need a look before they can go on a card (too long, contact details)."""
    out = []
    for a in answers:
        if char_count(a.text) > CARD_TEXT_LIMIT:
            out.append({"row": a.row, "question": a.question, "reason": "too_long", "text": a.text})
        elif has_contact_details(a.text):
            out.append({"row": a.row, "question": a.question, "reason": "contact_details", "text": a.text})
    return out


def import_answers(state: WorkshopState, actor: dict, parsed: ResponsesImport, ctx: OpContext) -> Change:
    """`responses.import`: a whole file of answers in one op: every answer kept, those that fit published.

    `parsed.digest` identifies the file, so the same file is not imported twice by mistake (unless
    `again`). Result: responses, cards, flagged (as PROTOCOL.md).
    """
    filename, publish, digest, again = parsed.filename, parsed.publish, parsed.digest, parsed.again
    earlier = next((d for d in state.of_kind("dataset") if digest and d.get("digest") == digest), None)
    if earlier is not None and not again:
        raise Rejected("conflict", "This file was already imported ({filename}, {when} UTC). Importing it again "
                                   "would put every answer on the boards twice.", "file", filename=earlier["filename"],
                       when=earlier["imported_at"][:16].replace("T", " "))
    boards = _theming_boards(state)
    missing = [q for q in THEMING_BOARDS if q not in boards and any(a.question == q for a in parsed.answers)]
    if missing:
        raise Rejected("invalid", "There is no {board} board to put answers on.", "file", board=missing[0])
    if not parsed.answers:
        raise Rejected("invalid", "The file has no answers: every answer cell is blank.", "file")
    dataset = {"id": ctx.new_id("s"), "kind": "dataset", "v": 1, "filename": filename[:200],
               "layout": parsed.layout, "responses": parsed.responses, "answers": len(parsed.answers),
               "heard_from": parsed.heard_from, "digest": digest, "imported_by": actor["id"],
               "imported_at": ctx.now}
    put, placer, cards = [dataset], _Placer(state), 0
    for a in parsed.answers:
        original = clean(a.text)[:ORIGINAL_LIMIT]
        answer = new_answer(ctx.new_id("a"), a.question, original, a.row, dataset["id"], ctx)
        if publish and _publishable(answer) is None:
            card = _card(ctx, actor, boards[a.question], answer, original, placer)
            answer.update(status="published", card_ids=[card["id"]])
            put.append(card)
            cards += 1
        put.append(answer)
    return _with_flags(Change(put=put, result={"responses": parsed.responses, "cards": cards,
                                               "flagged": flagged(parsed.answers), "dataset_id": dataset["id"]}))


def create(state: WorkshopState, actor: dict, args: AnswerCreate, ctx: OpContext) -> Change:
    """`answer.create`: an answer typed in by hand (from a paper form or an interview)."""
    text = clean(args.text)
    if not text:
        raise Rejected("invalid", "Please type the answer first.", "text")
    if len(text) > ORIGINAL_LIMIT:
        raise Rejected("invalid", "An answer can be at most {limit} characters.", "text", limit=ORIGINAL_LIMIT)
    answer = new_answer(ctx.new_id("a"), args.question, text, None, None, ctx)
    return _with_flags(Change(put=[answer], result={"answer_id": answer["id"]}))


def amend(state: WorkshopState, actor: dict, args: AnswerAmend, ctx: OpContext) -> Change:
    """`answer.amend`: record a code of the data amendment key with its amended text or reason."""
    answer = state.require(args.answer_id, "answer", "answer", "answer_id")
    code = args.code
    reason = clean(args.reason or "") or None
    if reason and len(reason) > REASON_LIMIT:
        raise Rejected("invalid", "A reason can be at most {limit} characters.", "reason", limit=REASON_LIMIT)
    amended, parts = None, None
    if code in NEEDS_REASON and not reason:
        raise Rejected("invalid", "Code {code} ({meaning}) needs a reason.", "reason", code=code, meaning=Word(CODES[code]))
    if code == "c":
        if not args.parts or not 2 <= len(args.parts) <= MAX_PARTS:
            raise Rejected("invalid", "A split answer needs 2 to {n} parts.", "parts", n=MAX_PARTS)
        parts = [card_text(p, f"parts.{i}") for i, p in enumerate(args.parts)]
    elif code in NEEDS_TEXT or (code in ("e", "h") and args.amended):
        if not args.amended or not clean(args.amended):
            raise Rejected("invalid", "Code {code} ({meaning}) needs the amended text.", "amended", code=code, meaning=Word(CODES[code]))
        amended = card_text(args.amended, "amended")
    elif code is None and (args.amended or args.parts):
        raise Rejected("invalid", "Choose a code from the data amendment key for this change.", "code")
    if code == "a" and amended is not None and len(amended) >= len(answer["original"]):
        raise Rejected("invalid", "Code a means shortened: the amended text should be shorter than the "
                                  "original.", "amended")
    status = answer["status"]
    if code == "f":
        status = "omitted"
    elif status == "omitted":
        status = "pending"
    resolved = answer.get("resolved", False) if code == "h" else False
    changed = revise(answer, code=code, amended=amended, parts=parts, reason=reason, status=status,
                     resolved=resolved)
    if answer["status"] != "published" and not cards_of(state, answer["id"]):
        return _with_flags(Change(put=[changed]))
    return _with_flags(_resync(state, actor, answer, changed, ctx))


def cards_of(state: WorkshopState, answer_id: str) -> list[dict]:
    """The cards carrying an answer now: its own, the parts of a split, copies in other themes."""
    return sorted((c for c in state.of_kind("card") if c.get("answer_id") == answer_id),
                  key=lambda c: (c.get("duplicate_of") is not None, c["created_at"], c["id"]))


def _resync(state: WorkshopState, actor: dict, before: dict, answer: dict, ctx: OpContext) -> Change:
    """A published answer was amended: its cards follow (new words, a split, or gone when omitted)."""
    cards = cards_of(state, before["id"])
    if answer["status"] == "omitted" or not cards:
        answer = {**answer, "card_ids": [], "status": "omitted" if answer["status"] == "omitted" else "pending"}
        return with_counts(state, [answer], deleted=cards)
    reason = _publishable(answer)
    if reason is not None:
        raise Rejected("too_long" if reason == "too_long" else "invalid",
                       "The amended text cannot go on a card: it is too long or has contact details.", "amended")
    texts = texts_of(answer)
    own = [c for c in cards if not c.get("duplicate_of")]
    if len(texts) == 1:  # new words: every card of the answer shows them, copies included
        updated = [revise(c, text=texts[0]) for c in cards if c["text"] != texts[0]]
        return with_counts(state, [{**answer, "card_ids": [c["id"] for c in own]}, *updated])
    if len(texts) == len(own) and not any(c.get("duplicate_of") for c in cards):
        updated = [revise(c, text=t) for c, t in zip(own, texts) if c["text"] != t]
        return with_counts(state, [answer, *updated])
    first = own[0] if own else cards[0]
    board = state.records[first["board_id"]]
    placer = _Placer(state)
    new = [_card(ctx, actor, board, answer, t, placer, theme_id=first.get("theme_id"), split_from=first["id"])
           for t in texts]
    answer = {**answer, "card_ids": [c["id"] for c in new]}
    return with_counts(state, [answer, *new], deleted=cards)


def resolve(state: WorkshopState, actor: dict, args: AnswerResolve, ctx: OpContext) -> Change:
    """`answer.resolve`: a query (h) has been checked; it leaves the list of open queries."""
    answer = state.require(args.answer_id, "answer", "answer", "answer_id")
    if answer.get("code") != "h":
        raise Rejected("invalid", "Only answers marked h (query) can be resolved.", "answer_id")
    if answer.get("resolved") == args.resolved:
        return Change()
    return _with_flags(Change(put=[revise(answer, resolved=args.resolved)]))


def publish(state: WorkshopState, actor: dict, args: AnswerPublish, ctx: OpContext) -> Change:
    """`answer.publish`: cleaned answers go to the ww / nww / iff boards as data cards.

    Without `answer_ids`, every answer still waiting; answers that cannot go yet are skipped with
    their reason (too_long, contact_details, omitted), and stay listed.
    """
    if args.answer_ids is None:
        chosen = sorted((a for a in state.of_kind("answer") if a["status"] == "pending"),
                        key=lambda a: (a.get("row") or 0, a["created_at"], a["id"]))
    else:
        chosen = [state.require(aid, "answer", "answer", f"answer_ids.{i}") for i, aid in enumerate(args.answer_ids)]
    boards = _theming_boards(state)
    placer, put, skipped, card_ids = _Placer(state), [], [], []
    for answer in chosen:
        if answer["status"] == "published" or cards_of(state, answer["id"]):
            continue
        reason = _publishable(answer)
        if reason is None and answer["question"] not in boards:
            reason = "no_board"
        if reason is not None:
            skipped.append({"answer_id": answer["id"], "reason": reason})
            continue
        texts = texts_of(answer)
        new = [_card(ctx, actor, boards[answer["question"]], answer, t, placer) for t in texts]
        put += new
        card_ids += [c["id"] for c in new]
        put.append(revise(answer, status="published", card_ids=[c["id"] for c in new]))
    return _with_flags(Change(put=put, result={"card_ids": card_ids, "skipped": skipped}))
