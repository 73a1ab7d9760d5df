"""Collected answers becoming data cards on the ww / nww / iff boards (a plain import)."""
from .boards import THEMING_BOARDS
from .errors import Change, Rejected
from .roles import STAFF, require_role
from .state import OpContext, WorkshopState
from .texts import card_text


def add_answers(state: WorkshopState, actor: dict, answers: list[tuple[str, str]], ctx: OpContext) -> Change:
    """One data card per (question, text); the caller has already set aside over-long answers."""
    require_role(actor, STAFF, "import people's answers")
    boards = {b["type"]: b for b in state.of_kind("board") if b["type"] in THEMING_BOARDS}
    cards = []
    for i, (question, text) in enumerate(answers):
        if question not in boards:
            raise Rejected("invalid", f"There is no {question} board to put answers on.", f"answers.{i}")
        n = sum(1 for c in cards if c["board_id"] == boards[question]["id"])
        cards.append({"id": ctx.new_id("c"), "kind": "card", "v": 1, "board_id": boards[question]["id"],
                      "type": "data", "text": card_text(text, f"answers.{i}"), "tag": question,
                      "x": round(0.05 + 0.3 * (n % 3), 3), "y": round(min(1.0, 0.05 + 0.04 * (n // 3)), 3),
                      "theme_id": None, "duplicate_of": None, "split_from": None,
                      "created_by": actor["id"], "created_at": ctx.now})
    return Change(put=cards, result={"card_ids": [c["id"] for c in cards]})
