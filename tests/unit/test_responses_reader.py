"""Reading collected answers from spreadsheets (server/imports/responses.py): no server, no workshop."""
import io

import pytest
from openpyxl import Workbook

from server.imports.responses import FileProblem, decode, detect_role, heard_from, parse, question_of, read_rows


@pytest.mark.parametrize("header, question", [
    ("What is working well for you? (1)", "ww"), ("What's working well?", "ww"), ("WW 2", "ww"),
    ("What is not working well for you?", "nww"), ("What isn't working well for you?", "nww"),
    ("What isn’t working?", "nww"), ("nww", "nww"),
    ("What is important to you in the future?", "iff"), ("What matters for your future?", "iff"),
    ("Age group", None), ("Timestamp", None)])
def test_questions_are_recognised_by_their_wording(header, question):
    assert question_of(header) == question


@pytest.mark.parametrize("header, role", [
    ("Respondent", "respondent"), ("ID", "respondent"), ("Full name", "private"), ("Email address", "private"),
    ("Phone number", "private"), ("Postcode", "private"), ("Timestamp", "ignore"), ("Completion time", "ignore"),
    ("Age group", "about"), ("Service used", "about"), ("Question", "question"), ("Answer", "answer"),
    ("Colour", "ignore")])
def test_other_columns_are_recognised_and_names_are_never_read(header, role):
    assert detect_role(header) == role


def test_small_groups_are_folded_or_left_out():
    from collections import Counter

    shown = heard_from({"Age": Counter({"18-34": 5, "35-54": 2, "55-64": 1, "85+": 1}),
                        "Area": Counter({"North": 3, "South": 2})})
    assert shown == {"Age": {"18-34": 5, "Smaller groups (under 3 people each)": 4}, "Area": {"North": 3}}


def test_encodings_excel_writes():
    text = "Café;naïve – “quotes” €"
    assert decode(text.encode("cp1252")) == text
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == "Café;naïve – “quotes” €"
    assert read_rows("a\tb\r\nc\td\r\n".encode("utf-16"))[1] == ["c", "d"]


def test_a_broken_utf8_line_is_named():
    with pytest.raises(FileProblem) as caught:
        decode("ok é\nfine\nbad ".encode("utf-8") + b"\xff\n")
    assert caught.value.line == 3


def test_wide_rows_skip_blank_answers_and_people_without_answers():
    parsed = parse([["Name", "What is working well for you?", "What is not working well for you?"],
                    ["Ann", "  ", "Lonely"], ["Bob", "", ""], ["", "", ""], ["Cy", "Friends", ""]])
    assert [(a.row, a.question, a.text) for a in parsed.answers] == [(2, "nww", "Lonely"), (5, "ww", "Friends")]
    assert parsed.responses == 2
    assert parsed.columns[0].examples == []  # names are never shown, not even in the preview


def test_xlsx_rows_are_text():
    book = Workbook()
    book.active.append(["What is working well for you?", "Age group"])
    book.active.append([12.0, None])
    out = io.BytesIO()
    book.save(out)
    assert read_rows(out.getvalue()) == [["What is working well for you?", "Age group"], ["12"]]


def test_a_preview_without_recognised_question_columns_still_lists_the_columns_to_map_by_hand():
    rows = [["Id", "Q1", "Q2"], ["R1", "Good bus", "Late carers"]]
    with pytest.raises(FileProblem):
        parse(rows)
    p = parse(rows, preview=True)
    assert p.answers == [] and "map them by hand" in p.problem
    shown = p.preview()
    assert [c["header"] for c in shown["columns"]] == ["Id", "Q1", "Q2"]
    assert shown["answers"] == {"ww": 0, "nww": 0, "iff": 0} and shown["problem"] == p.problem
    mapped = parse(rows, {"1": "ww", "2": "nww"}, preview=True)
    assert mapped.problem is None and "problem" not in mapped.preview()
    assert [(a.question, a.text) for a in mapped.answers] == [("ww", "Good bus"), ("nww", "Late carers")]
