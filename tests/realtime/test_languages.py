"""The server's refusals in the member's language (issue 13): their own choice (the page's cookie),
else the workshop's default; the code, id and field of the frame never change, only the words."""
import httpx
import websockets

from server import i18n
from server.domain.errors import Rejected

from .client import Client

FORBIDDEN_EN = "Only the facilitator can change the workshop's title, purpose, activity or default language."
FORBIDDEN_CY = "Dim ond yr hwylusydd all newid teitl, diben, gweithgaredd neu iaith ddiofyn y gweithdy."


async def speaking(server, workshop_id: str, token: str, lang: str | None) -> Client:
    """A WebSocket member whose page chose `lang` (the cookie web/app/i18n.js sets), or none."""
    headers = {"Cookie": f"{i18n.COOKIE}={lang}"} if lang else {}
    sock = await websockets.connect(server.ws_url(workshop_id), additional_headers=headers, open_timeout=5)
    client = Client(sock, lang or "default")
    await client.send({"op": "hello", "token": token})
    welcome = await client.expect(lambda m: m.get("t") in ("welcome", "err"))
    assert welcome["t"] == "welcome", welcome
    return client


async def test_a_welsh_member_is_refused_in_welsh_and_an_english_one_in_english(room):
    cy = await speaking(room.server, room.wid, room.ada["token"], "cy")
    en = await speaking(room.server, room.wid, room.ben["token"], None)
    try:
        said_cy = await cy.op("workshop.update", {"title": "Mine now"})
        said_en = await en.op("workshop.update", {"title": "Mine now"})
    finally:
        await cy.close()
        await en.close()
    assert said_en["message"] == FORBIDDEN_EN
    assert said_cy["message"] == FORBIDDEN_CY
    # the wire shape is the same: only the human words differ
    assert {k: v for k, v in said_cy.items() if k not in ("message", "id")} == \
           {k: v for k, v in said_en.items() if k not in ("message", "id")} == {"t": "err", "code": "forbidden"}


async def test_a_refusal_with_numbers_and_a_field_keeps_them_in_welsh(room):
    cy = await speaking(room.server, room.wid, room.ada["token"], "cy")
    try:
        said = await cy.op("card.create", {"board_id": room.board("nww"), "type": "theme", "text": "x" * 600})
    finally:
        await cy.close()
    assert said["code"] == "too_long" and said["field"] == "text", said
    assert said["message"].startswith("Mae lle i ") and "600" in said["message"], said


async def test_the_workshops_default_language_answers_members_who_chose_none(room):
    await room.fac.ok("workshop.update", {"language": "cy"})
    default = await speaking(room.server, room.wid, room.ada["token"], None)
    chose_en = await speaking(room.server, room.wid, room.ben["token"], "en")
    try:
        assert (await default.op("workshop.update", {"title": "Mine"}))["message"] == FORBIDDEN_CY
        assert (await chose_en.op("workshop.update", {"title": "Mine"}))["message"] == FORBIDDEN_EN
        # the connection that was open before the change answers in the new default too
        assert (await room.a.op("workshop.update", {"title": "Mine"}))["message"] == FORBIDDEN_CY
    finally:
        await default.close()
        await chose_en.close()


async def test_the_http_transport_and_the_api_answer_in_the_members_language(room):
    base = f"{room.server.base_url}/api/workshops/{room.wid}"
    auth = {"Authorization": f"Bearer {room.ada['token']}"}
    async with httpx.AsyncClient(headers=auth, timeout=10) as http:
        en = (await http.post(f"{base}/ops", json={"op": "workshop.update", "id": "h1", "args": {"title": "x"}})).json()
        http.cookies.set(i18n.COOKIE, "cy")
        cy = (await http.post(f"{base}/ops", json={"op": "workshop.update", "id": "h2", "args": {"title": "x"}})).json()
        api = await http.get(f"{base}/export.json")  # facilitator only: an ApiError
        unknown = (await http.post(f"{base}/ops", json={"op": "no.such", "id": "h3", "args": {}})).json()
    assert en == {"t": "err", "id": "h1", "code": "forbidden", "message": FORBIDDEN_EN}
    assert cy == {"t": "err", "id": "h2", "code": "forbidden", "message": FORBIDDEN_CY}
    assert api.status_code == 403 and api.json()["code"] == "forbidden"
    assert api.json()["message"] == i18n.gettext("cy", "Only the facilitator can do that.") != \
           "Only the facilitator can do that."
    assert unknown["code"] == "invalid" and unknown["message"] == "Does dim gweithred o’r enw “no.such”."


