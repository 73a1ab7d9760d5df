"""From an answer to what happened: a data card's trail, for staff.

answer (original, amendment code) → the theme it went into → that theme's dots → the table that
took the theme and its root causes → the plan that came out of it → where the plan is now.
"""
from ..i18n import DEFAULT, gettext
from ..protocol.labels import AMENDMENT_CODES
from .progress import plan_view, plans_in_table_order
from .state import WorkshopState


def dots_for(state: WorkshopState, target_id: str) -> int:
    return sum((r.get("tallies") or {}).get(target_id, 0) for r in state.of_kind("round"))


def trail(state: WorkshopState, card_id: str, today: str, lang: str = DEFAULT) -> dict | None:
    card = state.get(card_id)
    if card is None or card["kind"] != "card" or card["type"] != "data":
        return None
    board = state.get(card["board_id"]) or {}
    answer = state.get(card.get("answer_id")) if card.get("answer_id") else None
    out = {"card_id": card["id"], "text": card["text"], "tag": card.get("tag"), "board": board.get("type"),
           "answer": None, "theme": None, "table": None, "root_causes": [], "plans": []}
    if answer:
        code = answer.get("code")
        out["answer"] = {"answer_id": answer["id"], "original": answer["original"], "amended": answer.get("amended"),
                         "code": code, "code_label": gettext(lang, AMENDMENT_CODES[code][0]) if code in AMENDMENT_CODES else None,
                         "reason": answer.get("reason")}
    theme = state.get(card.get("theme_id")) if card.get("theme_id") else None
    if theme is None:
        return out
    out["theme"] = {"theme_id": theme["id"], "text": theme["text"], "dots": dots_for(state, theme["id"]),
                    "cards": sum(1 for _ in state.data_cards_in(theme["id"])), "taken_to": theme.get("taken_to")}
    table = next((r for r in state.of_kind("room") if r["type"] == "table" and r.get("theme_id") == theme["id"]), None)
    if table is None:
        return out
    out["table"] = {"room_id": table["id"], "name": table["name"]}
    boards = {b["id"]: b for b in state.of_kind("board") if b["room_id"] == table["id"]}
    out["root_causes"] = [c["text"] for c in state.of_kind("card")
                          if c["type"] == "root_cause" and boards.get(c["board_id"], {}).get("type") == "root_causes"]
    out["plans"] = [{k: v for k, v in plan_view(state, p, today, lang).items()
                     if k in ("plan_id", "code", "idea", "lead", "status", "status_words", "next_checkin")}
                    for p in plans_in_table_order(state) if p["board_id"] in boards]
    return out
