"""Printable cards for in-person tables: the amended answers at 23 pt bold, ww / nww / iff on each.

The guide: "A good font size is 23 bold. It can help to add in 'ww' 'nww' or 'iff' at the end of
each statement in case information falls off the board. Each piece of data then needs to be cut
up": two cards across an A4 page, dashed cut lines around each.
"""
from ..domain.amendments import texts_of
from ..i18n import gettext, language_of
from .document import new_pdf, pdf_text
from .tables import Workshop

POINTS = 23
LINE = POINTS * 0.3528 * 1.15  # mm per line at 23 pt
PAD = 5


def card_texts(records, question: str = "all") -> list[tuple[str, str]]:
    """(text, tag) of every answer going to the workshop (omitted ones left out), in order."""
    w = Workshop(records)
    out = []
    for a in w.answers():
        if a["status"] != "omitted" and question in ("all", a["question"]):
            out += [(t, a["question"]) for t in texts_of(a)]
    typed = [c for b in w.boards("ww", "nww", "iff") for c in w.cards_on(b["id"], "data")
             if not c.get("answer_id") and not c.get("duplicate_of")]  # typed straight onto a board
    out += [(c["text"], c.get("tag") or "") for c in typed if question in ("all", c.get("tag"))]
    return out


def printable_cards(records, question: str = "all") -> bytes:
    lang = language_of(Workshop(records).workshop.get("language"))  # the workshop's default language
    pdf = new_pdf()
    pdf.set_title(gettext(lang, "Cards to print and cut up"))
    pdf.set_auto_page_break(False)
    pdf.set_draw_color(90, 90, 90)
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    cards = card_texts(records, question)
    pdf.add_page()
    y = pdf.t_margin
    if not cards:
        pdf.set_font(pdf.body_font, "B", 16)
        pdf.text(pdf.l_margin, y + 10, pdf_text(pdf, gettext(lang, "There are no answers to print yet.")))
    for i in range(0, len(cards), 2):
        pair = cards[i:i + 2]
        pdf.set_font(pdf.body_font, "B", POINTS)
        lines = [pdf.multi_cell(width - 2 * PAD, LINE, pdf_text(pdf, f"{text}  {tag}"), align="L", dry_run=True,
                                output="LINES") for text, tag in pair]
        height = max(len(ls) for ls in lines) * LINE + 2 * PAD
        if y + height > pdf.h - pdf.b_margin:
            pdf.add_page()
            y = pdf.t_margin
        for j, ((text, tag), ls) in enumerate(zip(pair, lines)):
            x = pdf.l_margin + j * width
            pdf.set_dash_pattern(dash=2, gap=1.5)  # cut lines
            pdf.rect(x, y, width, height)
            pdf.set_dash_pattern()
            pdf.set_xy(x + PAD, y + PAD)
            pdf.set_font(pdf.body_font, "B", POINTS)
            pdf.multi_cell(width - 2 * PAD, LINE, pdf_text(pdf, f"{text}  {tag}"), align="L")
        y += height
    return bytes(pdf.output())
