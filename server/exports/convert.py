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


def svg_to_png(svg: str, scale: float = 1.0) -> bytes:
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
