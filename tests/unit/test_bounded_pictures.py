"""Pictures are drawn on a bounded canvas, whatever size the board or a restored SVG claims (issue 12)."""
import struct

from server.exports.convert import bounded_scale, declared_size, svg_to_png
from server.protocol.limits import PICTURE_PIXELS, PICTURE_SIDE


def test_a_normal_board_keeps_its_scale_and_a_huge_one_is_scaled_down():
    assert bounded_scale(1600, 900) == 1.0
    assert bounded_scale(1600, 900, 2.0) == 2.0
    s = bounded_scale(20000, 20000)
    assert (20000 * s) ** 2 <= PICTURE_PIXELS * 1.0001
    s = bounded_scale(1600, 221_199)
    assert round(221_199 * s) <= PICTURE_SIDE


def test_the_size_of_an_svg_we_did_not_make_is_read_from_it():
    assert declared_size('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 200"/>') == (300.0, 200.0)
    assert declared_size("not svg") == (0.0, 0.0)


def test_a_20000_px_square_picture_comes_out_bounded():
    for body in ('<rect x="0" y="0" width="20000" height="20000" fill="#ff0000"/>',  # ours
                 '<g><rect x="0" y="0" width="20000" height="20000" fill="red"/></g>'):  # anyone's (CairoSVG)
        png = svg_to_png(f'<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000">{body}</svg>')
        width, height = struct.unpack(">II", png[16:24])
        assert width * height <= PICTURE_PIXELS * 1.001 and width > 1000


def tall_board(notes: int) -> str:
    from server.exports.svg import render_board

    records = [{"id": "w", "kind": "workshop", "title": "Tall", "language": "cy", "agenda": [], "activity": None},
               {"id": "b", "kind": "board", "type": "ww", "title": None, "order": 0, "room_id": None}]
    records += [{"id": f"c{i}", "kind": "card", "board_id": "b", "type": "note", "x": 0.5, "y": 0.5,
                 "text": f"A thought about what works, number {i}", "created_by": None} for i in range(notes)]
    return render_board(records, "b")


def test_a_tall_board_as_one_png_is_its_pages_side_by_side_at_a_readable_scale():
    """Before: scaled down whole, 1,400 notes came out 394×30,491 px (words 3 px tall), more 59×32,000."""
    from server.exports.convert import READABLE_SCALE, _parse, page_bands, sheet_of

    short = _parse(tall_board(20))
    assert sheet_of(*short) is None  # drawn whole at its size, as before
    busy = _parse(tall_board(150))  # 1600×13,459: all its 7 pages fit, readable
    sheet = sheet_of(*busy)
    assert sheet.shown == len(sheet.bands) == len(page_bands(*busy)) == 7
    assert READABLE_SCALE <= sheet.scale <= 1 and sheet.columns > 1
    huge = _parse(tall_board(1400))  # 57 pages: as many as can be read, and a line saying so
    sheet = sheet_of(*huge)
    assert 1 < sheet.shown < len(sheet.bands) and sheet.scale >= READABLE_SCALE
    png = svg_to_png(tall_board(1400))  # its labels in Welsh, as its own words (drawn_in)
    width, height = struct.unpack(">II", png[16:24])
    assert width * height <= PICTURE_PIXELS * 1.01 and max(width, height) <= PICTURE_SIDE
    assert width >= READABLE_SCALE * 1600 * sheet.columns * 0.99
    assert min(width, height) / max(width, height) > 0.3  # a sheet, not a sliver


def test_the_sheets_words_are_in_the_pictures_language():
    from server.i18n import gettext

    assert gettext("cy", "Page {n} of {pages}", n=3, pages=57) == "Tudalen 3 o 57"
    said = gettext("cy", "This picture shows pages 1 to {shown} of {pages} of this board. "
                         "The board's PDF has every page.", shown=12, pages=57)
    assert "12" in said and "57" in said and "PDF" in said and "This picture" not in said
