"""One renderer: any board → SVG, drawn as people see it; PNG and PDF are converted from it.

Theming boards show the cards not yet themed and each theme (its I statement, how many cards it
holds, its dots from the latest vote) with its cards; success boards a column per perspective;
idea boards a column per hat with each idea's code; the Investment Grid its four labelled
quadrants with more room in the top half; other boards their cards. Colours always come with a
text label (ww / nww / iff, hat names, perspectives, quadrant names). Every text is escaped:
card texts are people's input.
"""
import re
import textwrap
from xml.sax.saxutils import escape, quoteattr

from .. import i18n
from ..i18n import N_, gettext, ngettext
from ..protocol import labels
from ..protocol.labels import BOARD_CODES
from .tables import HATS, PERSPECTIVES, Workshop

WIDTH = 1600
MARGIN = 30
GAP = 18
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
COLOURS = {  # header colour, card fill, ink for labels on that fill (contrast at least 4.5:1)
    "green": ("#1b5e20", "#c8e6c9", "#1b5e20"), "red": ("#b71c1c", "#ffcdd2", "#8e0000"),
    "orange": ("#e65100", "#ffe0b2", "#8c2f00"), "yellow": ("#f9a825", "#fff9c4", "#5d4000"),
    "blue": ("#0d47a1", "#bbdefb", "#0d47a1"), "purple": ("#4a148c", "#e1bee7", "#4a148c"),
    "teal": ("#004d40", "#b2dfdb", "#004d40"), "grey": ("#37474f", "#eceff1", "#263238"),
}
HEADER_INK = {"yellow": "#1a1a1a"}  # white on the other header colours
TAG_COLOUR = {tag: labels.BOARD_KINDS[tag][1] for tag in labels.THEMING_BOARDS}
HAT_COLOUR = {letter: colour for letter, (_name, colour, _hint) in labels.HATS.items()}
PERSPECTIVE_COLOUR = {key: colour for key, (_label, colour, *_) in labels.SUCCESS_PERSPECTIVES.items()}
QUADRANT_NAMES = labels.QUADRANTS
QUADRANT_MEANINGS = {"quick_win": N_("low effort, high impact"), "major_project": N_("high effort, high impact"),
                     "fill_in": N_("low effort, low impact"), "thankless_task": N_("high effort, low impact")}
CARD_TYPES = labels.CARD_TYPES  # what a card is, in its label line ("Theme" the card: a msgctxt)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text_of(value) -> str:
    """Plain text made safe for XML: escaped, control characters dropped."""
    return escape(_CONTROL.sub("", str(value)))


def attr(value) -> str:
    return quoteattr(_CONTROL.sub("", str(value)))


class Canvas:
    def __init__(self, lang: str = i18n.DEFAULT):
        self.parts: list[str] = []
        self.lang = lang  # the words the picture itself writes (not people's text) are in this language

    def rect(self, x, y, w, h, fill, stroke="#455a64", rx=6, dash=None, width=1.5):
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{rx}" '
                          f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"{extra}/>')

    def text(self, x, y, value, size=16, weight="normal", fill="#111", anchor="start"):
        self.parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
                          f'fill="{fill}" text-anchor="{anchor}">{text_of(value)}</text>')

    def lines(self, x, y, lines, size=16, weight="normal", fill="#111", leading=1.3):
        for i, line in enumerate(lines):
            self.text(x, y + size + i * size * leading, line, size, weight, fill)

    def dots(self, x, y, n):
        """Sticky dots beside a card's words, never over them, with the count in words too."""
        for i in range(min(n, 10)):
            self.parts.append(f'<circle cx="{x + 9 + i * 17:.1f}" cy="{y:.1f}" r="7" fill="#d81b60" '
                              'stroke="#880e4f" stroke-width="1"/>')
        label = ngettext(self.lang, "{n} dot", "{n} dots", n)
        self.text(x + 9 + min(n, 10) * 17 + 4, y + 5, label, 14, "bold", "#880e4f")


