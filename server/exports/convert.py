"""SVG → PNG and PDF through cairo, and several PDFs → one.

Our board SVGs use a small subset (rect, circle, text with one position each). CairoSVG lays
text out letter by letter in Python, which takes seconds on a 300-card board, so the subset is
drawn here straight onto a cairo surface — the same cairo CairoSVG draws with, one call per text
— and anything else (an SVG we did not make) goes through CairoSVG itself (maintained by the
Kozea team, WeasyPrint's). pypdf (pure Python, actively maintained) joins PDFs from CairoSVG.
"""
import io
import math
import re
from dataclasses import dataclass

from ..protocol.limits import PICTURE_PIXELS, PICTURE_SIDE

PX_TO_PT = 0.75  # CSS pixels at 96 dpi, as CairoSVG sizes its PDF pages
MAX_PAGE_PT = 14_400  # the largest page PDF readers open (200 inches)
SVG_NS = "{http://www.w3.org/2000/svg}"
FONT = "DejaVu Sans"
_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


class _NotOurs(Exception):
    """The SVG uses something beyond the subset we draw ourselves."""


def _colour(value: str | None):
    if value is None or value == "none":
        return None
    match = _HEX.match(value.strip())
    if not match:
        raise _NotOurs(value)
    h = match.group(1)
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _number(value: str | None, whole: float = 0.0) -> float:
    if value is None:
        return 0.0
    value = value.strip()
    if value.endswith("%"):
        return whole * float(value[:-1]) / 100
    return float(value.removesuffix("px"))


def _parse(svg: str):
    from defusedxml.ElementTree import fromstring  # no entities, no external references

    try:
        root = fromstring(svg.encode("utf-8"))
    except Exception as e:
        raise _NotOurs(str(e)) from None
    if root.tag != f"{SVG_NS}svg":
        raise _NotOurs(root.tag)
    width, height = _number(root.get("width")), _number(root.get("height"))
    if not (0 < width <= 1_000_000 and 0 < height <= 1_000_000):  # drawn scaled down to a bounded canvas
        raise _NotOurs("size")
    shapes = []
    for node in root:
        tag = node.tag.removeprefix(SVG_NS)
        if tag == "title":
            continue
        if tag == "rect":
            shapes.append(("rect", _number(node.get("x")), _number(node.get("y")),
                           _number(node.get("width"), width), _number(node.get("height"), height),
                           _number(node.get("rx")), _colour(node.get("fill", "#000000")), _colour(node.get("stroke")),
                           _number(node.get("stroke-width") or "1"), node.get("stroke-dasharray")))
        elif tag == "circle":
            shapes.append(("circle", _number(node.get("cx")), _number(node.get("cy")), _number(node.get("r")),
                           _colour(node.get("fill", "#000000")), _colour(node.get("stroke")),
                           _number(node.get("stroke-width") or "1")))
        elif tag == "text":
            if len(node):
                raise _NotOurs("tspan")
            shapes.append(("text", _number(node.get("x")), _number(node.get("y")), node.text or "",
                           _number(node.get("font-size") or "16"), node.get("font-weight") == "bold",
                           _colour(node.get("fill", "#000000")), node.get("text-anchor", "start")))
        else:
            raise _NotOurs(tag)
    return width, height, shapes


