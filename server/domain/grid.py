"""The Investment Grid: impact up, effort right, four quadrants; ideas added, merged and placed.

Rules: G1 the quadrant follows from impact and effort (0.5 belongs to the upper/right side);
G2 an idea keeps its code wherever it goes; G3 merged ideas keep every code ("2T+4C") and the
originals stay in the history; G4 a tie at a table's cut-off (two ideas joint 3rd for a top 3)
is never broken silently: the facilitator chooses.
"""
from ..i18n import Ordinal, Phrase, Phrases, Plural, Word
from ..i18n import ordinal as i18n_ordinal
from ..protocol import CardMerge, GridAdd, GridAddTop, GridPlace
from ..protocol.labels import QUADRANTS  # noqa: F401
from ..protocol.limits import QUADRANT_SPLIT
from .boards import new_board
from .errors import Change, Rejected
from .state import OpContext, WorkshopState, revise
from .texts import card_text
from .themes import require_card



def quadrant(impact: float, effort: float) -> str:
    if impact >= QUADRANT_SPLIT:
        return "major_project" if effort >= QUADRANT_SPLIT else "quick_win"
    return "thankless_task" if effort >= QUADRANT_SPLIT else "fill_in"


def _fraction(value: float, field: str) -> float:
    if not 0.0 <= value <= 1.0:
        raise Rejected("invalid", "The {what} is a fraction from 0 to 1.", field, what=Word(field))
    return float(value)


def _grid_board(state: WorkshopState, ctx: OpContext) -> tuple[dict, list[dict]]:
    """The workshop's grid board, made in the main room the first time ideas go to it."""
    board = next((b for b in state.of_kind("board") if b["type"] == "grid"), None)
    if board is not None:
        return board, []
    order = 1 + max((b["order"] for b in state.of_kind("board")), default=0)
    board = new_board(ctx.new_id("b"), "grid", state.main_room()["id"], order)
    return board, [board]


def originals(card: dict) -> list[str]:
    """The ideas as first written that a card stands for: itself, the table's idea a grid copy
    copies, or every idea a merge took in (G3: kept on the merged card and on its copies)."""
    return card.get("source_ids") or [card.get("source_id") or card["id"]]


def held_on_grid(state: WorkshopState) -> dict[str, dict]:
    """Each idea as first written that is on the grid, whole or merged, with the grid card holding it."""
    held = {}
    for board in state.of_kind("board"):
        if board["type"] == "grid":
            for card in state.cards_on(board["id"]):
                if card["type"] == "idea":
                    held.update(dict.fromkeys(originals(card), card))
    return held


def _already_on_grid(idea: dict, there: dict, field: str) -> Rejected:
    """G3: an idea on the grid stays there when it is merged with another: said so, with the merged code."""
    if there["code"] == idea["code"]:
        return Rejected("conflict", "Idea {code} is already on the grid.", field, code=idea["code"])
    if set(originals(idea)) <= set(originals(there)):
        return Rejected("conflict", "Idea {code} is already on the grid, merged into {merged}.", field,
                        code=idea["code"], merged=there["code"])
    return Rejected("conflict", "Part of idea {code} is already on the grid, as {there}.", field,
                    code=idea["code"], there=there["code"])


def add(state: WorkshopState, actor: dict, args: GridAdd, ctx: OpContext) -> Change:
    """`grid.add`: copies of table ideas on the grid, unplaced (drawn in the middle)."""
    if not args.card_ids:
        raise Rejected("invalid", "Choose at least one idea to send to the grid.", "card_ids")
    board, made = _grid_board(state, ctx)
    held = held_on_grid(state)
    copies = []
    for i, card_id in enumerate(args.card_ids):
        idea = require_card(state, card_id, "idea", f"card_ids.{i}")
        if state.records[idea["board_id"]]["type"] != "ideas":
            raise Rejected("invalid", "Only ideas from the tables' idea boards go to the grid.", f"card_ids.{i}")
        there = next((held[o] for o in originals(idea) if o in held), None)
        if there is not None:
            raise _already_on_grid(idea, there, f"card_ids.{i}")
        copy = {**idea, "id": ctx.new_id("c"), "v": 1, "board_id": board["id"], "source_id": idea["id"],
                "impact": None, "effort": None, "quadrant": None, "x": 0.5, "y": 0.5,
                "created_by": actor["id"], "created_at": ctx.now}
        held.update(dict.fromkeys(originals(idea), copy))
        copies.append(copy)
    return Change(put=made + copies, result={"card_ids": [c["id"] for c in copies]})


def merge(state: WorkshopState, actor: dict, args: CardMerge, ctx: OpContext) -> Change:
    """`card.merge`: two or more similar ideas become one that keeps all their codes."""
    if len(args.card_ids) < 2 or len(set(args.card_ids)) != len(args.card_ids):
        raise Rejected("invalid", "Choose two or more different ideas to merge.", "card_ids")
    ideas = [require_card(state, cid, "idea", f"card_ids.{i}") for i, cid in enumerate(args.card_ids)]
    if len({i["board_id"] for i in ideas}) != 1:
        raise Rejected("invalid", "Ideas can be merged only when they are on the same board.", "card_ids")
    codes = [code for i in ideas for code in i["code"].split("+")]
    first = ideas[0]
    text = card_text(args.text, "text") if args.text is not None else first["text"]
    merged = {**first, "id": ctx.new_id("c"), "v": 1, "text": text, "code": "+".join(codes),
              "merged_from": [i["id"] for i in ideas], "source_ids": [o for i in ideas for o in originals(i)],
              "created_by": actor["id"], "created_at": ctx.now}
    return Change(put=[merged], deleted=ideas, result={"card_id": merged["id"]})


