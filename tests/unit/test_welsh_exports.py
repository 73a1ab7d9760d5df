"""A Welsh workshop's XLSX export is a shared document: its sheet names, column headings and label words
(card types, hats, statuses, quadrants, perspectives, questions, amendment codes) are in the workshop's
language, Welsh here, with no English word of the catalogue left (issue 13). People's words stay as written.
The CSV files keep PROTOCOL.md's English sheet keys (export/{sheet}.csv)."""
import io

from openpyxl import load_workbook

from server.exports import tables

from .test_welsh_report import a_welsh_journey, english_left, english_words_of_the_catalogue


def cells_of(book) -> list[str]:
    return [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row if v]


def test_a_welsh_workshops_xlsx_has_no_english_word_of_the_catalogue():
    records = list(a_welsh_journey().state.records.values())
    assert tables.language_of_records(records) == "cy"
    book = load_workbook(io.BytesIO(tables.to_xlsx(tables.sheets(records), tables.language_of_records(records))))
    assert "Themâu" in book.sheetnames and "Cynlluniau gweithredu" in book.sheetnames and "Themes" not in book.sheetnames
    text = "\n".join(book.sheetnames + cells_of(book))
    assert [c.value for c in book["Syniadau"][1]][:4] == ["Bwrdd", "Grŵp", "Cod", "Het"]
    for welsh in ("Enillion Cyflym", "Rwy’n unig"):  # a quadrant (labels.py) and people's own words
        assert welsh in text, welsh
    words = english_words_of_the_catalogue("cy")
    assert {"Code meaning", "Needs a look", "Most on one", "Who we heard from"} <= words
    assert english_left(text, words) == []


def test_the_csv_sheet_keys_stay_as_protocol_md_fixes_them():
    records = list(a_welsh_journey().state.records.values())
    names = {tables.csv_name(n) for n in tables.sheets(records)}
    assert {"data", "themes", "votes", "root-causes", "success-statements", "in-place", "ideas", "action-plans",
            "parking-space", "who-we-heard-from"} <= names
