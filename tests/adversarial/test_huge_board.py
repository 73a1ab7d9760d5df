"""A board that grows large still exports (issue 12). Before: 2,491 notes made one board 116,647 px
tall and from then on `snapshot.png` and `snapshots.zip` answered 500 for everyone; a restored
20000×20000 picture took 1.6 GB and 18 s for one `snapshot.png`. Now pictures are drawn on a
bounded canvas (PICTURE_PIXELS, PICTURE_SIDE) and a restore brings such a workshop in one call."""
import io
import struct
import zipfile

import httpx
from pypdf import PdfReader

from server.exports.convert import PAGE_RATIO, READABLE_SCALE
from server.exports.svg import WIDTH as BOARD_WIDTH
from server.protocol.limits import PICTURE_PIXELS, PICTURE_SIDE

from .conftest import MiB, rss

NOTES = 1400  # enough for a board over 116,647 px tall, as in the issue
MEMORY_BOUND = 400 * MiB  # one bounded canvas is 48 MB; before, one picture took 1.6 GB


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def readable(width: int, height: int) -> None:
    """A picture of the tall board that a facilitator can read: its pages side by side, each drawn at
    READABLE_SCALE or more of the board's width; before, one strip scaled down whole (394×30,500 px for
    1,400 notes, 59×32,000 for more: words 3 px tall)."""
    assert width >= READABLE_SCALE * BOARD_WIDTH, (width, height)
    assert min(width, height) / max(width, height) >= 0.3, (width, height)  # a sheet, not a sliver


def huge_export(http, workshop) -> dict:
    """The workshop's own export.json, with 1,400 notes on its first board and a 20000×20000 picture."""
    auth = {"Authorization": f"Bearer {workshop['token']}"}
    export = http.get(f"/api/workshops/{workshop['workshop_id']}/export.json", headers=auth).json()
    board = next(r for r in export["records"] if r["kind"] == "board" and r["type"] == "ww")
    facilitator = next(r for r in export["records"] if r["kind"] == "participant")
    export["records"] += [{"id": f"c_note{i}", "kind": "card", "v": 1, "board_id": board["id"], "type": "note",
                           "text": f"A thought about what works, number {i}", "x": 0.5, "y": 0.5,
                           "created_by": facilitator["id"], "created_at": "2026-01-01T10:00:00.000Z"}
                          for i in range(NOTES)]
    side = 20000
    big = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{side}" height="{side}">'
           f'<rect x="0" y="0" width="{side}" height="{side}" fill="#fff3b0"/>'
           '<text x="40" y="80" font-size="48">A restored picture</text></svg>')
    export["snapshots"] = [{"id": "n_big", "board_id": board["id"], "board_title": "What is working well",
                            "board_type": "ww", "taken_at": "2026-01-01T10:00:00.000Z", "seq": export["seq"],
                            "reason": "on_demand", "activity": None, "taken_by": facilitator["id"], "svg": big}]
    return export, board["id"]


def test_a_huge_restored_board_and_picture_still_export_within_bounded_memory(shared):
    server = shared
    workshop = server.create_workshop()
    with httpx.Client(base_url=server.base_url, timeout=120) as http:
        export, board_id = huge_export(http, workshop)
        r = http.post("/api/workshops/restore", json=export, headers={"Authorization": f"Bearer {workshop['token']}"})
        assert r.status_code == 201, r.text[:500]
        restored = r.json()
        auth = {"Authorization": f"Bearer {restored['token']}"}
        base = f"/api/workshops/{restored['workshop_id']}"
        svg = http.get(f"{base}/boards/{board_id}/snapshot.svg", headers=auth).text
        assert float(svg.split('height="', 1)[1].split('"', 1)[0]) > 116_647
        before = rss(server)
        picture = http.get(f"{base}/boards/{board_id}/snapshot.png", headers=auth)
        assert picture.status_code == 200, picture.text[:300]
        width, height = png_size(picture.content)
        assert width * height <= PICTURE_PIXELS * 1.01 and max(width, height) <= PICTURE_SIDE
        readable(width, height)
        pdf = http.get(f"{base}/boards/{board_id}/snapshot.pdf", headers=auth)
        assert pdf.status_code == 200
        # too tall to read on one page: cut into pages of an A-series shape, its words at their size
        pages = PdfReader(io.BytesIO(pdf.content)).pages
        assert len(pages) > 10
        first = pages[0].mediabox
        assert float(first.height) <= float(first.width) * PAGE_RATIO + 1
        text = "".join(page.extract_text() for page in pages)
        assert all(f"number {i}" in text for i in (0, NOTES // 2, NOTES - 1))  # every note is on a page
        shots = http.get(f"{base}/snapshots", headers=auth).json()["snapshots"]
        big = next(s for s in shots if s["board_id"] == board_id and s["reason"] == "on_demand")
        one = http.get(f"{base}/snapshots/{big['id']}.png", headers=auth)
        assert one.status_code == 200
        width, height = png_size(one.content)
        assert width * height <= PICTURE_PIXELS * 1.01
        readable(width, height)
        assert http.post(f"{base}/snapshots", json={}, headers=auth).status_code == 201  # the tall board kept
        archive = http.get(f"{base}/snapshots.zip", headers=auth)
        assert archive.status_code == 200
        names = zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
        assert any(n.startswith("png/") for n in names)
        paged = sorted(n for n in names if "-page-" in n)
        assert len(paged) > 10  # the tall board also as readable PNG pages, each within the canvas
        tall = zipfile.ZipFile(io.BytesIO(archive.content)).read(paged[0].rsplit("-page-", 1)[0] + ".png")
        readable(*png_size(tall))  # the zip's whole picture of the tall board is the same readable sheet
        for n in paged[:2]:
            width, height = png_size(zipfile.ZipFile(io.BytesIO(archive.content)).read(n))
            assert width * height <= PICTURE_PIXELS * 1.01 and height <= width * PAGE_RATIO + 1
        assert http.get(f"{base}/snapshots.pdf", headers=auth).status_code == 200
        grown = rss(server) - before
        assert grown < MEMORY_BOUND, f"the server grew by {grown / MiB:.0f} MiB"