def wrap(text: str, width_px: float, size: int) -> list[str]:
    per_line = max(8, int(width_px / (size * 0.58)))
    return textwrap.wrap(text, per_line, break_long_words=True, break_on_hyphens=False) or [""]


class Card:
    """A card's box: label line (tag, code, perspective), wrapped words, dots."""

    def __init__(self, text, colour, width, label=None, dots=0, size=16, bold=False, footer=None, indent=0):
        self.indent = indent
        self.text, self.colour, self.width, self.label, self.dots = text, colour, width, label, dots
        self.size, self.bold, self.footer = size, bold, footer
        self.lines = wrap(text, width - 24, size)
        self.height = (24 + len(self.lines) * size * 1.3 + (20 if label else 0) + (24 if dots else 0)
                       + (20 if footer else 0))

    def draw(self, c: Canvas, x, y):
        header, fill, ink = COLOURS[self.colour]
        c.rect(x, y, self.width, self.height, fill, stroke=header)
        top = y + 10
        if self.label:
            c.text(x + 12, top + 13, self.label, 13, "bold", ink)
            top += 20
        c.lines(x + 12, top, self.lines, self.size, "bold" if self.bold else "normal")
        top += len(self.lines) * self.size * 1.3 + 6
        if self.footer:
            c.text(x + 12, top + 14, self.footer, 13, "normal", "#333")
            top += 20
        if self.dots:
            c.dots(x + 10, top + 10, self.dots)


class Columns:
    """Blocks of cards packed into columns, each block going to the shortest column."""

    def __init__(self, top, count, width=WIDTH):
        self.count = count
        self.col_w = (width - 2 * MARGIN - (count - 1) * GAP) / count
        self.heights = [top] * count

    def x(self, i):
        return MARGIN + i * (self.col_w + GAP)

    def place(self, c: Canvas, cards: list[Card], heading: str | None = None, column: int | None = None):
        i = column if column is not None else min(range(self.count), key=lambda k: self.heights[k])
        y = self.heights[i]
        if heading:
            c.text(self.x(i), y + 20, heading, 18, "bold", "#263238")
            y += 30
        for card in cards:
            card.draw(c, self.x(i) + card.indent, y)
            y += card.height + 8
        self.heights[i] = y + GAP

    def width_all(self):
        return self.count * self.col_w + (self.count - 1) * GAP

    @property
    def bottom(self):
        return max(self.heights)


def render_board(records, board_id: str, taken_at: str | None = None, lang: str | None = None) -> str:
    """The board as an SVG document, from the records its viewer may see; the picture's own words (headings,
    labels, counts) in `lang`, else the workshop's default language. The root says which (lang="cy")."""
    w = Workshop(records)
    board = w.records[board_id]
    c = Canvas(i18n.language_of(lang or w.workshop.get("language")))
    top = _header(c, w, board, taken_at)
    kind = board["type"]
    if kind in ("ww", "nww", "iff"):
        bottom = _theming(c, w, board, top)
    elif kind == "grid":
        bottom = _grid(c, w, board, top)
    elif kind == "success":
        bottom = _success(c, w, board, top)
    elif kind == "ideas":
        bottom = _ideas(c, w, board, top)
    elif kind == "action_plan" and w.plans_on(board_id):
        bottom = _plan(c, w, board, top)
    else:
        bottom = _plain(c, w, board, top)
    height = int(bottom + MARGIN)
    title = f"{w.picture_title(board, c.lang)} — {w.workshop['title']}"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'viewBox="0 0 {WIDTH} {height}" font-family={attr(FONT)} role="img" lang="{c.lang}">'
            f'<title>{text_of(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>'
            + "".join(c.parts) + "</svg>")


LANG = re.compile(r'^<svg [^>]*\blang="([a-z]{2,3})"')


