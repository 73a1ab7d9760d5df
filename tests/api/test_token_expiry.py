"""Tokens that expire with the workshop's retention (issue 12, COBOARD_TOKENS_EXPIRE): the clock moved on
(server/clock.py COBOARD_CLOCK_SHIFT_DAYS) by restarting the same server on the same database."""
import json

import httpx
from websockets.sync.client import connect

from tests.api.conftest import bearer
from tests.api.data_helpers import do_op
from tests.conftest import start_server, stop_server

ERASE_DAYS = {"COBOARD_RETENTION_ERASE_DAYS": "30", "COBOARD_RETENTION_DELETE_DAYS": "90"}


def state_answer(server, wid: str, token: str) -> httpx.Response:
    return httpx.get(f"{server.base_url}/api/workshops/{wid}/state", headers=bearer(token), timeout=10)


def hello(server, wid: str, token: str) -> dict:
    with connect(server.ws_url(wid), open_timeout=10) as ws:
        ws.send(json.dumps({"op": "hello", "token": token}))
        return json.loads(ws.recv(timeout=10))


def test_tokens_stop_working_after_the_workshops_retention_when_set(tmp_path):
    server = start_server(tmp_path, {**ERASE_DAYS, "COBOARD_TOKENS_EXPIRE": "1"})
    try:
        short = server.create_workshop("Kept 30 days", "Sam")
        ada = server.join(short, "Ada")
        own = server.create_workshop("Kept 60 days", "Kim")
        do_op(server, own["workshop_id"], own["token"], "workshop.update", erase_after_days=60, delete_after_days=90)
        assert state_answer(server, short["workshop_id"], ada["token"]).status_code == 200
    finally:
        stop_server(server)

    def moved(days: int, **env):
        return start_server(tmp_path, {**ERASE_DAYS, "COBOARD_CLOCK_SHIFT_DAYS": str(days), **env})

    server = moved(29, COBOARD_TOKENS_EXPIRE="1")  # the day before: every token still works
    try:
        assert state_answer(server, short["workshop_id"], ada["token"]).status_code == 200
        assert hello(server, short["workshop_id"], short["token"])["t"] == "welcome"
    finally:
        stop_server(server)

    server = moved(31, COBOARD_TOKENS_EXPIRE="1")  # past the erase date, before any job erased anyone
    try:
        for token in (ada["token"], short["token"]):
            r = state_answer(server, short["workshop_id"], token)
            assert r.status_code == 401 and "expired" in r.json()["message"], r.text
            frame = hello(server, short["workshop_id"], token)
            assert frame["t"] == "err" and frame["code"] == "unauthorized" and "expired" in frame["message"]
        restore = httpx.post(f"{server.base_url}/api/workshops/restore", headers=bearer(short["token"]),
                             content=b"{}", timeout=10)
        assert restore.status_code == 401 and "expired" in restore.json()["message"]
        # a workshop that keeps its data longer keeps its tokens longer
        assert state_answer(server, own["workshop_id"], own["token"]).status_code == 200
        # no token is written to the log
        assert ada["token"] not in server.log() and short["token"] not in server.log()
    finally:
        stop_server(server)

    server = moved(31)  # the expiry is optional: unset, tokens work until the job erases the people
    try:
        assert state_answer(server, short["workshop_id"], ada["token"]).status_code == 200
    finally:
        stop_server(server)
