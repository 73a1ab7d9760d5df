"""The language of a refusal does not depend on whether the workshop happens to be live in this process
(issue 13). Before sign-in the server answers in the person's choice, else the workshop's default, else the
browser's; the default used to be known only once the workshop's hub was loaded here, so the same request got
Welsh from one server process and English from another, or after a restart. Now it is read from the store
(Hubs.default_language) when the hub is not live, and a refused request still loads no hub.

Two apps on one database, as two server processes: A has the workshop live, B has not. In process (Starlette's
TestClient runs each app's lifespan and sockets), with B's hubs' clock stepped by hand.
"""
import itertools

import pytest
from starlette.testclient import TestClient

from server.app import create_app
from server.config import Settings
from server.i18n import COOKIE, PAGE_LANGUAGE, gettext

SIGN_IN = "Please sign in: this needs your workshop link."
NOT_VALID = "This sign-in is not valid. Please join the workshop again."
HELLO_REFUSED = "This link or sign-in is not valid for this workshop. Please join again."
ENGLISH_BROWSER = {"Accept-Language": "en-GB,en;q=0.9"}
OP_IDS = itertools.count(1)


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return Settings(_env_file=None, DATABASE_URL=f"sqlite:///{tmp_path / 'coboard.db'}", COBOARD_HEAVY_WORKERS=1)


def set_language(client: TestClient, workshop: dict, language: str) -> None:
    op_id = f"l{next(OP_IDS)}"  # each its own (the same id and args again is answered as a repeat)
    with client.websocket_connect(f"/ws/workshops/{workshop['workshop_id']}") as ws:
        ws.send_json({"op": "hello", "token": workshop["token"]})
        assert ws.receive_json()["t"] == "welcome"
        ws.send_json({"op": "workshop.update", "id": op_id, "args": {"language": language}})
        while (frame := ws.receive_json()).get("id") != op_id:
            pass
        assert frame["t"] == "ack", frame


def refusals(client: TestClient, wid: str, headers: dict) -> list[str]:
    """What three refused ways in say: no sign-in, a token that is not one, a socket's refused hello."""
    said = []
    for auth in ({}, {"Authorization": "Bearer not-a-token"}):
        r = client.get(f"/api/workshops/{wid}/state", headers={**headers, **auth})
        assert r.status_code == 401, r.text
        said.append(r.json()["message"])
    with client.websocket_connect(f"/ws/workshops/{wid}", headers=headers) as ws:
        ws.send_json({"op": "hello", "token": "not-a-token"})
        frame = ws.receive_json()
        assert frame["t"] == "err", frame
        said.append(frame["message"])
    return said


def in_(lang: str) -> list[str]:
    return [gettext(lang, m) for m in (SIGN_IN, NOT_VALID, HELLO_REFUSED)]


def test_a_refusal_is_in_the_workshops_default_language_whether_or_not_its_hub_is_live(settings):
    assert in_("cy") != in_("en")
    with TestClient(create_app(settings)) as a:
        made = a.post("/api/workshops", json={"title": "Gwasanaethau dydd", "facilitator_name": "Siân"})
        assert made.status_code == 201, made.text
        workshop = made.json()
        wid = workshop["workshop_id"]
        set_language(a, workshop, "cy")  # the facilitator's default, ahead of the browser's English
        assert wid in a.app.state.hubs.hubs
        assert refusals(a, wid, ENGLISH_BROWSER) == in_("cy")
        with TestClient(create_app(settings)) as b:  # another server process: the workshop not live there
            hubs = b.app.state.hubs
            clock = hubs.clock = Clock()
            assert refusals(b, wid, ENGLISH_BROWSER) == in_("cy")
            assert wid not in hubs.hubs and not hubs.used  # nothing loaded for a refusal
            # the person's choice and the page's language still come first, without the store asked
            assert refusals(b, wid, {**ENGLISH_BROWSER, "Cookie": f"{COOKIE}=en"}) == in_("en")
            r = b.get(f"/api/workshops/{wid}/state", headers={PAGE_LANGUAGE: "en"})
            assert r.json()["message"] == SIGN_IN
            # the facilitator changes it through A: B reads it again once what it read is old
            set_language(a, workshop, "en")
            clock.now += hubs.LANGUAGE_SECONDS
            assert refusals(b, wid, {"Accept-Language": "cy-GB,cy"}) == in_("en")
            assert refusals(a, wid, {"Accept-Language": "cy-GB,cy"}) == in_("en")
            assert wid not in hubs.hubs and not hubs.used
        set_language(a, workshop, "cy")
    with TestClient(create_app(settings)) as restarted:  # after a restart: the same as before it
        assert refusals(restarted, wid, ENGLISH_BROWSER) == in_("cy")
        assert wid not in restarted.app.state.hubs.hubs


def test_a_workshop_with_no_default_or_none_at_all_answers_in_the_browsers_language(settings):
    with TestClient(create_app(settings)) as client:
        made = client.post("/api/workshops", json={"title": "Day services", "facilitator_name": "Sam"})
        wid = made.json()["workshop_id"]
    with TestClient(create_app(settings)) as client:
        welsh_browser = {"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"}
        assert refusals(client, wid, welsh_browser) == in_("cy")  # no default set: the browser's
        assert refusals(client, wid, {}) == in_("en")
        assert refusals(client, "no-such-workshop", welsh_browser) == in_("cy")
        assert not client.app.state.hubs.hubs
