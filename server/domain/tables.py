"""Tables take the top themes: each table gets one top-voted Not Working Well theme and its boards.

Day 1 gives each table a root-causes board and a success board with the theme shown at the top;
beginning Day 2 keeps Day 1's boards as they were left (read-only) and gives each table its
What's-in-place, ideas and action-plan boards.
"""
from ..protocol import DayBegin, TablesGiveThemes, limits
from .boards import new_board
from .errors import Change, Rejected
from .state import OpContext, WorkshopState, revise

DAY_1_TABLE_BOARDS = ("root_causes", "success")
DAY_2_TABLE_BOARDS = ("in_place", "ideas", "action_plan")
DAY_1_LOCKED = ("ww", "nww", "root_causes", "success")
DEFAULT_TABLES = limits.DEFAULT_TABLES


def top_themes(state: WorkshopState, round_: dict, count: int) -> list[dict]:
    """The `count` themes with most dots; equal dots keep the order the themes were made in."""
    themes = [c for c in state.cards_on(round_["board_id"]) if c["type"] == "theme"]
    order = {c["id"]: i for i, c in enumerate(themes)}
    themes.sort(key=lambda c: (-round_["tallies"].get(c["id"], 0), order[c["id"]]))
    return themes[:count]


def give_themes(state: WorkshopState, actor: dict, args: TablesGiveThemes, ctx: OpContext) -> Change:
    """`tables.give_themes`: one theme to each table (default: the top N for N tables)."""
    tables = sorted((r for r in state.of_kind("room") if r["type"] == "table"), key=lambda r: r["number"])
    if args.theme_ids is not None:
        themes = [state.require(t, "card", "theme", f"theme_ids.{i}") for i, t in enumerate(args.theme_ids)]
        if any(t["type"] != "theme" for t in themes) or len({t["id"] for t in themes}) != len(themes):
            raise Rejected("invalid", "Choose different theme cards, one for each table.", "theme_ids")
    else:
        round_ = _latest_nww_round(state, args.round_id)
        themes = top_themes(state, round_, len(tables) or args.count or DEFAULT_TABLES)
    if not themes:
        raise Rejected("invalid", "There are no themes to give to tables yet.", "theme_ids")
    put = []
    numbers = [t["number"] for t in tables]
    for i in range(len(tables), len(themes)):  # a table for each theme that has none
        number = 1 + max(numbers, default=0)
        numbers.append(number)
        table = {"id": ctx.new_id("r"), "kind": "room", "v": 1, "type": "table", "name": f"Table {number}",
                 "number": number}
        tables.append(table)
        put.append(table)
    boards = list(state.of_kind("board"))
    order = max((b["order"] for b in boards), default=0)
    for table, theme in zip(tables, themes):
        fields = {"theme_id": theme["id"], "theme_text": theme["text"]}
        if table in put:
            put[put.index(table)] = {**table, **fields}
        else:
            put.append(revise(table, **fields))
        for board_type in DAY_1_TABLE_BOARDS:
            existing = next((b for b in boards if b["room_id"] == table["id"] and b["type"] == board_type), None)
            if existing:
                put.append(revise(existing, theme_id=theme["id"], theme_text=theme["text"]))
            else:
                order += 1
                put.append({**new_board(ctx.new_id("b"), board_type, table["id"], order),
                            "theme_id": theme["id"], "theme_text": theme["text"]})
    return Change(put=put, result={"room_ids": [t["id"] for t in tables[:len(themes)]]})


def _latest_nww_round(state: WorkshopState, round_id: str | None) -> dict:
    if round_id is not None:
        round_ = state.require(round_id, "round", "vote", "round_id")
    else:
        nww = {b["id"] for b in state.of_kind("board") if b["type"] == "nww"}
        rounds = [r for r in state.of_kind("round") if r["board_id"] in nww]
        if not rounds:
            raise Rejected("invalid", "Vote on the Not Working Well themes first.", "round_id")
        round_ = max(rounds, key=lambda r: r["opened_at"])
    if round_["status"] != "closed":
        raise Rejected("conflict", "Close the vote first, so the result is final.", "round_id")
    return round_


def begin_day(state: WorkshopState, actor: dict, args: DayBegin, ctx: OpContext) -> Change:
    """`day.begin`: Day 2 keeps Day 1's boards as they were left and opens each table's Day 2 boards."""
    workshop = state.workshop()
    moved = {"activity_at": ctx.now} if workshop.get("day", 1) != args.day else {}  # a new day leaves the old one's behind
    if args.day != 2:
        return Change(put=[revise(workshop, day=args.day, **moved)])
    boards = list(state.of_kind("board"))
    put = [revise(workshop, day=2, **moved)]
    put += [revise(b, locked=True) for b in boards if b["type"] in DAY_1_LOCKED and not b.get("locked")]
    order = max((b["order"] for b in boards), default=0)
    for table in (r for r in state.of_kind("room") if r["type"] == "table" and r.get("theme_id")):
        for board_type in DAY_2_TABLE_BOARDS:
            if not any(b["room_id"] == table["id"] and b["type"] == board_type for b in boards):
                order += 1
                put.append({**new_board(ctx.new_id("b"), board_type, table["id"], order),
                            "theme_id": table["theme_id"], "theme_text": table.get("theme_text")})
    return Change(put=put)
