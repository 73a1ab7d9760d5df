"""Theming: data cards grouped under theme cards (I statements), duplicated, split.

The invariants: a data card is in at most one theme, always on the theme's board; a theme's
`count` is the number of data cards in it; a data card only leaves the board when it is split
(its parts take its place) or deleted by a facilitator or host.
"""
from ..protocol import CardDuplicate, CardGroup, CardSplit, limits
from ..i18n import Lower
from ..protocol.labels import CARD_TYPES
from .errors import Change, Rejected
from .state import OpContext, WorkshopState, revise
from .texts import card_text

MAX_SPLIT_PARTS = limits.SPLIT_PARTS


def require_card(state: WorkshopState, card_id, card_type: str | None = None, field: str = "card_id") -> dict:
    card = state.require(card_id, "card", "card", field)
    if card_type and card["type"] != card_type:
        raise Rejected("invalid", "That is a {type} card, not a {wanted} card.", field,
                       type=Lower(CARD_TYPES[card["type"]]), wanted=Lower(CARD_TYPES[card_type]))
    return card


def require_theme_for(state: WorkshopState, theme_id, data_card: dict, field: str = "theme_id") -> dict:
    theme = require_card(state, theme_id, "theme", field)
    if theme["board_id"] != data_card["board_id"]:
        raise Rejected("invalid", "That theme is on another board. Move the card to that board first.", field)
    return theme


def answer_of(state: WorkshopState, card: dict) -> str:
    """The id of the card a chain of copies started from (even once that card has gone)."""
    while card.get("duplicate_of"):
        source = state.get(card["duplicate_of"])
        if source is None:
            return card["duplicate_of"]
        card = source
    return card["id"]


def _answer_already_in(state: WorkshopState, card: dict, theme_id: str) -> bool:
    """Whether this answer (the card, or a copy of it) already sits in the theme."""
    answer = answer_of(state, card)
    return any(c["id"] != card["id"] and answer_of(state, c) == answer for c in state.data_cards_in(theme_id))


def recount(state: WorkshopState, theme_ids, changed: dict[str, dict | None]) -> list[dict]:
    """New versions of the themes whose count differs once `changed` cards (None: gone) apply."""
    counts = {tid: 0 for tid in theme_ids if tid and tid in state.records and changed.get(tid, True) is not None}
    if not counts:
        return []
    def in_theme(card, tid) -> bool:
        return card is not None and card["kind"] == "card" and card["type"] == "data" and card.get("theme_id") == tid

    for tid in counts:  # the theme's data cards as the index has them, with the changed ones as they will be
        count = state.data_card_count(tid)
        for cid, card in changed.items():
            count += in_theme(card, tid) - in_theme(state.records.get(cid), tid)
        counts[tid] = count
    themes = []
    for tid, count in counts.items():
        theme = changed.get(tid) or state.records[tid]
        if theme.get("count") != count:
            themes.append({**theme, "count": count, "v": state.records[tid]["v"] + 1})
    return themes


def with_counts(state: WorkshopState, cards: list[dict], deleted: list[dict] = (), result=None) -> Change:
    """A Change of these cards plus the recounted themes they came from or went to."""
    changed = {c["id"]: c for c in cards}
    changed.update({d["id"]: None for d in deleted})
    touched = {c.get("theme_id") for c in cards} | {d.get("theme_id") for d in deleted}
    touched |= {state.records[cid].get("theme_id") for cid in changed if cid in state.records}
    themes = recount(state, touched, changed)
    replaced = {t["id"] for t in themes}
    return Change(put=[c for c in cards if c["id"] not in replaced] + themes, deleted=list(deleted),
                  result=result or {})


def group(state: WorkshopState, actor: dict, args: CardGroup, ctx: OpContext) -> Change:
    """`card.group`: put a data card into a theme, or (theme_id null) back to "not yet themed"."""
    card = require_card(state, args.card_id, "data")
    theme_id = None
    if args.theme_id is not None:
        theme_id = require_theme_for(state, args.theme_id, card)["id"]
    if card.get("theme_id") == theme_id:
        return Change()
    if theme_id is not None and _answer_already_in(state, card, theme_id):
        raise Rejected("invalid", "A copy of this answer is already in that theme.", "theme_id")
    return with_counts(state, [revise(card, theme_id=theme_id)])


def duplicate(state: WorkshopState, actor: dict, args: CardDuplicate, ctx: OpContext) -> Change:
    """`card.duplicate`: a copy of a data card, so that it can sit in a second theme."""
    card = require_card(state, args.card_id, "data")
    theme_id = None
    if args.theme_id is not None:
        theme_id = require_theme_for(state, args.theme_id, card)["id"]
        if theme_id == card.get("theme_id") or _answer_already_in(state, card, theme_id):
            raise Rejected("invalid", "This answer is already in that theme. Pick a different theme for the copy.",
                           "theme_id")
    copy = {**card, "id": ctx.new_id("c"), "v": 1, "theme_id": theme_id, "duplicate_of": card["id"],
            "split_from": None, "created_by": actor["id"], "created_at": ctx.now}
    return with_counts(state, [copy], result={"card_id": copy["id"]})


def split(state: WorkshopState, actor: dict, args: CardSplit, ctx: OpContext) -> Change:
    """`card.split`: one answer with several points becomes several cards in its place."""
    card = require_card(state, args.card_id, "data")
    if not 2 <= len(args.texts) <= MAX_SPLIT_PARTS:
        raise Rejected("invalid", "Split a card into 2 to {n} parts.", "texts", n=MAX_SPLIT_PARTS)
    texts = [card_text(t, f"texts.{i}") for i, t in enumerate(args.texts)]
    parts = [{**card, "id": ctx.new_id("c"), "v": 1, "text": text, "split_from": card["id"],
              "duplicate_of": None, "created_by": actor["id"], "created_at": ctx.now,
              "y": min(1.0, card.get("y", limits.CARD_POSITION) + limits.SPLIT_OFFSET * i)}
             for i, text in enumerate(texts)]
    return with_counts(state, parts, deleted=[card], result={"card_ids": [p["id"] for p in parts]})