def _draw(ctx, shapes) -> None:
    import cairocffi as cairo

    for shape in shapes:
        kind = shape[0]
        if kind == "rect":
            _, x, y, w, h, rx, fill, stroke, stroke_w, dash = shape
            _rounded(ctx, x, y, w, h, min(rx, w / 2, h / 2))
            _paint(ctx, fill, stroke, stroke_w, [float(d) for d in dash.split()] if dash else None)
        elif kind == "circle":
            _, cx, cy, r, fill, stroke, stroke_w = shape
            ctx.new_path()
            ctx.arc(cx, cy, r, 0, 6.283185307179586)
            _paint(ctx, fill, stroke, stroke_w, None)
        else:
            _, x, y, text, size, bold, fill, anchor = shape
            ctx.select_font_face(FONT, cairo.FONT_SLANT_NORMAL,
                                 cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
            ctx.set_font_size(size)
            if anchor in ("middle", "end"):
                advance = ctx.text_extents(text)[4]
                x -= advance / 2 if anchor == "middle" else advance
            ctx.set_source_rgb(*(fill or (0, 0, 0)))
            ctx.move_to(x, y)
            ctx.show_text(text)
            ctx.new_path()


def _rounded(ctx, x, y, w, h, r) -> None:
    ctx.new_path()
    if r <= 0:
        ctx.rectangle(x, y, w, h)
        return
    pi = 3.141592653589793
    ctx.arc(x + w - r, y + r, r, -pi / 2, 0)
    ctx.arc(x + w - r, y + h - r, r, 0, pi / 2)
    ctx.arc(x + r, y + h - r, r, pi / 2, pi)
    ctx.arc(x + r, y + r, r, pi, 3 * pi / 2)
    ctx.close_path()


def _paint(ctx, fill, stroke, stroke_w, dash) -> None:
    if fill is not None:
        ctx.set_source_rgb(*fill)
        ctx.fill_preserve() if stroke is not None else ctx.fill()
    if stroke is not None:
        ctx.set_source_rgb(*stroke)
        ctx.set_line_width(stroke_w)
        ctx.set_dash(dash or [])
        ctx.stroke()
    ctx.new_path()


# A board taller than TALL_RATIO times its width is cut into pages (of PAGE_RATIO times its width, at
# breaks between cards) in PDFs and in the zip's PNGs: scaled down whole onto one bounded page, a
# board of 1,400 notes (116,647 px) would show its 14 px words at 2-4 px, which nobody can read.
TALL_RATIO = 2.0
PAGE_RATIO = 1.414  # the A-series page shape
READABLE_SCALE = 0.5  # a whole-board PNG drawn smaller than this also comes as pages in the zip


def _extent(shape) -> tuple[float, float]:
    """The top and bottom of a shape (text: from its baseline, one font size up and a quarter down)."""
    if shape[0] == "rect":
        return shape[2], shape[2] + shape[4]
    if shape[0] == "circle":
        return shape[2] - shape[3], shape[2] + shape[3]
    return shape[2] - shape[4], shape[2] + shape[4] / 4


def page_bands(width: float, height: float, shapes) -> list[tuple[float, float]]:
    """Where a tall board is cut into pages: (top, bottom) of each, cut between cards when it can be
    (at a card's bottom edge that no other card straddles), one band when the board is not tall."""
    if height <= TALL_RATIO * width:
        return [(0.0, height)]
    page = width * PAGE_RATIO
    small = sorted((top, bottom) for top, bottom in (_extent(s) for s in shapes if s[0] == "rect")
                   if bottom - top < page / 2)
    bands, top = [], 0.0
    while top < height:
        limit = top + page
        if limit >= height:
            bands.append((top, height))
            break
        cut = limit
        for candidate in sorted({b for _, b in small if top + page * 0.6 <= b + 8 <= limit}, reverse=True):
            line = candidate + 8  # just below the card, in the gap before the next
            if not any(t < line < b for t, b in small):
                cut = line
                break
        bands.append((top, cut))
        top = cut
    return bands


def _in_band(shapes, top: float, bottom: float) -> list:
    return [s for s in shapes if (lambda e: e[0] < bottom and e[1] > top)(_extent(s))]


def bounded_scale(width: float, height: float, scale: float = 1.0) -> float:
    """`scale`, or less, so that the picture has at most PICTURE_PIXELS and no side over PICTURE_SIDE:
    a board 116,647 px tall, or a restored picture 20000×20000, is drawn smaller, never in gigabytes."""
    if width <= 0 or height <= 0:
        return scale
    return min(scale, math.sqrt(PICTURE_PIXELS / (width * height)), PICTURE_SIDE / width, PICTURE_SIDE / height)


def declared_size(svg: str) -> tuple[float, float]:
    """The width and height an SVG says it has (from its viewBox when it gives none); 0 when unknown."""
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(svg.encode("utf-8"))
        width, height = _number(root.get("width")), _number(root.get("height"))
        box = (root.get("viewBox") or "").replace(",", " ").split()
        if (not width or not height) and len(box) == 4:
            width, height = width or float(box[2]), height or float(box[3])
        return max(0.0, width), max(0.0, height)
    except Exception:
        return 0.0, 0.0


# A tall board as one PNG (`snapshot.png`, a snapshot's PNG, the zip's whole picture): scaled down whole
# onto the bounded canvas, 1,400 notes came out 394×30,500 px and more notes 59×32,000, words 1-3 px
# tall. When a board taller than TALL_RATIO times its width cannot be drawn at its own size, its pages
# (the PDF's, `page_bands`) are laid side by side on one sheet, each labelled "Page 3 of 52", at the
# largest scale the canvas allows; never below READABLE_SCALE: the pages that do not fit then are left
# out, and a line at the foot of the sheet says which pages it shows and that the PDF has every one.
SHEET_MARGIN = 24  # px of the board around the sheet
SHEET_GAP = 32     # between two pages
SHEET_LABEL = 44   # the "Page 3 of 52" line above each page
SHEET_FOOTER = 64  # the line that says pages were left out


@dataclass
class Sheet:
    """Where a tall board's pages go on one picture: `columns` across, at `scale`, the first `shown` of `bands`."""

    bands: list[tuple[float, float]]
    shown: int
    columns: int
    scale: float
    page_width: float
    page_height: float

    @property
    def rows(self) -> int:
        return math.ceil(self.shown / self.columns)

    def size(self) -> tuple[float, float]:
        """The sheet's size in the board's own pixels (before `scale`)."""
        return _sheet_size(self.shown, self.columns, self.page_width, self.page_height, self.shown < len(self.bands))

    def place(self, i: int) -> tuple[float, float]:
        """The top left corner of page `i`'s label (its page below it)."""
        row, column = divmod(i, self.columns)
        return (SHEET_MARGIN + column * (self.page_width + SHEET_GAP),
                SHEET_MARGIN + row * (SHEET_LABEL + self.page_height + SHEET_GAP))


def _sheet_size(pages: int, columns: int, page_w: float, page_h: float, cut: bool) -> tuple[float, float]:
    rows = math.ceil(pages / columns)
    return (2 * SHEET_MARGIN + columns * page_w + (columns - 1) * SHEET_GAP,
            2 * SHEET_MARGIN + rows * (SHEET_LABEL + page_h) + (rows - 1) * SHEET_GAP + (SHEET_FOOTER if cut else 0))


def _best_layout(pages: int, page_w: float, page_h: float, cut: bool) -> tuple[float, int]:
    """(scale, columns) for `pages` pages on the bounded canvas: of the layouts within 10 % of the largest
    scale (and readable, when the largest is), the one closest to a landscape page's shape (screens and
    printers are wider than tall): 7 pages as 4 + 3 at 0.64, not one strip of 7 at 0.68."""
    layouts = []
    for columns in range(1, pages + 1):
        w, h = _sheet_size(pages, columns, page_w, page_h, cut)
        layouts.append((min(1.0, bounded_scale(w, h)), abs(math.log(w / h / PAGE_RATIO)), columns))
    best = max(scale for scale, _, _ in layouts)
    good_enough = max(0.9 * best, min(best, READABLE_SCALE))
    scale, _, columns = min((layout for layout in layouts if layout[0] >= good_enough), key=lambda l: l[1])
    return scale, columns


def sheet_of(width: float, height: float, shapes) -> Sheet | None:
    """How a board is drawn as one PNG when it is too tall to draw whole at its size; None otherwise."""
    if height <= TALL_RATIO * width or bounded_scale(width, height) >= 1.0:
        return None
    bands = page_bands(width, height, shapes)
    page_h = max(bottom - top for top, bottom in bands)
    scale, columns = _best_layout(len(bands), width, page_h, False)
    shown = len(bands)
    while scale < READABLE_SCALE and shown > 1:  # too many to read at once: as many as can be read
        shown -= 1
        scale, columns = _best_layout(shown, width, page_h, True)
    return Sheet(bands, shown, columns, max(min(scale, 1.0), 1e-3), width, page_h)


def _sheet_png(sheet: Sheet, shapes, lang: str) -> bytes:
    import cairocffi as cairo

    from ..i18n import gettext

    w, h = sheet.size()
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, max(1, round(w * sheet.scale)), max(1, round(h * sheet.scale)))
    ctx = cairo.Context(surface)
    ctx.scale(sheet.scale, sheet.scale)
    ctx.set_source_rgb(0.93, 0.94, 0.95)
    ctx.paint()
    pages = len(sheet.bands)
    for i, (top, bottom) in enumerate(sheet.bands[:sheet.shown]):
        x, y = sheet.place(i)
        _draw(ctx, [("text", x, y + SHEET_LABEL - 14, gettext(lang, "Page {n} of {pages}", n=i + 1, pages=pages),
                     24, True, (0.13, 0.13, 0.13), "start")])
        ctx.save()
        ctx.rectangle(x, y + SHEET_LABEL, sheet.page_width, bottom - top)
        ctx.clip()
        ctx.translate(x, y + SHEET_LABEL - top)
        ctx.set_source_rgb(1, 1, 1)
        ctx.paint()
        _draw(ctx, _in_band(shapes, top, bottom))
        ctx.restore()
    if sheet.shown < pages:
        note = gettext(lang, "This picture shows pages 1 to {shown} of {pages} of this board. "
                             "The board's PDF has every page.", shown=sheet.shown, pages=pages)
        size = 30.0
        ctx.select_font_face(FONT, cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_BOLD)
        ctx.set_font_size(size)
        room = w - 2 * SHEET_MARGIN
        size = min(size, size * room / max(1.0, ctx.text_extents(note)[4]))
        _draw(ctx, [("text", SHEET_MARGIN, h - SHEET_MARGIN - SHEET_FOOTER / 2 + size / 3, note, size, True,
                     (0.55, 0.0, 0.0), "start")])
    out = io.BytesIO()
    surface.write_to_png(out)
    surface.finish()
    return out.getvalue()


