"""Joining by code alone: POST /api/join/lookup, the `/join` page, codes unique among open workshops,
and no join code in a logged query string (issue 10)."""
import asyncio
import time

import httpx
import pytest

from server import clock
from server.api.workshops import open_workshop
from server.config import Settings
from server.exports.restore import export_document, restore_workshop
from server.services import open_services
from tests.conftest import start_server, stop_server

from .conftest import assert_error


def lookup(http, code):
    return http.post("/api/join/lookup", json={"join_code": code})


def test_a_code_alone_finds_its_workshop(http, workshop, server):
    r = lookup(http, workshop["join_code"])
    assert r.status_code == 200, r.text
    assert r.json() == {"workshop_id": workshop["workshop_id"], "title": "Day services review"}
    # what the join page does next: the first name, with the code it was given
    joined = http.post(f"/api/workshops/{r.json()['workshop_id']}/join",
                       json={"join_code": workshop["join_code"], "name": "Ada"})
    assert joined.status_code == 201, joined.text


@pytest.mark.parametrize("typed", [
    lambda c: c.lower(),
    lambda c: f" {c[:4]} {c[4:]} ",
    lambda c: f"{c[:4].lower()}-{c[4:]}",
])
def test_the_code_may_be_typed_loosely(http, workshop, typed):
    r = lookup(http, typed(workshop["join_code"]))
    assert r.status_code == 200, r.text
    assert r.json()["workshop_id"] == workshop["workshop_id"]


def test_an_unknown_code_is_not_found_in_plain_words(http, workshop):
    other = "".join("A" if ch != "A" else "B" for ch in workshop["join_code"])
    body = assert_error(lookup(http, other), 404, "not_found", "join_code")
    assert "No open workshop has this code" in body["message"]
    # LIKE wildcards and other characters are not codes: they find nothing, never everything
    assert_error(lookup(http, "%"), 422, "invalid", "join_code")
    assert_error(lookup(http, "_" * 8), 422, "invalid", "join_code")
    assert_error(lookup(http, "A%B_C"), 404, "not_found", "join_code")


def test_a_missing_or_empty_code_is_invalid(http):
    assert_error(http.post("/api/join/lookup", json={}), 422, "invalid", "join_code")
    assert_error(lookup(http, " - "), 422, "invalid", "join_code")


def test_the_join_page_is_served_at_the_short_address(http):
    r = http.get("/join")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["cache-control"] == "no-cache"


def test_unknown_codes_are_rate_limited_like_wrong_codes_at_join(tmp_path):
    live = start_server(tmp_path, extra_env={"COBOARD_JOIN_FAILURES_PER_MINUTE": "3"})
    try:
        w = live.create_workshop()
        url = f"{live.base_url}/api/join/lookup"
        assert [httpx.post(url, json={"join_code": "WRONG234"}).status_code for _ in range(3)] == [404, 404, 404]
        assert_error(httpx.post(url, json={"join_code": "WRONG234"}), 429, "rate_limited")
        # while the limit lasts, the right code does not get through from here either, nor does a join
        assert_error(httpx.post(url, json={"join_code": w["join_code"]}), 429, "rate_limited")
        assert_error(httpx.post(f"{live.base_url}/api/workshops/{w['workshop_id']}/join",
                                json={"join_code": w["join_code"], "name": "Eve"}), 429, "rate_limited")
    finally:
        stop_server(live)


def test_join_links_carry_the_code_in_the_fragment_and_no_code_is_logged(server, http):
    w = server.create_workshop("Logged?")
    assert "#code=" in w["join_url"] and "?" not in w["join_url"]
    assert lookup(http, w["join_code"]).status_code == 200
    assert http.get("/join").status_code == 200
    assert http.get(w["join_url"]).status_code == 200  # the fragment is not sent
    server.join(w, "Ada")
    marker = "POST /api/join/lookup"
    deadline = time.monotonic() + 5
    while marker not in server.log() and time.monotonic() < deadline:
        time.sleep(0.05)
    log = server.log()
    assert marker in log
    assert w["join_code"] not in log


def test_join_codes_are_unique_among_open_workshops(tmp_path, monkeypatch):
    """A fresh code is drawn until no stored workshop has it: at creation and at a restore."""
    async def scenario():
        settings = Settings(database_url=f"sqlite:///{tmp_path / 'codes.db'}")
        async with open_services(settings) as services:
            first = await open_workshop(services, "First", None, "Sam")
            # the random source repeats the first workshop's code twice before giving a new one
            drawn = iter([first["join_code"], first["join_code"], "NEWCODE2", first["join_code"], "NEWCODE3"])
            monkeypatch.setattr(clock, "new_join_code", lambda: next(drawn))
            second = await open_workshop(services, "Second", None, "Ana")
            assert second["join_code"] == "NEWCODE2"
            hub = await services.hubs.get(first["workshop_id"])
            restored = await restore_workshop(services, await export_document(hub, services.snapshots))
            assert restored["join_code"] == "NEWCODE3"
            for w in (first, second, restored):
                assert await services.store.workshops_with_join_code(w["join_code"]) == [w["workshop_id"]]
    asyncio.run(scenario())
