"""SVG → PNG and PDF with CairoSVG, and several PDFs → one.

CairoSVG draws the very SVG we serve, through cairo (on the base image), so the PNG and PDF of a
board look exactly like its SVG; it is maintained by the Kozea team (WeasyPrint's). pypdf, pure
Python and actively maintained, joins pages into one file.
"""
import io


def svg_to_png(svg: str, scale: float = 1.0) -> bytes:
    import cairosvg

    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale, unsafe=False)


def svg_to_pdf(svg: str) -> bytes:
    import cairosvg

    return cairosvg.svg2pdf(bytestring=svg.encode("utf-8"), unsafe=False)


def join_pdfs(pdfs: list[bytes]) -> bytes:
    """One PDF, the given documents' pages in order."""
    from pypdf import PdfWriter, PdfReader

    writer = PdfWriter()
    for pdf in pdfs:
        for page in PdfReader(io.BytesIO(pdf)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
