"""GET /api/workshops/{wid}/state: the member's view, and who may read it."""
import pytest

from .conftest import assert_error, bearer


def state_url(workshop):
    return f"/api/workshops/{workshop['workshop_id']}/state"


def test_state_is_seq_me_and_records(http, workshop):
    r = http.get(state_url(workshop), headers=bearer(workshop["token"]))
    assert r.status_code == 200, r.text
    state = r.json()
    assert set(state) == {"seq", "me", "records"}
    assert isinstance(state["seq"], int) and state["seq"] >= 1
    assert state["me"]["id"] == workshop["participant_id"]
    records = state["records"]
    assert all({"id", "kind", "v"} <= set(r) for r in records)
    assert len({r["id"] for r in records}) == len(records)
    kinds = {r["kind"] for r in records}
    assert {"workshop", "room", "board", "participant"} <= kinds
    assert {r["type"] for r in records if r["kind"] == "board"} >= {"ww", "nww", "iff"}
    assert any(r["kind"] == "room" and r["type"] == "main" for r in records)
    assert next(r for r in records if r["kind"] == "workshop")["join_code"] == workshop["join_code"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": ""}, {"Authorization": "Bearer"},
                                     {"Authorization": "Basic c2FtOnNlY3JldA=="}, {"Authorization": "Bearer nope"}])
def test_no_token_or_a_bad_one_is_unauthorized(http, workshop, headers):
    assert_error(http.get(state_url(workshop), headers=headers), 401, "unauthorized")


def test_the_token_is_read_as_a_bearer_token_only(http, workshop):
    # the facilitator's token must not work by any other way in
    r = http.get(state_url(workshop) + f"?token={workshop['token']}")
    assert_error(r, 401, "unauthorized")
    r = http.get(state_url(workshop), headers={"Authorization": f"bearer {workshop['token']}"})
    assert r.status_code == 200  # the scheme is not case-sensitive


def test_a_token_of_another_workshop_is_forbidden(server, http, workshop):
    other = server.create_workshop("Another", "Kim")
    assert_error(http.get(state_url(workshop), headers=bearer(other["token"])), 403, "forbidden")
    assert_error(http.get("/api/workshops/w_none/state", headers=bearer(other["token"])), 403, "forbidden")


def test_a_participants_view_has_no_join_code(server, http, workshop):
    ada = server.join(workshop, "Ada")
    state = http.get(state_url(workshop), headers=bearer(ada["token"])).json()
    assert state["me"]["role"] == "participant"
    workshop_record = next(r for r in state["records"] if r["kind"] == "workshop")
    assert "join_code" not in workshop_record
    assert workshop["join_code"] not in http.get(state_url(workshop), headers=bearer(ada["token"])).text
