"""Personal data on PostgreSQL + Redis with two processes: a revoked token stops working on both."""
import httpx

from tests.realtime.client import connect


async def test_D1_a_link_made_on_one_process_closes_the_old_tokens_socket_on_the_other(cluster):
    a, b = cluster
    workshop = a.create_workshop("Across processes", "Sam")
    wid = workshop["workshop_id"]
    ada = a.join(workshop, "Ada")
    old, welcome = await connect(b.ws_url(wid), ada["token"], name="ada on b")
    assert welcome["t"] == "welcome"
    made = httpx.post(f"{a.base_url}/api/workshops/{wid}/participants/{ada['participant_id']}/link",
                      headers={"Authorization": f"Bearer {workshop['token']}"}, timeout=10)
    assert made.status_code == 201, made.text
    assert await old.wait_closed(10) == 4401
    for server in (a, b):
        gone = httpx.get(f"{server.base_url}/api/workshops/{wid}/state",
                         headers={"Authorization": f"Bearer {ada['token']}"}, timeout=10)
        assert gone.status_code == 401
        assert server.state(wid, made.json()["token"])["me"]["id"] == ada["participant_id"]
