"""Exports: the cleaned spreadsheet, the workshop as XLSX and CSV, printable cards (issue 6)."""
import io
import zipfile

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from .conftest import assert_error
from .data_helpers import auth, populated


@pytest.fixture(scope="module")
def journey(server):
    import httpx

    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        return populated(server, http)


def get(http, journey, path, token=None):
    return http.get(f"/api/workshops/{journey['workshop_id']}/{path}", headers=auth(token or journey["token"]),
                    timeout=30)


def test_cleaned_spreadsheet_has_original_code_reason_and_amended(http, journey):
    r = get(http, journey, "responses.xlsx")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    head = rows[0]
    for column in ("Original", "Code", "Reason", "Amended"):
        assert column in head
    by_original = {row[head.index("Original")]: row for row in rows[1:]}
    long = next(v for k, v in by_original.items() if k.startswith("My carer comes late and I wait"))
    assert long[head.index("Code")] == "a" and long[head.index("Amended")] == "My carer comes late"
    formula = next(k for k in by_original if "HYPERLINK" in k)
    assert formula.startswith("'=")  # neutralised: shown as text, never run


def test_workshop_xlsx_has_a_sheet_each(http, journey):
    r = get(http, journey, "export.xlsx")
    book = load_workbook(io.BytesIO(r.content))
    assert {"Data", "Themes", "Votes", "Root causes", "Success statements", "Ideas", "Action plans",
            "Parking space"} <= set(book.sheetnames)
    themes = list(book["Themes"].iter_rows(values_only=True))
    assert any(row[1] == "I am lonely" and row[3] == 1 for row in themes)
    assert any(row[1] == "'=Ask about funding" for row in book["Parking space"].iter_rows(values_only=True))
    ideas = list(book["Ideas"].iter_rows(values_only=True))
    assert any(row[4] == "Evening buddy scheme" and row[8] == "Quick Wins" for row in ideas)
    plans = list(book["Action plans"].iter_rows(values_only=True))
    assert "Call the volunteer centre" in plans[1]
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value[:1] in "=+-@"), (sheet.title, value)


def test_csv_exports_are_neutralised_utf8(http, journey):
    r = get(http, journey, "export/parking-space.csv")
    assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf")
    assert "'=Ask about funding" in r.content.decode("utf-8-sig")
    z = zipfile.ZipFile(io.BytesIO(get(http, journey, "export.zip").content))
    assert {"data.csv", "themes.csv", "votes.csv", "action-plans.csv"} <= set(z.namelist())
    assert "'=HYPERLINK" in z.read("data.csv").decode("utf-8-sig")
    assert_error(get(http, journey, "export/nothing.csv"), 404, "not_found")


def test_printable_cards_at_23pt_with_their_tags(http, journey):
    r = get(http, journey, "cards.pdf")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(r.content)).pages)
    sizes = set()
    PdfReader(io.BytesIO(r.content)).pages[0].extract_text(
        visitor_text=lambda text, cm, tm, font, size: sizes.add(round(size * tm[0])) if text.strip() else None)
    assert sizes == {23}, sizes
    assert "The lunch club" in text and "ww" in text and "nww" in text and "iff" in text
    assert "My carer comes late" in text  # the amended text, not the original
    only_ww = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(get(http, journey, "cards.pdf?question=ww")
                                                                          .content)).pages)
    assert "The lunch club" in only_ww and "To feel safe" not in only_ww


def test_exports_are_for_staff(server, http, journey):
    person = server.join(journey, "Pat")
    for path in ("responses.xlsx", "export.xlsx", "export.zip", "cards.pdf", "report.html"):
        assert_error(get(http, journey, path, person["token"]), 403, "forbidden")
    assert_error(get(http, journey, "export.json", person["token"]), 403, "forbidden")
