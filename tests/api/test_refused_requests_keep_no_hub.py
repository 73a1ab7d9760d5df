"""A refused request (401, 403, 404, a socket's refused hello) does not keep a workshop live: its hub keeps
its place in the least-recently-used order (`Hubs.used`), so the eviction drops it as if the request had
never come (issue 12: idle hubs are evicted, LRU). An accepted request moves it to the back.

In process (Starlette's TestClient runs the app's lifespan and its sockets), with the hubs' clock
stepped by hand: the order is read from the hubs, not timed.
"""
import pytest
from starlette.testclient import TestClient

from server.app import create_app
from server.config import Settings


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def app_client(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings(_env_file=None, DATABASE_URL=f"sqlite:///{tmp_path / 'coboard.db'}",
                        COBOARD_MAX_LIVE_WORKSHOPS=2, COBOARD_HEAVY_WORKERS=1)
    with TestClient(create_app(settings)) as client:
        clock = client.app.state.hubs.clock = Clock()
        yield client, client.app.state.hubs, clock


def create(client, clock, title: str) -> dict:
    clock.now += 60
    made = client.post("/api/workshops", json={"title": title, "facilitator_name": "Sam"})
    assert made.status_code == 201, made.text
    return made.json()


def wrong_code(client, wid: str):
    return client.post(f"/api/workshops/{wid}/join", json={"join_code": "WRONG234", "name": "Mallory"})


def refused_requests(client, w1: dict, w2: dict, ada: dict) -> list[int]:
    """Every way in to w1 that is refused; the statuses they got."""
    wid = w1["workshop_id"]
    statuses = [
        client.get(f"/api/workshops/{wid}/state").status_code,  # no sign-in
        client.get(f"/api/workshops/{wid}/state", headers={"Authorization": "Bearer not-a-token"}).status_code,
        client.get(f"/api/workshops/{wid}/state",  # another workshop's sign-in
                   headers={"Authorization": f"Bearer {w2['token']}"}).status_code,
        client.get(f"/api/workshops/{wid}/export.json",  # a participant at a facilitator's door
                   headers={"Authorization": f"Bearer {ada['token']}"}).status_code,
        client.post(f"/api/workshops/{wid}/participants/nobody/erase",
                    headers={"Authorization": f"Bearer {ada['token']}"}).status_code,
        client.get(f"/api/workshops/{wid}/retention", headers={"Authorization": f"Bearer {ada['token']}"}).status_code,
        client.get(f"/api/workshops/{wid}/join-info", headers={"Authorization": f"Bearer {ada['token']}"}).status_code,
        wrong_code(client, wid).status_code,
    ]
    for token in ("not-a-token", w2["token"]):  # a socket whose hello is refused
        with client.websocket_connect(f"/ws/workshops/{wid}") as ws:
            ws.send_json({"op": "hello", "token": token})
            assert ws.receive_json()["t"] == "err"
    return statuses


def test_refused_requests_leave_a_hub_first_in_line_for_eviction(app_client):
    client, hubs, clock = app_client
    w1 = create(client, clock, "First")
    ada = client.post(f"/api/workshops/{w1['workshop_id']}/join",
                      json={"join_code": w1["join_code"], "name": "Ada"})
    assert ada.status_code == 201, ada.text
    w2 = create(client, clock, "Second")
    assert list(hubs.used) == [w1["workshop_id"], w2["workshop_id"]]
    clock.now += 60
    assert refused_requests(client, w1, w2, ada.json()) == [401, 401, 403, 403, 403, 403, 403, 403]
    assert list(hubs.used) == [w1["workshop_id"], w2["workshop_id"]]  # w1 still the least recently used
    w3 = create(client, clock, "Third")  # over the cap of 2: the least recently used goes
    assert set(hubs.hubs) == {w2["workshop_id"], w3["workshop_id"]}
    # a refused request that loads a workshop again leaves it first in line, not last
    clock.now += 60
    assert wrong_code(client, w1["workshop_id"]).status_code == 403
    assert list(hubs.used) == [w1["workshop_id"], w2["workshop_id"], w3["workshop_id"]]


def test_an_accepted_request_moves_the_hub_to_the_back(app_client):
    """The other half: the same eviction drops w2 once w1 was used for real (so the test above can fail)."""
    client, hubs, clock = app_client
    w1, w2 = create(client, clock, "First"), create(client, clock, "Second")
    clock.now += 60
    state = client.get(f"/api/workshops/{w1['workshop_id']}/state", headers={"Authorization": f"Bearer {w1['token']}"})
    assert state.status_code == 200
    assert list(hubs.used) == [w2["workshop_id"], w1["workshop_id"]]
    w3 = create(client, clock, "Third")
    assert set(hubs.hubs) == {w1["workshop_id"], w3["workshop_id"]}
