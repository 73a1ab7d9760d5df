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
