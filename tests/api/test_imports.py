"""Importing collected answers: formats, layouts, mapping by hand, bad files (issue 6)."""
import io

import httpx
from openpyxl import Workbook

from .conftest import assert_error
from .data_helpers import auth, records, sample, upload

SAMPLE_WIDE = (b"Respondent,Name,Phone,What is working well for you? (1),What is working well for you? (2),"
               b"What is not working well for you? (1),What is important to you in the future? (1),Age group\n"
               + b"\n".join(b"R%d,Person %d,07700 90012%d,Friendly staff %d,,Buses are late %d,To work %d,%s"
                            % (i, i, i, i, i, i, b"65-74" if i < 4 else b"18-34") for i in range(1, 6)) + b"\n")


def data_texts(server, workshop) -> list[str]:
    return sorted(c["text"] for c in records(server, workshop, "card") if c["type"] == "data")


def test_wide_csv_becomes_cards_without_names_or_contact_details(server, http, workshop):
    r = upload(http, workshop, SAMPLE_WIDE)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["responses"], body["cards"], body["flagged"]) == (5, 15, [])
    texts = data_texts(server, workshop)
    assert len(texts) == 15 and "Friendly staff 1" in texts
    assert not any("Person" in t or "07700" in t or t.startswith("R") for t in texts)
    dataset = records(server, workshop, "dataset")[0]
    assert dataset["heard_from"] == {"Age group": {"65-74": 3}}  # the two 18-34s are not shown


def test_semicolon_cp1252_csv_keeps_its_accents(server, http, workshop):
    body = upload(http, workshop, sample("semicolon-cp1252.csv")).json()
    assert body["responses"] == 3 and body["cards"] == 7
    texts = data_texts(server, workshop)
    assert "Le café où je vois mes amis, c’est génial" in texts
    assert "Nobody calls back €5 bus fare" in texts and "Quoted; with a semicolon" in texts
    assert not any("Zoë" in t or "Renée" in t for t in texts)


def test_bom_utf8_csv_flags_long_answers_and_skips_blanks(server, http, workshop):
    body = upload(http, workshop, sample("bom-utf8.csv")).json()
    assert body["responses"] == 4 and body["cards"] == 7
    assert [(f["row"], f["question"], f["reason"]) for f in body["flagged"]] == [(3, "nww", "too_long")]
    assert len(body["flagged"][0]["text"]) > 170  # reported whole, never cut
    answers = records(server, workshop, "answer")
    long = next(a for a in answers if a["row"] == 3 and a["question"] == "nww")
    assert long["status"] == "pending" and long["card_ids"] == [] and len(long["original"]) > 170
    assert not any("@example.org" in t for t in data_texts(server, workshop))


def test_long_layout_csv(server, http, workshop):
    body = upload(http, workshop, sample("long-layout.csv")).json()
    assert body["responses"] == 3 and body["cards"] == 5 and body["layout"] == "long"
    nww = [c for c in records(server, workshop, "card") if c.get("tag") == "nww"]
    assert sorted(c["text"] for c in nww) == ["Buses are unreliable", "Forms are confusing"]


def test_xlsx_made_by_openpyxl(server, http, workshop):
    book = Workbook()
    sheet = book.active
    sheet.append(["Respondent", "What is working well for you?", "What is not working well for you?", "Service used"])
    sheet.append(["R1", "Café on Fridays", None, "Home care"])
    sheet.append(["R2", 42, "Long waits", "Home care"])
    sheet.append(["R3", None, None, "Home care"])
    out = io.BytesIO()
    book.save(out)
    body = upload(http, workshop, out.getvalue(), "answers.xlsx").json()
    assert body["responses"] == 2 and body["cards"] == 3
    assert data_texts(server, workshop) == ["42", "Café on Fridays", "Long waits"]


def test_preview_changes_nothing_and_mapping_by_hand(server, http, workshop):
    content = b"Ref,Q1,Q2,Q3\n1,Good neighbours,Lonely nights,A job\n2,My dog,,Learning\n"
    r = upload(http, workshop, content, preview="true")  # Q1..Q3 say nothing about the questions:
    assert r.status_code == 200 and "map them by hand" in r.json()["problem"]  # the preview lists the columns
    assert [c["header"] for c in r.json()["columns"]] == ["Ref", "Q1", "Q2", "Q3"] and r.json()["answers"]["ww"] == 0
    assert_error(upload(http, workshop, content), 422, "invalid", "file")  # an import without a mapping is refused
    mapping = '{"Q1": "ww", "Q2": "nww", "3": "iff"}'
    preview = upload(http, workshop, content, preview="true", mapping=mapping).json()
    assert preview["answers"] == {"ww": 2, "nww": 1, "iff": 2} and preview["responses"] == 2
    assert [c["role"] for c in preview["columns"]] == ["respondent", "ww", "nww", "iff"]
    assert preview["columns"][1]["examples"] == ["Good neighbours", "My dog"]
    assert records(server, workshop, "answer") == [] and data_texts(server, workshop) == []
    body = upload(http, workshop, content, mapping=mapping).json()
    assert body["cards"] == 5


def test_import_without_publishing_waits_for_cleaning(server, http, workshop):
    body = upload(http, workshop, sample("long-layout.csv"), publish="false").json()
    assert body["cards"] == 0 and len(records(server, workshop, "answer")) == 5


