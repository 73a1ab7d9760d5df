"""Why an uploaded file cannot be read, in the reader's language (issue 13): a Welsh workshop's
facilitator reads it in Welsh, an English one in English, and a person's own choice (the page's
cookie) wins over the workshop's default. The file is read in a child process (server/heavy_jobs.py):
the problem comes back from it whole, still to be said in either language."""
import pytest

from server.i18n import catalogue

from .conftest import assert_error
from .data_helpers import do_op, sample, upload

NO_QUESTIONS = b"Ref,Q1,Q2\n1,Good neighbours,Lonely nights\n"
BAD_QUESTION = b"Respondent,Question,Answer\nP1,What colour?,Blue\nP2,ww,Fine\n"


def welsh_of(msgid: str) -> str:
    text = catalogue("cy").get(msgid).string
    assert text and text != msgid
    return text


@pytest.fixture
def welsh_workshop(server):
    workshop = server.create_workshop("Adolygiad gwasanaethau dydd", "Siân", purpose="Beth sy’n bwysig")
    do_op(server, workshop["workshop_id"], workshop["token"], "workshop.update", language="cy")
    return workshop


def test_a_welsh_workshops_facilitator_reads_upload_problems_in_welsh(http, welsh_workshop):
    broken = assert_error(upload(http, welsh_workshop, sample("broken-utf8.csv")), 422, "invalid", "file")
    assert broken["line"] == 4
    assert broken["message"] == welsh_of(
        "Line {line} has characters that are not readable text (the file is UTF-8 but this line is not). "
        "Please check the file's encoding and save it again as \"CSV UTF-8\".").replace("{line}", "4")
    assert broken["message"].startswith("Mae nodau yn llinell 4 ")
    picture = assert_error(upload(http, welsh_workshop, sample("picture.png.csv")), 415, "unsupported", "file")
    assert picture["message"] == welsh_of(
        "This file is not a spreadsheet we can read. Please upload a CSV or an Excel (.xlsx) file.")
    question = assert_error(upload(http, welsh_workshop, BAD_QUESTION), 422, "invalid", "file")
    assert question["line"] == 2 and question["message"].startswith("Rhes 2: nid yw’r cwestiwn “What colour?”")
    empty = assert_error(upload(http, welsh_workshop, b""), 422, "invalid", "file")
    assert empty["message"] == "Mae’r ffeil yn wag."
    # a preview of a file whose question columns were not recognised says so in Welsh too
    preview = upload(http, welsh_workshop, NO_QUESTIONS, preview="true")
    assert preview.status_code == 200, preview.text
    assert preview.json()["problem"].startswith("Ni chafodd unrhyw golofnau cwestiwn eu hadnabod.")
    mapping = assert_error(upload(http, welsh_workshop, NO_QUESTIONS, preview="true", mapping='{"Q9": "ww"}'),
                           422, "invalid", "file")
    assert mapping["message"] == "Does dim colofn o’r enw “Q9” yn y ffeil."


def test_an_english_workshop_answers_in_english_unless_the_person_chose_welsh(http, server, workshop, welsh_workshop):
    broken = assert_error(upload(http, workshop, sample("broken-utf8.csv")), 422, "invalid", "file")
    assert broken["message"].startswith("Line 4 has characters that are not readable text")
    preview = upload(http, workshop, NO_QUESTIONS, preview="true").json()
    assert preview["problem"].startswith("No question columns were recognised.")
    # the page's own choice (its cookie) wins over the workshop's default, both ways
    http.cookies.set("coboard_lang", "cy")
    chose_welsh = assert_error(upload(http, workshop, b""), 422, "invalid", "file")
    assert chose_welsh["message"] == "Mae’r ffeil yn wag."
    http.cookies.set("coboard_lang", "en")
    chose_english = assert_error(upload(http, welsh_workshop, b""), 422, "invalid", "file")
    assert chose_english["message"] == "The file is empty."