def svg_to_png(svg: str, scale: float = 1.0) -> bytes:
    """A PNG of the SVG within the bounded canvas; a board too tall to draw whole at its size as its pages
    side by side (`sheet_of`), their labels in the language of the picture's own words (svg.drawn_in)."""
    try:
        width, height, shapes = _parse(svg)
    except _NotOurs:
        import cairosvg

        width, height = declared_size(svg)
        if not width or not height:  # CairoSVG would guess the size: draw it at a size we chose
            width = height = 1000.0
        scale = bounded_scale(width, height, scale)
        return cairosvg.svg2png(bytestring=svg.encode("utf-8"), unsafe=False, output_width=max(1, round(width * scale)),
                                output_height=max(1, round(height * scale)))
    import cairocffi as cairo

    if scale == 1.0 and (sheet := sheet_of(width, height, shapes)) is not None:
        from .svg import drawn_in

        return _sheet_png(sheet, shapes, drawn_in(svg))
    scale = bounded_scale(width, height, scale)

    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, max(1, round(width * scale)), max(1, round(height * scale)))
    ctx = cairo.Context(surface)
    ctx.scale(scale, scale)
    _draw(ctx, shapes)
    out = io.BytesIO()
    surface.write_to_png(out)
    surface.finish()
    return out.getvalue()


