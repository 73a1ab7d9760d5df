"""The mop-up meeting (stage 7): what the workshop made that did not go forward yet.

The guide's questions: the most populated themes which were not chosen (M1); cross-cutting
themes across WW, NWW and IFF (M2: themes whose I statements or cards share key words across
boards, each with why it was matched; the group decides, the tool only suggests); ideas not
taken forward, most dots first (M3); the parking space's items with their responses (M4).
"""
import re
from collections import defaultdict
from itertools import combinations

from ..protocol import MopUpNote, MopUpPlan, limits
from ..i18n import DEFAULT, Phrase, gettext
from ..protocol.labels import BOARD_KINDS, BOARD_NAMES, PLAN_QUESTIONS, THEMING_BOARDS
from .boards import new_board
from .errors import Change, Rejected
from .state import OpContext, WorkshopState, revise
from .texts import clean

TAKEN_TO_LIMIT = limits.TAKEN_TO

# Words too common to say two themes are about the same thing.
STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below between both
but by can cannot could did do does doing don down during each few for from further get gets getting got had has
have having he her here hers herself him himself his how i if in into is it its itself just like lot lots me
more most much my myself need needs no nor not now of off on once only or other our ours ourselves out over own
really same she should so some such than that the their theirs them themselves then there these they this those
through to too under until up us very want wants was we well were what when where which while who whom why will
with would you your yours yourself yourselves also always never often sometimes enough things thing people feel
make makes made go going able good bad better get work working important future time times day days way ways
""".split())
WORD = re.compile(r"[a-z][a-z'’-]+")


def stem(word: str) -> str:
    """A light stem so "buses" meets "bus" and "friends" meets "friend" (plain English plurals only)."""
    word = word.strip("'’-")
    for ending, keep, shortest in (("ies", "y", 3), ("sses", "ss", 1), ("ses", "s", 2), ("xes", "x", 2),
                                   ("s", "", 3)):
        if word.endswith(ending) and len(word) - len(ending) >= shortest and not word.endswith("ss"):
            return word[: len(word) - len(ending)] + keep
    return word


def key_words(text: str) -> set[str]:
    return {stem(w) for w in WORD.findall(text.lower().replace("’", "'")) if w not in STOP_WORDS and len(w) > 2}


def theming_themes(state: WorkshopState) -> list[tuple[dict, dict]]:
    boards = {b["id"]: b for b in state.of_kind("board") if b["type"] in THEMING_BOARDS}
    return [(c, boards[c["board_id"]]) for c in state.of_kind("card")
            if c["type"] == "theme" and c["board_id"] in boards]


def board_name(board: dict, lang: str = DEFAULT) -> str:
    """A board's title: its default one (labels.BOARD_KINDS) said in `lang`, one someone wrote as written."""
    default = BOARD_KINDS[board["type"]][0]
    title = board.get("title") or default
    return gettext(lang, default) if title == default else title


def themes_not_chosen(state: WorkshopState, lang: str = DEFAULT) -> list[dict]:
    """M1: themes of the ww, nww and iff boards that no table was given, most cards first."""
    given = {r.get("theme_id") for r in state.of_kind("room") if r["type"] == "table"}
    rows = [{"theme_id": t["id"], "text": t["text"], "board": b["type"], "board_title": board_name(b, lang),
             "cards": sum(1 for _ in state.data_cards_in(t["id"])), "taken_to": t.get("taken_to")}
            for t, b in theming_themes(state) if t["id"] not in given]
    return sorted(rows, key=lambda r: -r["cards"])  # equal counts: in the order the themes were made