def place(state: WorkshopState, actor: dict, args: GridPlace, ctx: OpContext) -> Change:
    """`grid.place`: the room calls "higher / lower"; the quadrant follows on the server."""
    idea = require_card(state, args.card_id, "idea")
    if state.records[idea["board_id"]]["type"] != "grid":
        raise Rejected("invalid", "Only ideas on the Investment Grid can be placed on it.", "card_id")
    impact, effort = _fraction(args.impact, "impact"), _fraction(args.effort, "effort")
    return Change(put=[revise(idea, impact=impact, effort=effort, quadrant=quadrant(impact, effort),
                              x=effort, y=1.0 - impact)])


def add_top(state: WorkshopState, actor: dict, args: GridAddTop, ctx: OpContext) -> Change:
    """`grid.add_top`: the top ideas of each table (by the closed idea vote) go to the grid.

    G4: when ideas tie across a table's cut-off, which of them go is the facilitator's choice
    (`chosen`), never the order the ideas were written in; until they choose, nothing is sent.
    """
    round_ = state.require(args.round_id, "round", "vote", "round_id")
    if round_["status"] != "closed":
        raise Rejected("conflict", "Close the vote on ideas first, so the result is final.", "round_id")
    if not 1 <= args.per_table <= 9:
        raise Rejected("invalid", "Send 1 to 9 ideas from each table.", "per_table")
    picked = list(dict.fromkeys(args.chosen or []))
    held = held_on_grid(state)
    already = {c["id"] for c in state.of_kind("card") if c["type"] == "idea" and
               state.records[c["board_id"]]["type"] == "ideas" and any(o in held for o in originals(c))}
    chosen, undecided, choosable = [], [], set()
    for board_id in round_.get("board_ids", [round_["board_id"]]):
        sure, tied = table_top(state, round_, board_id, args.per_table)
        chosen += [c["id"] for c in sure]
        if tied:
            choosable.update(c["id"] for c in tied)
            # chosen now, or earlier: a tied idea the facilitator already sent on its own (grid.add)
            mine = [c["id"] for c in tied if c["id"] in picked or c["id"] in already]
            if mine:
                chosen += mine
            else:
                undecided.append(tie_sentence(state, round_, board_id, len(sure) + 1, tied))
    stray = [i for i in picked if i not in choosable]
    if stray:
        raise Rejected("invalid", "Choose only among the ideas that are tied at a table's cut-off.",
                       f"chosen.{picked.index(stray[0])}")
    if undecided:
        raise Rejected("conflict", "{ties} Choose which of them go to the grid.", "chosen", ties=Phrases(undecided))
    if not chosen:
        raise Rejected("invalid", "No idea has any dots yet.", "round_id")
    return add(state, actor, GridAdd(card_ids=[c for c in chosen if c not in already]), ctx) if \
        any(c not in already for c in chosen) else Change()


def table_top(state: WorkshopState, round_: dict, board_id: str, places: int) -> tuple[list[dict], list[dict]]:
    """A table's ideas with dots, as (sure to go, tied at the cut-off): with places for 3 and dots
    5, 4, 2, 2, the sure are the 5 and the 4 and the two 2s are tied for the last place (joint 3rd)."""
    tallies = round_["tallies"]
    ideas = [c for c in state.cards_on(board_id) if c["type"] == "idea" and tallies.get(c["id"], 0) > 0]
    order = {c["id"]: i for i, c in enumerate(ideas)}
    ideas.sort(key=lambda c: (-tallies[c["id"]], order[c["id"]]))
    if len(ideas) <= places or tallies[ideas[places - 1]["id"]] != tallies[ideas[places]["id"]]:
        return ideas[:places], []
    cut = tallies[ideas[places - 1]["id"]]
    return [c for c in ideas if tallies[c["id"]] > cut], [c for c in ideas if tallies[c["id"]] == cut]


def tie_sentence(state: WorkshopState, round_: dict, board_id: str, rank: int, tied: list[dict]) -> Plural:
    """"Table 1: ideas 1R “…” and 1T “…” are joint 3rd with 1 dot each.", said in the reader's language
    (a Phrase: translated with the refusal it goes into); the ideas' codes and words as written."""
    room = state.records.get(state.records[board_id].get("room_id"), {})
    dots = round_["tallies"][tied[0]["id"]]
    named = [f"{c['code']} “{short(c['text'])}”" for c in tied]  # codes repeat on a table (two T ideas)
    listed = Phrase("{first} and {last}", first=", ".join(named[:-1]), last=named[-1])
    number, name = room.get("number"), room.get("name")
    table = (name if name and name != f"Table {number}" else
             Phrase("Table {n}", n=number) if number is not None else Phrase("A table"))
    return Plural("{table}: ideas {ideas} are joint {place} with {n} dot each.",
                  "{table}: ideas {ideas} are joint {place} with {n} dots each.", dots,
                  table=table, ideas=listed, place=Ordinal(rank))


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th… (as the board shows places: "joint 3rd"); server/i18n says it in other languages."""
    return i18n_ordinal("en", n)
