"""XLSX guard (issue 12): before, a 400 KiB XLSX holding a 400 MiB shared string took 21 s and
peaked at 1.8 GB. The unpacked sizes are checked before openpyxl reads anything (here a
100 MiB text, three times the limit, keeps the test quick; the size of the attack does not matter)."""
import io
import zipfile

import httpx

from .conftest import MiB, rss

WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><sheets><sheet name="A" sheetId="1"/></sheets></workbook>')


def bomb(part: str, size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("xl/workbook.xml", WORKBOOK)
        with z.open(part, "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b'<si><t>')
            block = b"a" * MiB
            for _ in range(size // MiB):
                f.write(block)
            f.write(b"</t></si></sst>")
    return out.getvalue()


def test_a_huge_shared_string_or_sheet_is_refused_before_it_is_parsed(shared):
    server = shared
    workshop = server.create_workshop()
    with httpx.Client(base_url=server.base_url, timeout=60,
                      headers={"Authorization": f"Bearer {workshop['token']}"}) as http:
        # files are read in the server's heavy-work child processes (server/workers.py), started at its
        # first import: a fixed cost, counted before, so what is measured is what the bombs add
        warm = http.post(f"/api/workshops/{workshop['workshop_id']}/responses?preview=true",
                         files={"file": ("warm.csv", b"What is working well for you?\nTea\n", "text/csv")})
        assert warm.status_code == 200, warm.text
        before = rss(server)
        for part, size in (("xl/sharedStrings.xml", 100 * MiB), ("xl/worksheets/sheet1.xml", 110 * MiB)):
            data = bomb(part, size)
            assert len(data) < 1 * MiB  # a small upload (about 0.5 MB)...
            r = http.post(f"/api/workshops/{workshop['workshop_id']}/responses",
                          files={"file": ("answers.xlsx", data, "application/octet-stream")})
            assert r.status_code == 413 and r.json()["code"] == "too_large", r.text  # ...refused by its contents
            assert "MB" in r.json()["message"]
    grown = rss(server) - before
    assert grown < 60 * MiB, f"the server grew by {grown / MiB:.0f} MiB"
