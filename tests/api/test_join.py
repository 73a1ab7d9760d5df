"""POST /api/workshops/{wid}/join: the answer, each refusal, and the wrong-code limit."""
import httpx
import pytest

from tests.conftest import start_server, stop_server

from .conftest import assert_error, bearer


def join(http, workshop, **body):
    return http.post(f"/api/workshops/{workshop['workshop_id']}/join", json={"join_code": workshop["join_code"], **body})


def test_join_answers_201_as_a_participant(http, workshop):
    r = join(http, workshop, name="Ada")
    assert r.status_code == 201, r.text
    j = r.json()
    assert j["role"] == "participant"
    assert len(j["token"]) >= 22 and j["token"] != workshop["token"]
    assert j["participant_id"] != workshop["participant_id"]
    me = http.get(f"/api/workshops/{workshop['workshop_id']}/state", headers=bearer(j["token"])).json()["me"]
    assert (me["id"], me["name"], me["role"]) == (j["participant_id"], "Ada", "participant")


def test_a_join_is_an_op_everyone_sees(http, workshop):
    url = f"/api/workshops/{workshop['workshop_id']}/state"
    before = http.get(url, headers=bearer(workshop["token"])).json()["seq"]
    j = join(http, workshop, name="Ada").json()
    state = http.get(url, headers=bearer(workshop["token"])).json()
    assert state["seq"] == before + 1
    assert any(r["id"] == j["participant_id"] and r["name"] == "Ada" for r in state["records"])


@pytest.mark.parametrize("name", ["", "   ", "n" * 41])
def test_a_missing_or_overlong_name_is_invalid(http, workshop, name):
    assert_error(join(http, workshop, name=name), 422, "invalid", "name")


def test_a_name_of_40_characters_is_fine_and_kept_trimmed(http, workshop):
    r = join(http, workshop, name="  " + "n" * 40 + " ")
    assert r.status_code == 201, r.text


def test_a_missing_name_or_code_is_invalid(http, workshop):
    url = f"/api/workshops/{workshop['workshop_id']}/join"
    assert_error(http.post(url, json={"join_code": workshop["join_code"]}), 422, "invalid", "name")
    assert_error(http.post(url, json={"name": "Ada"}), 422, "invalid", "join_code")


def test_a_wrong_code_is_forbidden(http, workshop):
    other = "".join("A" if ch != "A" else "B" for ch in workshop["join_code"])
    r = http.post(f"/api/workshops/{workshop['workshop_id']}/join", json={"join_code": other, "name": "Eve"})
    assert_error(r, 403, "forbidden")


@pytest.mark.parametrize("typed", [
    lambda c: c.lower(),
    lambda c: f" {c[:4]} {c[4:]} ",
    lambda c: f"{c[:4].lower()}-{c[4:]}",
])
def test_the_code_may_be_typed_loosely(http, workshop, typed):
    r = http.post(f"/api/workshops/{workshop['workshop_id']}/join",
                  json={"join_code": typed(workshop["join_code"]), "name": "Ada"})
    assert r.status_code == 201, r.text


def test_an_unknown_workshop_is_not_found(http, workshop):
    r = http.post("/api/workshops/w_nothing_here/join", json={"join_code": workshop["join_code"], "name": "Ada"})
    assert_error(r, 404, "not_found")


@pytest.mark.parametrize("perspective", ["manager", "", 3, "Provider"])
def test_an_unknown_perspective_is_invalid(http, workshop, perspective):
    assert_error(join(http, workshop, name="Ada", perspective=perspective), 422, "invalid", "perspective")


@pytest.mark.parametrize("perspective", ["lived_experience", "provider", "commissioner", "other", None])
def test_each_perspective_is_accepted(http, workshop, perspective):
    assert join(http, workshop, name="Ada", perspective=perspective).status_code == 201


def test_a_perspective_is_seen_by_the_facilitator_only(http, workshop):
    ada = join(http, workshop, name="Ada", perspective="lived_experience").json()
    ben = join(http, workshop, name="Ben").json()
    url = f"/api/workshops/{workshop['workshop_id']}/state"

    staff = http.get(url, headers=bearer(workshop["token"])).json()
    seen = {r["id"]: r.get("perspective") for r in staff["records"] if r["kind"] == "participant"}
    assert seen[ada["participant_id"]] == "lived_experience"

    for token in (ada["token"], ben["token"]):
        view = http.get(url, headers=bearer(token)).json()
        people = [r for r in view["records"] if r["kind"] == "participant"]
        assert len(people) == 3
        assert all("perspective" not in p for p in people)
        assert "perspective" not in view["me"]
        assert "lived_experience" not in str(view)


def test_repeated_wrong_codes_are_rate_limited(tmp_path):
    live = start_server(tmp_path, extra_env={"COBOARD_JOIN_FAILURES_PER_MINUTE": "3"})
    try:
        w = live.create_workshop()
        url = f"{live.base_url}/api/workshops/{w['workshop_id']}/join"
        wrong = {"join_code": "WRONG234", "name": "Eve"}
        assert [httpx.post(url, json=wrong).status_code for _ in range(3)] == [403, 403, 403]
        assert_error(httpx.post(url, json=wrong), 429, "rate_limited")
        # while the limit lasts, guessing with the right code from here does not get through either
        assert_error(httpx.post(url, json={"join_code": w["join_code"], "name": "Eve"}), 429, "rate_limited")
        # guessing workshop ids counts too
        assert_error(httpx.post(f"{live.base_url}/api/workshops/w_guess/join", json=wrong), 429, "rate_limited")
    finally:
        stop_server(live)