def drawn_in(svg: str) -> str:
    """The language a picture's own words were drawn in (render_board's lang="…"; older pictures: English)."""
    m = LANG.match(svg or "")
    return m.group(1) if m else i18n.DEFAULT


def _header(c: Canvas, w: Workshop, board: dict, taken_at: str | None) -> float:
    colour = board.get("color") if board.get("color") in COLOURS else "grey"
    header, ink = COLOURS[colour][0], HEADER_INK.get(colour, "#ffffff")
    c.rect(0, 0, WIDTH, 96, header, stroke=header, rx=0)
    label = w.picture_title(board, c.lang)  # with its table: every table has a "Root causes" board
    if board["type"] in BOARD_CODES:
        label += f" ({gettext(c.lang, BOARD_CODES[board['type']])})"
    c.text(MARGIN, 50, label, 34, "bold", ink)
    where = w.table_of(board, c.lang)
    info = f"{w.workshop['title']} · {where}" + (f" · {taken_at}" if taken_at else "")
    c.text(MARGIN, 82, info, 16, "normal", ink)
    return 116


def _theming(c: Canvas, w: Workshop, board: dict, top: float) -> float:
    colour = TAG_COLOUR[board["type"]]
    dots = w.dots(board["id"])
    data = w.cards_on(board["id"], "data")
    unthemed = [d for d in data if not d.get("theme_id")]
    themes = w.cards_on(board["id"], "theme")
    if unthemed:  # every data card must end up somewhere: the ones still waiting come first
        c.text(MARGIN, top + 22, gettext(c.lang, "Not yet themed: {n}", n=len(unthemed)), 20, "bold", "#263238")
        loose = Columns(top + 36, 5)
        for d in unthemed:
            loose.place(c, [Card(d["text"], "grey", loose.col_w, label=d.get("tag") or board["type"], size=14)])
        top = loose.bottom + 10
    c.text(MARGIN, top + 22, gettext(c.lang, "Themes: {n}", n=len(themes)), 20, "bold", "#263238")
    cols = Columns(top + 36, 5)
    data_w = cols.col_w - 12
    for theme in themes:
        inside = [d for d in data if d.get("theme_id") == theme["id"]]
        count = theme.get("count", len(inside))
        head = Card(theme["text"], colour, cols.col_w, label=ngettext(c.lang, "Theme ({kind}) · {n} card", "Theme ({kind}) · {n} cards", count,
                                                             kind=board["type"]), dots=dots.get(theme["id"], 0), size=18, bold=True)
        cols.place(c, [head] + [Card(d["text"], "grey", data_w, label=d.get("tag") or board["type"], size=14, indent=12)
                                for d in inside])
    notes = w.cards_on(board["id"], "note")
    if notes:
        cols.place(c, [Card(n["text"], "yellow", cols.col_w, label=gettext(c.lang, "Note"), size=14) for n in notes])
    if not data and not notes and not themes:
        c.text(MARGIN, top + 30, gettext(c.lang, "No cards on this board yet."), 18)
        return top + 50
    return cols.bottom


def _success(c: Canvas, w: Workshop, board: dict, top: float) -> float:
    cols = Columns(top, 3)
    cards = w.cards_on(board["id"], "success")
    for i, (key, label) in enumerate(PERSPECTIVES.items()):
        name = gettext(c.lang, label)
        mine = [Card(s["text"], PERSPECTIVE_COLOUR[key], cols.col_w, label=name, size=18, bold=True)
                for s in cards if s.get("perspective") == key]
        cols.place(c, mine, heading=name, column=i)
    notes = w.cards_on(board["id"], "note")
    if notes:
        cols.place(c, [Card(n["text"], "yellow", cols.col_w, label=gettext(c.lang, "Note"), size=14) for n in notes])
    return cols.bottom


