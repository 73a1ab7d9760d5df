"""A member's request is answered even when the workshop's hub is dropped while the request is being signed
in (issue 12: idle hubs are evicted, LRU). Signing in waits on the database (`Hub.catch_up`) and the bus; an
idle hub can be evicted meanwhile, its records let go. The request then loads the workshop again rather than
calling its member "not here any more" (a 404 seen in tests/scale with one live workshop a process).

In process (Starlette's TestClient runs the app's lifespan), with the eviction made to happen exactly while
the request waits on the store: the real store answers, and the real eviction drops the real hub.
"""
import pytest
from starlette.testclient import TestClient

from server.app import create_app
from server.config import Settings


@pytest.fixture
def app_client(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings(_env_file=None, DATABASE_URL=f"sqlite:///{tmp_path / 'coboard.db'}",
                        COBOARD_HEAVY_WORKERS=1)
    with TestClient(create_app(settings)) as client:
        yield client


def test_a_hub_evicted_while_its_member_signs_in_is_loaded_again(app_client):
    client, hubs = app_client, app_client.app.state.hubs
    made = client.post("/api/workshops", json={"title": "Evicted", "facilitator_name": "Sam"})
    assert made.status_code == 201, made.text
    workshop = made.json()
    wid = workshop["workshop_id"]
    joined = client.post(f"/api/workshops/{wid}/join", json={"join_code": workshop["join_code"], "name": "Ada"})
    assert joined.status_code == 201, joined.text
    ada = joined.json()
    first = hubs.live(wid)
    assert first is not None and first.idle()

    store, evicted = hubs.store, []
    real_current_seq = store.current_seq

    async def current_seq_while_evicting(workshop_id):
        seq = await real_current_seq(workshop_id)
        if not evicted:  # once: as if another request's touch had swept this idle hub out meanwhile
            hubs.used[workshop_id] = hubs.clock() - 10 ** 6
            evicted.extend(hubs.evict())
        return seq

    store.current_seq = current_seq_while_evicting
    try:
        r = client.get(f"/api/workshops/{wid}/state", headers={"Authorization": f"Bearer {ada['token']}"})
    finally:
        store.current_seq = real_current_seq
    assert evicted == [wid] and first.dropped  # the hub really was dropped during the sign-in
    assert r.status_code == 200, r.text
    names = {rec.get("name") for rec in r.json()["records"] if rec.get("kind") == "participant"}
    assert "Ada" in names
    assert hubs.live(wid) is not None and hubs.live(wid) is not first  # loaded again, and live
