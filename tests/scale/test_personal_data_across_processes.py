"""Personal data on PostgreSQL + Redis with two processes: a revoked token stops working on both."""
import httpx

from tests.realtime.client import connect


async def test_D1_a_link_made_on_one_process_closes_the_old_tokens_socket_on_the_other(pair):
    a, b = pair
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


async def test_D3_an_erasure_on_one_process_leaves_the_name_out_of_the_others_replays_too(pair):
    a, b = pair
    workshop = a.create_workshop("Across processes", "Sam")
    wid, token = workshop["workshop_id"], workshop["token"]
    zee = a.join(workshop, "Zephyrine")
    socket, welcome = await connect(b.ws_url(wid), zee["token"], name="zee on b")
    nww = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "nww")
    await socket.ok("chat.send", {"text": "Zephyrine says hello"})
    await socket.ok("card.create", {"board_id": nww, "type": "note", "text": "kept on the board"})
    watcher, _ = await connect(b.ws_url(wid), token, name="fac on b")  # b holds the events in memory
    done = httpx.post(f"{a.base_url}/api/workshops/{wid}/participants/{zee['participant_id']}/erase",
                      headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert done.status_code == 200, done.text
    assert await socket.wait_closed(10) == 4401
    await watcher.expect(lambda m: m.get("t") == "ev" and m.get("op") == "participant.erase", 10, "the erasure")
    for server in (a, b):
        again, welcome = await connect(server.ws_url(wid), token, since=0)
        assert "Zephyrine" not in str(welcome) and "kept on the board" in str(welcome)
        await again.close()
        assert "Zephyrine" not in str(server.state(wid, token))
    await watcher.close()


async def test_D4_a_deleted_workshop_is_gone_from_every_process(pair):
    a, b = pair
    workshop = a.create_workshop("Across processes", "Sam")
    wid, token = workshop["workshop_id"], workshop["token"]
    ada = a.join(workshop, "Ada")
    socket, _ = await connect(b.ws_url(wid), ada["token"], name="ada on b")
    gone = httpx.delete(f"{a.base_url}/api/workshops/{wid}", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert gone.status_code == 204
    assert await socket.wait_closed(10) == 4404
    for server in (a, b):
        assert httpx.get(f"{server.base_url}/api/workshops/{wid}/state",
                         headers={"Authorization": f"Bearer {token}"}, timeout=10).status_code == 401
        joined = httpx.post(f"{server.base_url}/api/workshops/{wid}/join",
                            json={"join_code": workshop["join_code"], "name": "Late"}, timeout=10)
        assert joined.status_code == 404