def _ideas(c: Canvas, w: Workshop, board: dict, top: float) -> float:
    cols = Columns(top, 3)
    dots = w.dots(board["id"])
    ideas = w.cards_on(board["id"], "idea")
    for i, (hat, label) in enumerate(HATS.items()):
        name = gettext(c.lang, label)
        mine = [Card(d["text"], HAT_COLOUR[hat], cols.col_w,
                     label=gettext(c.lang, "{code} · {hat} hat", code=d.get("code") or hat, hat=name),
                     dots=dots.get(d["id"], 0), size=17, bold=True) for d in ideas if d.get("hat") == hat]
        cols.place(c, mine, heading=f"{name} ({hat})", column=i)
    notes = w.cards_on(board["id"], "note")
    if notes:
        cols.place(c, [Card(n["text"], "yellow", cols.col_w, label=gettext(c.lang, "Note"), size=14) for n in notes])
    return cols.bottom


def _plain(c: Canvas, w: Workshop, board: dict, top: float) -> float:
    cols = Columns(top, 4)
    colour = board.get("color") if board.get("color") in COLOURS else "grey"
    cards = w.cards_on(board["id"])
    if not cards:
        c.text(MARGIN, top + 30, gettext(c.lang, "No cards on this board yet."), 18)
        return top + 50
    if board["type"] == "root_causes":  # the "why? because…" chain in order, then the root causes
        cards = sorted(cards, key=lambda c: (c["type"] == "root_cause", c.get("step") or 0))
    for card in cards:
        fill = colour if card["type"] != "note" else "yellow"
        label = gettext(c.lang, CARD_TYPES[card["type"]]) if card["type"] in CARD_TYPES else card["type"]
        if card["type"] == "note" and card.get("step"):
            label = gettext(c.lang, "Why? step {n}", n=card["step"])
        footer = None
        if card.get("reviewed"):  # the response is what the facilitator wrote, as written
            footer = (gettext(c.lang, "Reviewed: {response}", response=card["response"]) if card.get("response")
                      else gettext(c.lang, "Reviewed: yes"))
        cols.place(c, [Card(card["text"], fill, cols.col_w, label=label, size=18,
                            bold=card["type"] == "root_cause", footer=footer)])
    return cols.bottom


def _plan(c: Canvas, w: Workshop, board: dict, top: float) -> float:
    from ..domain.plans import QUESTIONS

    cols = Columns(top, 2)
    for plan in w.plans_on(board["id"]):
        lead = w.records.get(plan.get("lead_id") or "", {}).get("name") or gettext(c.lang, "not chosen yet")
        quadrant = QUADRANT_NAMES.get(plan.get("quadrant"))
        head = Card(plan.get("idea_text") or "", "teal", cols.width_all(),
                    label=gettext(c.lang, "Idea {code} · {quadrant} · Lead: {lead}", code=plan.get("code") or "",
                                  quadrant=gettext(c.lang, quadrant) if quadrant else "", lead=lead),
                    size=22, bold=True)
        head.draw(c, MARGIN, cols.bottom)
        cols.heights = [cols.bottom + head.height + GAP] * cols.count
        for i, (key, question) in enumerate(QUESTIONS.items()):
            answer = plan.get("fields", {}).get(key) or gettext(c.lang, "(not answered yet)")
            cols.place(c, [Card(answer, "grey", cols.col_w, label=f"{i + 1}. {gettext(c.lang, question)}", size=16)],
                       column=i % 2)
    notes = w.cards_on(board["id"])
    if notes:
        cols.place(c, [Card(n["text"], "yellow", cols.col_w, label=gettext(c.lang, "Note"), size=14) for n in notes])
    return cols.bottom


