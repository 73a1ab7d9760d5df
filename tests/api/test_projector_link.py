"""POST /api/workshops/{wid}/projector: facilitators and tech hosts make the big screen's link (issue 10)."""
import httpx

from .conftest import assert_error, bearer
from .data_helpers import do_op


def projector_link(http, workshop, token):
    return http.post(f"/api/workshops/{workshop['workshop_id']}/projector", headers=bearer(token))


def test_a_tech_host_can_make_a_projector_link(server, http, workshop):
    host = server.join(workshop, "Hana")
    do_op(server, workshop["workshop_id"], workshop["token"], "participant.set_role",
          participant_id=host["participant_id"], role="host")
    r = projector_link(http, workshop, host["token"])
    assert r.status_code == 201, r.text
    link = r.json()
    assert link["role"] == "projector" and link["url"].endswith(f"/w/{workshop['workshop_id']}#token={link['token']}")
    me = server.state(workshop["workshop_id"], link["token"])["me"]
    assert me["role"] == "projector"


def test_the_facilitator_can_too_and_participants_cannot(server, http, workshop):
    assert projector_link(http, workshop, workshop["token"]).status_code == 201
    ada = server.join(workshop, "Ada")
    assert_error(projector_link(http, workshop, ada["token"]), 403, "forbidden")
    assert_error(httpx.post(f"{server.base_url}/api/workshops/{workshop['workshop_id']}/projector"), 401,
                 "unauthorized")