def svg_to_png_pages(svg: str) -> list[bytes]:
    """A board too tall to read as one PNG (drawn below READABLE_SCALE) as PNG pages at full size,
    each within the bounded canvas; [] when one PNG shows it readably (or it is not one of ours)."""
    try:
        width, height, shapes = _parse(svg)
    except _NotOurs:
        return []
    if bounded_scale(width, height) >= READABLE_SCALE or height <= TALL_RATIO * width:
        return []
    import cairocffi as cairo

    out = []
    for top, bottom in page_bands(width, height, shapes):
        scale = bounded_scale(width, bottom - top)
        surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, max(1, round(width * scale)),
                                     max(1, round((bottom - top) * scale)))
        ctx = cairo.Context(surface)
        ctx.scale(scale, scale)
        ctx.translate(0, -top)
        ctx.set_source_rgb(1, 1, 1)
        ctx.paint()
        _draw(ctx, _in_band(shapes, top, bottom))
        buf = io.BytesIO()
        surface.write_to_png(buf)
        surface.finish()
        out.append(buf.getvalue())
    return out


def svg_to_pdf(svg: str) -> bytes:
    return svgs_to_pdf([svg])


def svgs_to_pdf(svgs: list[str]) -> bytes:
    """One PDF, a page an SVG, each page the size of its picture."""
    try:
        pages = [_parse(svg) for svg in svgs]
    except _NotOurs:
        return join_pdfs([_foreign_pdf(s) for s in svgs])
    import cairocffi as cairo

    out = io.BytesIO()
    first_w, first_h = (pages[0][0], pages[0][1]) if pages else (595 / PX_TO_PT, 842 / PX_TO_PT)
    surface = cairo.PDFSurface(out, min(first_w * PX_TO_PT, MAX_PAGE_PT), min(first_h * PX_TO_PT, MAX_PAGE_PT))
    for width, height, shapes in pages:
        for top, bottom in page_bands(width, height, shapes):  # a very tall board: several pages
            tall = bottom - top
            scale = min(PX_TO_PT, MAX_PAGE_PT / width, MAX_PAGE_PT / tall)
            surface.set_size(width * scale, tall * scale)
            ctx = cairo.Context(surface)
            ctx.scale(scale, scale)
            ctx.translate(0, -top)
            _draw(ctx, _in_band(shapes, top, bottom))
            ctx.show_page()
    surface.finish()
    return out.getvalue()


def _foreign_pdf(svg: str) -> bytes:
    """An SVG we did not make (a restored snapshot) as one PDF page within the largest page size."""
    import cairosvg

    width, height = declared_size(svg)
    if not width or not height:
        width = height = 1000.0
    scale = min(1.0, MAX_PAGE_PT / (width * PX_TO_PT), MAX_PAGE_PT / (height * PX_TO_PT))
    return cairosvg.svg2pdf(bytestring=svg.encode("utf-8"), unsafe=False, output_width=max(1, round(width * scale)),
                            output_height=max(1, round(height * scale)))


def join_pdfs(pdfs: list[bytes]) -> bytes:
    """One PDF, the given documents' pages in order."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        for page in PdfReader(io.BytesIO(pdf)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
