"""POST /api/workshops: the answer, each refusal, the admin key and the create limit."""
import re

import httpx
import pytest

from tests.conftest import start_server, stop_server

from .conftest import assert_error, bearer

URLSAFE = re.compile(r"^[A-Za-z0-9_-]+$")


def test_create_answers_201_with_links_and_the_facilitators_token(server, http):
    r = http.post("/api/workshops", json={"title": "Day services", "purpose": "Listen", "facilitator_name": "Sam"})
    assert r.status_code == 201, r.text
    w = r.json()
    assert set(w) >= {"workshop_id", "join_code", "join_url", "board_url", "participant_id", "token"}
    assert len(w["token"]) >= 22 and URLSAFE.match(w["token"])  # at least 128 bits
    assert w["join_url"] == f"{server.base_url}/w/{w['workshop_id']}/join#code={w['join_code']}"
    assert w["board_url"] == f"{server.base_url}/w/{w['workshop_id']}#token={w['token']}"

    state = http.get(f"/api/workshops/{w['workshop_id']}/state", headers=bearer(w["token"])).json()
    assert state["me"]["id"] == w["participant_id"]
    assert state["me"]["role"] == "facilitator" and state["me"]["name"] == "Sam"
    workshop = next(r for r in state["records"] if r["kind"] == "workshop")
    assert (workshop["title"], workshop["purpose"], workshop["join_code"]) == ("Day services", "Listen", w["join_code"])


def test_every_create_gets_new_ids_codes_and_tokens(server):
    a, b = server.create_workshop(), server.create_workshop()
    for key in ("workshop_id", "join_code", "token", "participant_id"):
        assert a[key] != b[key], key


@pytest.mark.parametrize("body, field", [
    ({"facilitator_name": "Sam"}, "title"),
    ({"title": "Day services"}, "facilitator_name"),
    ({"title": "   ", "facilitator_name": "Sam"}, "title"),
    ({"title": "Day services", "facilitator_name": ""}, "facilitator_name"),
    ({"title": "t" * 121, "facilitator_name": "Sam"}, "title"),
    ({"title": 5, "facilitator_name": "Sam"}, "title"),
    ({"title": "Day services", "facilitator_name": "n" * 41}, "facilitator_name"),
    ({"title": "Day services", "purpose": "p" * 2001, "facilitator_name": "Sam"}, "purpose"),
])
def test_create_refuses_a_missing_or_bad_field(http, body, field):
    assert_error(http.post("/api/workshops", json=body), 422, "invalid", field)


def test_a_title_of_120_characters_is_fine(http):
    r = http.post("/api/workshops", json={"title": "t" * 120, "facilitator_name": "Sam"})
    assert r.status_code == 201, r.text


@pytest.mark.parametrize("content", [b"title=x&facilitator_name=y", b"{not json", b"[1, 2]", b'"a string"', b""])
def test_a_body_that_is_not_a_json_object_is_invalid(http, content):
    r = http.post("/api/workshops", content=content, headers={"Content-Type": "application/json"})
    assert_error(r, 422, "invalid")


def test_a_body_over_64_kib_is_too_large(http):
    r = http.post("/api/workshops", json={"title": "x" * (64 * 1024), "facilitator_name": "Sam"})
    assert_error(r, 413, "too_large")


def test_a_streamed_body_over_64_kib_is_too_large(http):
    """Without a Content-Length (chunked upload) the limit holds all the same."""
    def chunks():
        yield b'{"title": "'
        for _ in range(80):
            yield b"x" * 1024
        yield b'", "facilitator_name": "Sam"}'

    r = http.post("/api/workshops", content=chunks(), headers={"Content-Type": "application/json"})
    assert_error(r, 413, "too_large")


def test_a_refused_create_leaves_no_workshop_behind(server, http):
    import sqlite3
    before = sqlite3.connect(server.db_path).execute("select count(*) from workshops").fetchone()[0]
    assert http.post("/api/workshops", json={"title": "t" * 121, "facilitator_name": "Sam"}).status_code == 422
    after = sqlite3.connect(server.db_path).execute("select count(*) from workshops").fetchone()[0]
    assert after == before


@pytest.fixture(scope="module")
def admin_server(tmp_path_factory):
    live = start_server(tmp_path_factory.mktemp("admin"), extra_env={"COBOARD_ADMIN_KEY": "k-secret"})
    yield live
    stop_server(live)


def test_with_an_admin_key_set_creating_needs_it(admin_server):
    body = {"title": "Day services", "facilitator_name": "Sam"}
    url = f"{admin_server.base_url}/api/workshops"
    assert_error(httpx.post(url, json=body), 401, "unauthorized")
    assert_error(httpx.post(url, json=body, headers={"X-Admin-Key": "wrong"}), 403, "forbidden")
    assert_error(httpx.post(url, json=body, headers={"X-Admin-Key": ""}), 401, "unauthorized")
    r = httpx.post(url, json=body, headers={"X-Admin-Key": "k-secret"})
    assert r.status_code == 201, r.text
    # joining needs the join code only, never the admin key
    w = r.json()
    joined = httpx.post(f"{admin_server.base_url}/api/workshops/{w['workshop_id']}/join",
                        json={"join_code": w["join_code"], "name": "Ada"})
    assert joined.status_code == 201, joined.text


def test_too_many_creates_are_rate_limited(tmp_path):
    live = start_server(tmp_path, extra_env={"COBOARD_CREATES_PER_MINUTE": "2"})
    try:
        body = {"title": "Day services", "facilitator_name": "Sam"}
        url = f"{live.base_url}/api/workshops"
        assert [httpx.post(url, json=body).status_code for _ in range(2)] == [201, 201]
        refused = httpx.post(url, json=body)
        assert_error(refused, 429, "rate_limited")
        # the limit's own wait: one create back every 30 s, less what this test took (test_limit_waits: exactly)
        assert 1 <= int(refused.headers["retry-after"]) <= 30
    finally:
        stop_server(live)
