"""`POST /api/workshops/{wid}/participants/{pid}/link` and `coboard link`."""
import re

import httpx

from tests.api.conftest import assert_error, bearer
from tests.api.test_cli import coboard
from tests.conftest import start_server, stop_server


def link(http, wid, pid, token):
    return http.post(f"/api/workshops/{wid}/participants/{pid}/link", headers=bearer(token))


def test_participant_link_answers_a_new_token_and_url_and_the_old_token_is_refused(server, http, workshop):
    wid = workshop["workshop_id"]
    ada = server.join(workshop, "Ada")
    made = link(http, wid, ada["participant_id"], workshop["token"])
    assert made.status_code == 201, made.text
    body = made.json()
    assert set(body) == {"participant_id", "token", "url"} and body["participant_id"] == ada["participant_id"]
    assert body["token"] != ada["token"] and len(body["token"]) >= 22
    assert body["url"].endswith(f"/w/{wid}#token={body['token']}")
    assert_error(http.get(f"/api/workshops/{wid}/state", headers=bearer(ada["token"])), 401, "unauthorized")
    assert server.state(wid, body["token"])["me"]["id"] == ada["participant_id"]
    # the facilitator's own token still works, and a second link replaces the first
    again = link(http, wid, ada["participant_id"], workshop["token"]).json()
    assert_error(http.get(f"/api/workshops/{wid}/state", headers=bearer(body["token"])), 401, "unauthorized")
    assert server.state(wid, again["token"])["me"]["id"] == ada["participant_id"]
    # the event log never holds the token
    assert body["token"] not in server.log() and again["token"] not in server.log()


def test_participant_link_is_for_the_facilitator_only(server, http, workshop):
    wid = workshop["workshop_id"]
    ada, ben = server.join(workshop, "Ada"), server.join(workshop, "Ben")
    assert_error(link(http, wid, ben["participant_id"], ada["token"]), 403, "forbidden")
    assert_error(link(http, wid, "p-nobody", workshop["token"]), 404, "not_found")
    assert_error(link(http, wid, ben["participant_id"], "not-a-token"), 401, "unauthorized")
    other = server.create_workshop("Another", "Kim")
    assert_error(link(http, wid, ben["participant_id"], other["token"]), 403, "forbidden")
    assert server.state(wid, ben["token"])["me"]["id"] == ben["participant_id"]  # nothing changed


def test_participant_link_from_the_command_line_beside_a_running_server(tmp_path):
    server = start_server(tmp_path)
    try:
        workshop = server.create_workshop("Command line", "Sam")
        wid = workshop["workshop_id"]
        done = coboard(server, "link", wid, "--port", server.base_url.rsplit(":", 1)[1])
        assert done.returncode == 0, done.stderr
        url = re.search(r"(http\S+)", done.stdout).group(1)
        new_wid, token = re.search(r"/w/([^#]+)#token=(\S+)", url).groups()
        assert new_wid == wid
        me = server.state(wid, token)["me"]
        assert me["id"] == workshop["participant_id"] and me["role"] == "facilitator"
        r = httpx.get(f"{server.base_url}/api/workshops/{wid}/state", headers=bearer(workshop["token"]))
        assert r.status_code == 401
        missing = coboard(server, "link", "w_nope")
        assert missing.returncode != 0 and "no workshop" in missing.stderr
    finally:
        stop_server(server)