def cross_cutting(state: WorkshopState, lang: str = DEFAULT) -> list[dict]:
    """M2: themes on different boards among ww, nww and iff that share key words.

    A theme's words are those of its I statement and of its data cards; the `why` names the shared
    words and where they come from, so the group can judge the suggestion.
    """
    themes = theming_themes(state)
    own, from_cards = {}, {}
    for theme, _ in themes:
        own[theme["id"]] = key_words(theme["text"])
        from_cards[theme["id"]] = set().union(*(key_words(c["text"]) for c in state.data_cards_in(theme["id"])))
    pairs: dict[frozenset, set[str]] = defaultdict(set)
    for (a, board_a), (b, board_b) in combinations(themes, 2):
        if board_a["type"] == board_b["type"]:
            continue
        words_a, words_b = own[a["id"]] | from_cards[a["id"]], own[b["id"]] | from_cards[b["id"]]
        shared = words_a & words_b
        # a word shared only between cards (not in either I statement) needs a second one to count
        in_statement = shared & (own[a["id"]] | own[b["id"]])
        if in_statement or len(shared) >= 2:
            pairs[frozenset((a["id"], b["id"]))] = shared
    # pairs sharing the same word across three boards become one group
    groups: dict[frozenset, set[str]] = dict(pairs)
    by_word: dict[str, set[str]] = defaultdict(set)
    for ids, words in pairs.items():
        for w in words:
            by_word[w] |= ids
    record = {t["id"]: (t, b) for t, b in themes}
    for w, ids in by_word.items():
        if len({record[i][1]["type"] for i in ids}) == 3:
            groups.setdefault(frozenset(ids), set()).add(w)
    out = []
    for ids, words in groups.items():
        members = sorted(ids, key=lambda i: (THEMING_BOARDS.index(record[i][1]["type"]), record[i][0]["text"]))
        statement_words = sorted(w for w in words if any(w in own[i] for i in members))
        card_words = sorted(w for w in words if w not in statement_words)
        boards = [record[i][1]["type"] for i in members]
        across = _in_words([Phrase(BOARD_NAMES[b]) for b in dict.fromkeys(boards)])
        if statement_words and card_words:
            why = Phrase("Suggested because their I statements or cards share {words} and {more}, across {boards}. "
                         "The group decides whether they belong together.", words=_quoted(statement_words),
                         more=_quoted(card_words), boards=across)
        elif statement_words:
            why = Phrase("Suggested because their I statements or cards share {words}, across {boards}. "
                         "The group decides whether they belong together.", words=_quoted(statement_words), boards=across)
        else:
            why = Phrase("Suggested because their cards share {words}, across {boards}. "
                         "The group decides whether they belong together.", words=_quoted(card_words), boards=across)
        out.append({"theme_ids": members, "texts": [record[i][0]["text"] for i in members], "boards": boards,
                    "board_titles": [board_name(record[i][1], lang) for i in members], "words": sorted(words),
                    "why": why.said(lang)})
    return sorted(out, key=lambda g: (-len(set(g["boards"])), -len(g["words"]), g["texts"]))


def _in_words(items: list) -> Phrase | str:
    """"a", "a and b", "a, b and c", said in the language of the sentence it goes into."""
    if len(items) == 1:
        return items[0]
    return Phrase("{first} and {last}", first=_Joined(items[:-1]), last=items[-1])


class _Joined(Phrase):
    def __init__(self, items):
        super().__init__("")
        self.items = items

    def said(self, lang: str) -> str:
        return ", ".join(i.said(lang) if isinstance(i, Phrase) else str(i) for i in self.items)


def _quoted(words: list[str]) -> Phrase | str:
    return _in_words([f"“{w}”" for w in words])


def dots_by_target(state: WorkshopState) -> dict[str, int]:
    dots: dict[str, int] = defaultdict(int)
    for round_ in state.of_kind("round"):
        for target, n in round_["tallies"].items():
            dots[target] += n
    return dots


def planned_idea_ids(state: WorkshopState) -> set[str]:
    """Every idea an action plan came from: its grid copy, the table's idea it copies, what it merged
    (on the grid, the tables' ideas every merged copy came from: `source_ids`, G3)."""
    ids = set()
    for plan in state.of_kind("action_plan"):
        ids.add(plan["idea_id"])
        idea = state.get(plan["idea_id"]) or {}
        ids.update(filter(None, [idea.get("source_id"), *(idea.get("merged_from") or []),
                                 *(idea.get("source_ids") or [])]))
    return ids


def ideas_not_taken(state: WorkshopState) -> list[dict]:
    """M3: the tables' ideas (and ideas written on the grid itself) with no action plan, most dots first.

    A grid copy is the same idea as the table's card it copies: listed once, with the dots of both.
    """
    boards = {b["id"]: b["type"] for b in state.of_kind("board")}
    ideas = [c for c in state.of_kind("card") if c["type"] == "idea" and boards.get(c["board_id"]) in ("ideas", "grid")]
    copies: dict[str, list[dict]] = defaultdict(list)
    for c in ideas:
        if c.get("source_id"):
            copies[c["source_id"]].append(c)
    planned = planned_idea_ids(state)
    dots = dots_by_target(state)
    rows = []
    for idea in ideas:
        if idea.get("source_id") and state.get(idea["source_id"]) is not None:
            continue  # listed with the table's card it copies
        same = [idea, *copies.get(idea["id"], [])]
        if any(c["id"] in planned for c in same):
            continue
        grid = next((c for c in same if boards.get(c["board_id"]) == "grid"), None)
        rows.append({"card_id": idea["id"], "text": idea["text"], "code": idea.get("code"),
                     "dots": sum(dots.get(c["id"], 0) for c in same),
                     "quadrant": grid.get("quadrant") if grid else None, "taken_to": idea.get("taken_to")})
    return sorted(rows, key=lambda r: (-r["dots"], r["code"] or "", r["text"].lower()))