def test_a_refusal_made_once_is_said_in_each_language():
    r = Rejected("not_found", "That {what} is not here any more. It may have been deleted.", "card_id",
                 what=i18n.Word("card"))
    assert r.message == "That card is not here any more. It may have been deleted."
    assert r.said("cy") == "Nid yw’r cerdyn yma bellach. Efallai fod rhywun wedi’i ddileu."
    assert r.said("en") == r.message and r.code == "not_found" and r.field == "card_id"


async def refused_before_hello(server, workshop_id: str, headers: dict) -> str:
    """What a socket is told when its first frame is not a hello: before the server knows who it is."""
    sock = await websockets.connect(server.ws_url(workshop_id), additional_headers=headers, open_timeout=5)
    client = Client(sock, "before hello")
    try:
        await client.send({"op": "card.create", "id": "x1", "args": {}})
        said = await client.expect(lambda m: m.get("t") == "err")
    finally:
        await client.close()
    assert said["code"] == "unauthorized", said
    return said["message"]


async def test_refusals_before_the_hello_and_before_sign_in_follow_the_request_and_the_workshop(room):
    """Before hello (socket) and before sign-in (HTTP) the server does not know the person yet: it answers in
    the cookie's language, else the workshop's default (its hub is live), else Accept-Language, else English."""
    first_en = "Say hello with your token first."
    first_cy = i18n.gettext("cy", first_en)
    sign_in_en = "Please sign in: this needs your workshop link."
    sign_in_cy = i18n.gettext("cy", sign_in_en)
    assert first_cy != first_en and sign_in_cy != sign_in_en
    base = f"{room.server.base_url}/api/workshops/{room.wid}"

    async def sign_in(headers):
        async with httpx.AsyncClient(timeout=10) as http:
            r = await http.get(f"{base}/export.json", headers=headers)
        assert r.status_code == 401
        return r.json()["message"]

    welsh_browser = {"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}
    assert await refused_before_hello(room.server, room.wid, {}) == first_en
    assert await refused_before_hello(room.server, room.wid, welsh_browser) == first_cy
    assert await refused_before_hello(room.server, room.wid, {**welsh_browser, "Cookie": f"{i18n.COOKIE}=en"}) == first_en
    assert await sign_in({}) == sign_in_en and await sign_in(welsh_browser) == sign_in_cy
    assert await sign_in({**welsh_browser, "Cookie": f"{i18n.COOKIE}=en"}) == sign_in_en
    await room.fac.ok("workshop.update", {"language": "cy"})  # the facilitator's default, ahead of the browser's
    english_browser = {"Accept-Language": "en-GB,en"}
    assert await refused_before_hello(room.server, room.wid, english_browser) == first_cy
    assert await sign_in(english_browser) == sign_in_cy
    assert await refused_before_hello(room.server, room.wid, {"Cookie": f"{i18n.COOKIE}=en"}) == first_en


async def test_a_welsh_refusal_with_a_validation_detail_is_all_welsh_over_http_and_the_socket(room):
    cy = await speaking(room.server, room.wid, room.ada["token"], "cy")
    try:
        by_socket = await cy.op("card.update", {"card_id": "c1", "x": "far"})
    finally:
        await cy.close()
    base = f"{room.server.base_url}/api/workshops/{room.wid}"
    async with httpx.AsyncClient(headers={"Authorization": f"Bearer {room.ada['token']}"}, timeout=10,
                                 cookies={i18n.COOKIE: "cy"}) as http:
        by_http = (await http.post(f"{base}/ops", json={"op": "card.update", "id": "h1",
                                                         "args": {"card_id": "c1", "x": "far"}})).json()
    for said in (by_socket, by_http):
        assert said["code"] == "invalid" and said["field"] == "x", said
        assert said["message"] == "Mae math neu werth y maes “x” yn anghywir: dylai fod yn rhif.", said
