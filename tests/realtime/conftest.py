"""Realtime fixtures: one real server for this package, WebSocket clients closed after each test."""
from dataclasses import dataclass

import pytest

from tests.conftest import LiveServer, start_server, stop_server

from .client import Client, connect

# Every test makes its own workshop; the server-wide HTTP limits are raised so that the many
# creates and joins of one test run (all from 127.0.0.1) are not refused. The per-connection
# WebSocket limits stay at their defaults: they are under test here.
SHARED_ENV = {"COBOARD_CREATES_PER_MINUTE": "100000", "COBOARD_JOIN_FAILURES_PER_MINUTE": "100000"}


@pytest.fixture(scope="package")
def server(tmp_path_factory) -> LiveServer:
    live = start_server(tmp_path_factory.mktemp("realtime"), extra_env=SHARED_ENV)
    yield live
    stop_server(live)


@pytest.fixture
async def ws(server):
    """`await ws(workshop_id, token, since=None, name="")` → (Client, welcome); closed after the test."""
    opened: list[Client] = []

    async def open_client(workshop_id, token, since=None, name="", hello=True):
        client, welcome = await connect(server.ws_url(workshop_id), token, since, name, hello)
        opened.append(client)
        return client, welcome

    yield open_client
    for client in opened:
        try:
            await client.close()
        except Exception:
            pass


@dataclass
class Room:
    """A workshop with a facilitator and two participants (Ada, Ben), all three connected."""

    server: LiveServer
    workshop: dict
    ada: dict
    ben: dict
    fac: Client
    a: Client
    b: Client
    welcomes: dict

    @property
    def wid(self) -> str:
        return self.workshop["workshop_id"]

    def board(self, board_type: str) -> str:
        return next(r["id"] for r in self.welcomes["fac"]["records"]
                    if r["kind"] == "board" and r["type"] == board_type)

    def state(self, token: str | None = None) -> dict:
        return self.server.state(self.wid, token or self.workshop["token"])


@pytest.fixture
async def room(server, ws) -> Room:
    workshop = server.create_workshop("Day services review", "Sam", purpose="What matters to people")
    ada = server.join(workshop, "Ada", perspective="lived_experience")
    ben = server.join(workshop, "Ben", perspective="provider")
    wid = workshop["workshop_id"]
    fac, wf = await ws(wid, workshop["token"], name="fac")
    a, wa = await ws(wid, ada["token"], name="ada")
    b, wb = await ws(wid, ben["token"], name="ben")
    for welcome in (wf, wa, wb):
        assert welcome and welcome["t"] == "welcome", welcome
    return Room(server, workshop, ada, ben, fac, a, b, {"fac": wf, "ada": wa, "ben": wb})