def _grid(c: Canvas, w: Workshop, board: dict, top: float) -> float:
    left, right = MARGIN + 20, WIDTH - MARGIN
    c.text(MARGIN, top + 18, gettext(c.lang, "Impact ↑ (up)"), 16, "bold", "#263238")
    top += 30
    top_h, bottom_h = 640, 400  # more room in the top half, where the ideas worth doing go
    mid_x, mid_y = (left + right) / 2, top + top_h
    fills = {"quick_win": "#e8f5e9", "major_project": "#e3f2fd", "fill_in": "#fffde7", "thankless_task": "#fbe9e7"}
    boxes = {"quick_win": (left, top, top_h), "major_project": (mid_x, top, top_h),
             "fill_in": (left, mid_y, bottom_h), "thankless_task": (mid_x, mid_y, bottom_h)}
    for key, meaning in QUADRANT_MEANINGS.items():
        x, y, h = boxes[key]
        c.rect(x, y, mid_x - left, h, fills[key], stroke="#546e7a", rx=0, width=2)
        c.text(x + 14, y + 34, gettext(c.lang, QUADRANT_NAMES[key]), 28, "bold", "#263238")
        c.text(x + 14, y + 58, gettext(c.lang, meaning), 15, "normal", "#455a64")
    c.text(right, mid_y + bottom_h + 24, gettext(c.lang, "Effort → (right)"), 16, "bold", "#263238", anchor="end")
    dots = w.dots(board["id"])
    ideas = w.cards_on(board["id"], "idea")
    placed = [i for i in ideas if i.get("impact") is not None and i.get("effort") is not None]
    card_w, taken = 230, []
    for idea in sorted(placed, key=lambda i: (-float(i["impact"]), float(i["effort"]))):
        impact, effort = float(idea["impact"]), float(idea["effort"])
        card = Card(idea["text"], HAT_COLOUR.get(idea.get("hat"), "grey"), card_w,
                    label=f"{idea.get('code') or ''} · {_hat(c, idea)}",
                    dots=dots.get(idea["id"], 0), size=14, bold=True)
        # Inside its own quadrant, below the quadrant's name, in proportion to impact and effort.
        x0, x1 = (left + 6, mid_x - card_w - 6) if effort < 0.5 else (mid_x + 6, right - card_w - 6)
        y0, y1 = (top + 70, mid_y - card.height - 6) if impact >= 0.5 else (mid_y + 70, mid_y + bottom_h
                                                                               - card.height - 6)
        fx = effort / 0.5 if effort < 0.5 else (effort - 0.5) / 0.5
        fy = (1 - impact) / 0.5 if impact >= 0.5 else (0.5 - impact) / 0.5
        x, y = x0 + min(1.0, fx) * max(0.0, x1 - x0), y0 + min(1.0, fy) * max(0.0, y1 - y0)
        for _ in range(60):  # step aside from ideas already drawn, so no words are covered
            hit = next((t for t in taken if x < t[0] + t[2] and t[0] < x + card_w and y < t[1] + t[3]
                        and t[1] < y + card.height), None)
            if hit is None:
                break
            y = hit[1] + hit[3] + 4
            if y > y1:
                y, x = y0, x + 40 if x + 40 <= x1 else x0
        taken.append((x, y, card_w, card.height))
        card.draw(c, x, y)
    bottom = mid_y + bottom_h + 40
    unplaced = [i for i in ideas if i not in placed]
    if unplaced:
        cols = Columns(bottom, 5)
        cols.place(c, [Card(i["text"], HAT_COLOUR.get(i.get("hat"), "grey"), cols.col_w,
                            label=f"{i.get('code') or ''} · {_hat(c, i)}", size=14, bold=True)
                       for i in unplaced], heading=gettext(c.lang, "Not placed yet: {n}", n=len(unplaced)), column=0)
        bottom = cols.bottom
    return bottom


def _hat(c: Canvas, idea: dict) -> str:
    """An idea's hat in words ("Traditional"), or "Idea" for one without a hat."""
    return gettext(c.lang, HATS[idea["hat"]]) if idea.get("hat") in HATS else gettext(c.lang, "Idea")
