"""The Working Together for Change report and "You said, we did" (issue 6)."""
import io

import httpx
import pytest
from pypdf import PdfReader

from .data_helpers import auth, populated


@pytest.fixture(scope="module")
def journey(server):
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        return populated(server, http)


def get(http, journey, path):
    return http.get(f"/api/workshops/{journey['workshop_id']}/{path}", headers=auth(journey["token"]), timeout=30)


def test_report_html_covers_the_whole_journey(http, journey):
    r = get(http, journey, "report.html")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    for words in ("Purpose", "What matters to people", "Who we heard from", "4 people answered", "Themes",
                  "I am lonely", "Vote results", "Buses stop at six", "I see friends weekly", "Befriending service",
                  "Evening buddy scheme", "Investment Grid", "Quick Wins", "Action plans",
                  "Call the volunteer centre", "Parking space", "=Ask about funding", "Home care"):
        assert words in html, words
    assert "<script" not in html


def test_report_pdf_and_you_said_we_did(http, journey):
    pdf = get(http, journey, "report.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "I am lonely" in text and "Evening buddy scheme" in text
    one_page = PdfReader(io.BytesIO(get(http, journey, "you-said-we-did.pdf").content))
    assert len(one_page.pages) == 1
    said = one_page.pages[0].extract_text()
    assert "You said" in said and "I am lonely" in said and "Evening buddy scheme" in said
    assert "We did" in get(http, journey, "you-said-we-did.html").text


def test_report_ends_with_pictures_of_the_boards(http, journey):
    html = get(http, journey, "report.html").text
    assert html.count("<svg") == 4 and "The boards as they were left" in html  # ww, nww, iff and the grid
    pages = PdfReader(io.BytesIO(get(http, journey, "report.pdf").content)).pages
    assert "Investment Grid" in pages[-1].extract_text() and "Quick Wins" in pages[-1].extract_text()
