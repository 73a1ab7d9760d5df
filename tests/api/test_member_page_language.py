"""A member's calls say the language their page shows (web/app/http.js apiFetch, X-Coboard-Language), and the
server's refusals to them use it (issue 13): an upload's problem, an op refused through the HTTP transport, a
staff-only door. Without it the server answers in its own order (the cookie, the workshop's default, the
browser's), which can differ from the page's: the page fell back to English when Welsh would not load, a
cookie cleared while the device keeps the person's choice."""
import io

from server.i18n import COOKIE, PAGE_LANGUAGE, catalogue

from .conftest import assert_error, bearer
from .data_helpers import do_op

NOT_A_SHEET = "This file is not a spreadsheet we can read. Please upload a CSV or an Excel (.xlsx) file."
PICTURE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def welsh_of(msgid: str) -> str:
    text = catalogue("cy").get(msgid).string
    assert text and text != msgid
    return text


def test_a_members_refusals_are_in_the_language_their_page_says_it_shows(http, server, workshop):
    wid = workshop["workshop_id"]
    do_op(server, wid, workshop["token"], "workshop.update", language="en")
    ada = server.join(workshop, "Ada")

    def refusals(headers) -> list[str]:
        said = []
        r = http.post(f"/api/workshops/{wid}/responses", headers={**bearer(workshop["token"]), **headers},
                      files={"file": ("photo.csv", io.BytesIO(PICTURE))})
        said.append(assert_error(r, 415, "unsupported", "file")["message"])
        r = http.post(f"/api/workshops/{wid}/ops", headers={**bearer(ada["token"]), **headers},
                      json={"op": "card.update", "id": "h1", "args": {"card_id": "c1", "x": "far"}})
        said.append(r.json()["message"])
        r = http.get(f"/api/workshops/{wid}/export.json", headers={**bearer(ada["token"]), **headers})
        said.append(assert_error(r, 403, "forbidden")["message"])
        return said

    english = refusals({})
    assert english[0] == NOT_A_SHEET
    welsh = refusals({PAGE_LANGUAGE: "cy"})  # the workshop's default English, the page Welsh
    assert welsh[0] == welsh_of(NOT_A_SHEET) and welsh[2] != english[2]
    assert welsh[1].startswith("Mae math neu werth y maes “x” yn anghywir"), welsh[1]
    # the page's language beats the cookie and the browser's too; without it, the order as before
    assert refusals({PAGE_LANGUAGE: "cy-GB", "Cookie": f"{COOKIE}=en", "Accept-Language": "en"}) == welsh
    assert refusals({PAGE_LANGUAGE: "en", "Cookie": f"{COOKIE}=cy"}) == english
    assert refusals({"Cookie": f"{COOKIE}=cy"}) == welsh
    assert refusals({PAGE_LANGUAGE: "fr", "Accept-Language": "cy"}) == english  # the workshop's default first