def parking(state: WorkshopState) -> list[dict]:
    """M4: every parking space item, with whether it was reviewed and the response given."""
    boards = {b["id"] for b in state.of_kind("board") if b["type"] == "parking"}
    items = sorted((c for c in state.of_kind("card") if c["board_id"] in boards), key=lambda c: c["created_at"])
    return [{"card_id": c["id"], "text": c["text"], "reviewed": bool(c.get("reviewed")),
             "response": c.get("response"), "taken_to": c.get("taken_to")} for c in items]


def mop_up(state: WorkshopState, lang: str = DEFAULT) -> dict:
    """`GET …/mop-up` for staff; its words in the reader's language (people's words as written)."""
    return {"themes_not_chosen": themes_not_chosen(state, lang), "cross_cutting": cross_cutting(state, lang),
            "ideas_not_taken": ideas_not_taken(state), "parking": parking(state)}


# ---- what the mop-up meeting decides: an item becomes a new plan, or is noted "taken to …" -------------

def mop_up_item(state: WorkshopState, item_id) -> dict:
    """A theme of the ww / nww / iff boards, an idea, or a parking space item."""
    card = state.require(item_id, "card", "item", "item_id")
    board = state.get(card["board_id"]) or {}
    if not ((card["type"] == "theme" and board.get("type") in THEMING_BOARDS) or card["type"] == "idea"
            or board.get("type") == "parking"):
        raise Rejected("invalid", "The mop-up meeting takes themes, ideas and parking space items.", "item_id")
    return card


def note(state: WorkshopState, actor: dict, args: MopUpNote, ctx: OpContext) -> Change:
    """`mop_up.note`: "taken to the transport board" (M5); null takes the note back."""
    card = mop_up_item(state, args.item_id)
    where = " ".join(clean(args.taken_to or "").split()) or None
    if where is not None and len(where) > TAKEN_TO_LIMIT:
        raise Rejected("invalid", "Say where it was taken in at most {limit} characters.", "taken_to", limit=TAKEN_TO_LIMIT)
    if where == card.get("taken_to"):
        raise Rejected("invalid", "That is noted already.", "taken_to")
    return Change(put=[revise(card, taken_to=where, taken_by=actor["id"] if where else None,
                              taken_at=ctx.now if where else None)])


def plan(state: WorkshopState, actor: dict, args: MopUpPlan, ctx: OpContext) -> Change:
    """`mop_up.plan`: the item becomes a new action plan on its own board in the main room (M5)."""
    card = mop_up_item(state, args.item_id)
    if any(p["idea_id"] == card["id"] for p in state.of_kind("action_plan")):
        raise Rejected("conflict", "This already has an action plan.", "item_id")
    order = 1 + max((b["order"] for b in state.of_kind("board")), default=0)
    title = f"Action plan: {card['text']}"
    title = title if len(title) <= limits.BOARD_TITLE else title[: limits.BOARD_TITLE - 1] + "…"
    board = new_board(ctx.new_id("b"), "action_plan", state.main_room()["id"], order, title)
    grid_copy = next((c for c in state.of_kind("card") if c.get("source_id") == card["id"]), card)
    new_plan = {"id": ctx.new_id("a"), "kind": "action_plan", "v": 1, "board_id": board["id"], "idea_id": card["id"],
                "code": card.get("code"), "idea_text": card["text"], "quadrant": grid_copy.get("quadrant"),
                "lead_id": None, "fields": {k: "" for k in PLAN_QUESTIONS}, "edited_by": {}, "complete": False,
                "created_at": ctx.now, "status": "planned",
                "history": [{"status": "planned", "reason": "From the mop-up meeting", "by": actor["id"],
                             "at": ctx.now}],
                "baseline": "", "indicators": "", "follow_up_start": None, "from_mop_up": True}
    taken = revise(card, taken_to="a new action plan", taken_by=actor["id"], taken_at=ctx.now)
    return Change(put=[board, new_plan, taken], result={"plan_id": new_plan["id"], "board_id": board["id"]})
