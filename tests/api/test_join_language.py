"""Before joining, a refusal is in the language the page shows (issue 13).

The join page picks its language before the person is a member (web/app/i18n.js pickLanguage: their choice,
else the workshop's default only if this device remembers it, else the browser's) and says which in
X-Coboard-Language on its calls (app/http.js). Without it the server guessed by its own order, where the
workshop's default (known once its hub is loaded, as it is after the join page fetched the privacy notice)
beats the browser's Accept-Language: a Welsh join page got "That join code is not right" in English."""
from server.i18n import COOKIE, PAGE_LANGUAGE, gettext

from .conftest import assert_error
from .data_helpers import do_op

WRONG_CODE = ("That join code is not right for this workshop. Check the link or ask the facilitator for the code.")
NO_SUCH_CODE = "No open workshop has this code. Check the code on the big screen and try again."
WELSH_BROWSER = {"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}


def wrong_join(http, workshop, headers) -> str:
    notice = http.get(f"/api/workshops/{workshop['workshop_id']}/privacy-notice", headers=headers)
    assert notice.status_code == 200  # as the join page does first: the workshop's hub is loaded
    r = http.post(f"/api/workshops/{workshop['workshop_id']}/join", headers=headers,
                  json={"join_code": "WRONGCODE"[: len(workshop["join_code"])], "name": "Ada"})
    return assert_error(r, 403, "forbidden", "join_code")["message"]


def test_a_wrong_join_code_is_refused_in_the_language_the_join_page_shows(http, server, workshop):
    welsh = gettext("cy", WRONG_CODE)
    assert welsh != WRONG_CODE
    # a workshop its facilitator set to English, a page shown in Welsh from the browser's languages
    do_op(server, workshop["workshop_id"], workshop["token"], "workshop.update", language="en")
    assert wrong_join(http, workshop, {**WELSH_BROWSER, PAGE_LANGUAGE: "cy"}) == welsh
    assert wrong_join(http, workshop, {PAGE_LANGUAGE: "cy-GB"}) == welsh
    # a Welsh workshop (its facilitator's default), a page shown in English
    welsh_workshop = server.create_workshop("Gwasanaethau dydd", "Siân")
    do_op(server, welsh_workshop["workshop_id"], welsh_workshop["token"], "workshop.update", language="cy")
    assert wrong_join(http, welsh_workshop, {PAGE_LANGUAGE: "en"}) == WRONG_CODE
    assert wrong_join(http, welsh_workshop, {PAGE_LANGUAGE: "en", "Cookie": f"{COOKIE}=cy"}) == WRONG_CODE
    # a call that does not say which: the person's choice, the workshop's default, the browser's, as before
    assert wrong_join(http, welsh_workshop, {}) == welsh
    assert wrong_join(http, welsh_workshop, {PAGE_LANGUAGE: "fr", "Cookie": f"{COOKIE}=en"}) == WRONG_CODE
    assert wrong_join(http, workshop, WELSH_BROWSER) == WRONG_CODE  # the default set to English comes first


def test_the_code_alone_and_the_start_page_answer_in_the_pages_language(http):
    r = http.post("/api/join/lookup", json={"join_code": "ZZZZOOOO"}, headers={PAGE_LANGUAGE: "cy"})
    assert assert_error(r, 404, "not_found", "join_code")["message"] == gettext("cy", NO_SUCH_CODE)
    r = http.post("/api/join/lookup", json={"join_code": "ZZZZOOOO"}, headers={**WELSH_BROWSER, PAGE_LANGUAGE: "en"})
    assert assert_error(r, 404, "not_found", "join_code")["message"] == NO_SUCH_CODE
    r = http.post("/api/workshops", json={"facilitator_name": "Sam"}, headers={PAGE_LANGUAGE: "cy"})
    welsh = assert_error(r, 422, "invalid", "title")["message"]
    assert welsh == gettext("cy", "Please fill in {field}.", field="title") and welsh != "Please fill in title."