def test_only_facilitators_and_hosts_import(server, http, workshop):
    person = server.join(workshop, "Pat")
    assert_error(upload(http, workshop, SAMPLE_WIDE, token=person["token"]), 403, "forbidden")
    assert_error(http.post(f"/api/workshops/{workshop['workshop_id']}/responses", files={"file": ("a.csv", b"x")}),
                 401, "unauthorized")
    assert records(server, workshop, "answer", person["token"]) == []  # answers are staff-only records


def test_over_large_upload_is_refused_before_it_is_read(server, workshop):
    big = b"x" * (20 * 1024 * 1024 + 10)
    r = httpx.post(f"{server.base_url}/api/workshops/{workshop['workshop_id']}/responses",
                   headers={**auth(workshop["token"]), "Content-Type": "multipart/form-data; boundary=b"},
                   content=big, timeout=30)
    assert_error(r, 413, "too_large")


def test_a_picture_is_not_a_spreadsheet(server, http, workshop):
    body = assert_error(upload(http, workshop, sample("picture.png.csv")), 415, "unsupported", "file")
    assert "CSV" in body["message"]
    assert records(server, workshop, "answer") == []


def test_broken_encoding_names_the_line_and_imports_nothing(server, http, workshop):
    body = assert_error(upload(http, workshop, sample("broken-utf8.csv")), 422, "invalid", "file")
    assert body["line"] == 4 and "Line 4" in body["message"]
    assert records(server, workshop, "answer") == [] and data_texts(server, workshop) == []


def test_other_bad_files(server, http, workshop):
    assert_error(upload(http, workshop, b""), 422, "invalid")
    assert_error(upload(http, workshop, sample("no-questions.csv")), 422, "invalid", "file")
    assert_error(upload(http, workshop, b"PK\x03\x04not really a zip"), 422, "invalid")
    assert_error(upload(http, workshop, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel"), 422, "invalid")
    bad_question = b"Respondent,Question,Answer\nP1,What colour?,Blue\nP2,ww,Fine\n"
    body = assert_error(upload(http, workshop, bad_question), 422, "invalid")
    assert body["line"] == 2
    assert records(server, workshop, "answer") == []


def test_no_import_onto_day_1_boards_once_day_2_begins(server, http, workshop):
    from .data_helpers import do_op

    do_op(server, workshop["workshop_id"], workshop["token"], "day.begin", day=2)
    assert_error(upload(http, workshop, SAMPLE_WIDE), 409, "conflict")
    assert records(server, workshop, "answer") == []
    assert upload(http, workshop, SAMPLE_WIDE, publish="false").status_code == 200  # kept for the record


def test_over_large_upload_without_a_length_is_cut_off(server, workshop):
    def body():
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\n"
        for _ in range(21):
            yield b"x" * (1024 * 1024)

    r = httpx.post(f"{server.base_url}/api/workshops/{workshop['workshop_id']}/responses",
                   headers={**auth(workshop["token"]), "Content-Type": "multipart/form-data; boundary=b"},
                   content=body(), timeout=60)
    assert_error(r, 413, "too_large")


def test_the_same_file_twice_is_refused_unless_asked(server, http, workshop):
    assert upload(http, workshop, sample("long-layout.csv")).status_code == 200
    body = assert_error(upload(http, workshop, sample("long-layout.csv")), 409, "conflict", "file")
    assert "already imported" in body["message"]
    assert len(records(server, workshop, "answer")) == 5
    assert upload(http, workshop, sample("long-layout.csv"), again="true").json()["cards"] == 5


def test_a_bad_mapping_is_refused_plainly(server, http, workshop):
    for mapping in ("not json", "[1]", '{"Q1": 3}'):
        assert_error(upload(http, workshop, b"Q1\nx\n", preview="true", mapping=mapping), 422, "invalid", "mapping")
    body = assert_error(upload(http, workshop, b"Q1\nx\n", preview="true", mapping='{"Q9": "ww"}'), 422, "invalid")
    assert "Q9" in body["message"]
    body = assert_error(upload(http, workshop, b"Q1\nx\n", preview="true", mapping='{"Q1": "maybe"}'), 422,
                        "invalid")
    assert "maybe" in body["message"]


def test_a_second_import_places_its_cards_after_the_first_ones(server, http, workshop):
    """Decided in a heavy-work child from an excerpt of the workshop (its boards' card counts, no card):
    the second file's cards go on below the first file's, never on top of them."""
    first = b"What is working well for you?\n" + b"".join(b"Tea %d\n" % i for i in range(7))
    second = b"What is working well for you?\n" + b"".join(b"Walks %d\n" % i for i in range(2))
    assert upload(http, workshop, first).status_code == 200
    assert upload(http, workshop, second, filename="second.csv").status_code == 200
    places = {(c["x"], c["y"]): c["text"] for c in records(server, workshop, "card") if c["type"] == "data"}
    assert len(places) == 9  # nine cards, nine places
    walks = sorted((y, x) for (x, y), text in places.items() if text.startswith("Walks"))
    assert walks == [(0.13, 0.35), (0.13, 0.65)]  # the 8th and 9th places: the row after Tea 6
