"""A small document model (headings, paragraphs, lists, tables) written as HTML or as PDF.

PDFs are made with fpdf2: pure Python (nothing to install beyond the package), actively
maintained, with automatic page breaks, wrapped table cells and Unicode TrueType fonts — what a
text report and a sheet of printable cards need. Board pictures are SVG → PDF with CairoSVG.
"""
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ..i18n import DEFAULT, N_, gettext

PICTURES_HEADING = N_("The boards as they were left")

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def new_pdf(orientation: str = "P"):
    """An A4 fpdf2 document with DejaVu Sans (all the accents people type), or Helvetica without it."""
    from fpdf import FPDF

    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.set_auto_page_break(True, margin=15)
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdf.add_font("Body", "", str(regular))
        pdf.add_font("Body", "B", str(bold))
        pdf.body_font, pdf.unicode_ok = "Body", True
    else:
        pdf.body_font, pdf.unicode_ok = "helvetica", False
    return pdf


def pdf_text(pdf, text: str) -> str:
    text = str(text)
    return text if pdf.unicode_ok else text.encode("latin-1", "replace").decode("latin-1")


@dataclass
class Document:
    title: str
    lang: str = DEFAULT  # the language of the words the document writes (its <html lang>, its own headings)
    blocks: list[tuple] = field(default_factory=list)
    pictures: list[tuple[str, str]] = field(default_factory=list)  # (caption, svg): pages after the text

    def h(self, level: int, text: str):
        self.blocks.append(("h", level, text))

    def p(self, text: str, bold: bool = False):
        self.blocks.append(("p", text, bold))

    def ul(self, items: list[str]):
        if items:
            self.blocks.append(("ul", items))

    def table(self, headings: list[str], rows: list[list]):
        if rows:
            self.blocks.append(("table", headings, rows))

    # ---- HTML ----------------------------------------------------------------------------------

    def html(self) -> str:
        out = [f"<!doctype html><html lang=\"{escape(self.lang)}\"><head><meta charset=\"utf-8\">",
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
               f"<title>{escape(self.title)}</title><style>"
               "body{font-family:'DejaVu Sans',Verdana,Arial,sans-serif;max-width:60rem;margin:2rem auto;"
               "padding:0 1rem;line-height:1.5;color:#111}h1{font-size:2rem}h2{margin-top:2rem;border-bottom:"
               "3px solid #333}table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid "
               "#666;padding:.4rem;text-align:left;vertical-align:top}th{background:#eee}"
               ".board svg{max-width:100%;height:auto;border:1px solid #999}figure{margin:1rem 0}"
               "@media print{h2{break-after:avoid}figure{break-before:page}}</style></head><body><main>"]
        for block in self.blocks:
            if block[0] == "h":
                level = min(6, block[1])
                out.append(f"<h{level}>{escape(block[2])}</h{level}>")
            elif block[0] == "p":
                text = escape(block[1])
                out.append(f"<p><strong>{text}</strong></p>" if block[2] else f"<p>{text}</p>")
            elif block[0] == "ul":
                out.append("<ul>" + "".join(f"<li>{escape(str(i))}</li>" for i in block[1]) + "</ul>")
            else:
                head = "".join(f"<th scope=\"col\">{escape(str(h))}</th>" for h in block[1])
                body = "".join("<tr>" + "".join(f"<td>{escape('' if v is None else str(v))}</td>" for v in row)
                               + "</tr>" for row in block[2])
                out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        if self.pictures:
            out.append(f"<h2>{escape(gettext(self.lang, PICTURES_HEADING))}</h2>")
        for caption, svg in self.pictures:  # our own SVG, every text in it escaped
            out.append(f"<figure><div class=\"board\">{svg}</div><figcaption>{escape(caption)}</figcaption></figure>")
        out.append("</main></body></html>")
        return "".join(out)

    # ---- PDF -----------------------------------------------------------------------------------

    def pdf(self) -> bytes:
        pdf = new_pdf()
        pdf.set_title(self.title)
        pdf.set_lang(self.lang)
        pdf.add_page()
        font = pdf.body_font
        for block in self.blocks:
            if block[0] == "h":
                size = {1: 20, 2: 15, 3: 12}.get(block[1], 11)
                pdf.ln(3 if block[1] > 1 else 0)
                pdf.set_font(font, "B", size)
                pdf.multi_cell(0, size * 0.5, pdf_text(pdf, block[2]), new_x="LMARGIN", new_y="NEXT", align="L")
                pdf.ln(1)
            elif block[0] == "p":
                pdf.set_font(font, "B" if block[2] else "", 11)
                pdf.multi_cell(0, 5.5, pdf_text(pdf, block[1]), new_x="LMARGIN", new_y="NEXT", align="L")
                pdf.ln(1)
            elif block[0] == "ul":
                pdf.set_font(font, "", 11)
                for item in block[1]:
                    pdf.multi_cell(0, 5.5, pdf_text(pdf, f"•  {item}" if pdf.unicode_ok else f"-  {item}"),
                                   new_x="LMARGIN", new_y="NEXT", align="L")
                pdf.ln(1)
            else:
                pdf.set_font(font, "", 9)
                with pdf.table(text_align="LEFT", line_height=4.5) as table:
                    heading = table.row()
                    for h in block[1]:
                        heading.cell(pdf_text(pdf, str(h)))
                    for values in block[2]:
                        row = table.row()
                        for v in values:
                            row.cell(pdf_text(pdf, "" if v is None else str(v)))
                pdf.ln(2)
        text = bytes(pdf.output())
        if not self.pictures:
            return text
        from .convert import join_pdfs, svgs_to_pdf

        return join_pdfs([text, svgs_to_pdf([svg for _, svg in self.pictures])])
