"""PostgreSQL restarted under two processes: while it is down an op is answered `unavailable` at once
(not left hanging, the connection stays open, nothing changes), as a hello is; once it is back, ops and hellos are served again and nothing acknowledged before is lost."""
import asyncio
import time

from tests.realtime.client import connect, is_t
from tests.scale.conftest import MANY, start_servers, stop_server


async def test_ops_get_a_clear_err_while_postgres_is_down_and_are_served_when_it_is_back(tmp_path, own_postgres,
                                                                                          redis_url):
    servers = start_servers(tmp_path, {"DATABASE_URL": own_postgres.new_database(), "REDIS_URL": redis_url,
                                       **MANY}, 2)
    try:
        a, b = servers
        workshop = a.create_workshop("Restart", "Sam")
        wid = workshop["workshop_id"]
        ada = a.join(workshop, "Ada")
        fac, welcome = await connect(a.ws_url(wid), workshop["token"], name="fac")
        par, _ = await connect(b.ws_url(wid), ada["token"], name="ada")
        ww = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "ww")
        before = await fac.ok("card.create", {"board_id": ww, "type": "note", "text": "before the restart"})

        own_postgres.stop()
        for client in (fac, par):
            answer = await client.op("card.create", {"board_id": ww, "type": "note", "text": "while it is down"},
                                     timeout=20)
            assert answer["t"] == "err", answer
            assert answer["code"] == "unavailable" and "database" in answer["message"], answer
            assert not client.closed
        # a second try is refused the same way: nothing hangs behind the first
        again = await par.op("card.update", {"card_id": before["result"]["card_id"], "text": "changed"}, timeout=20)
        assert again["t"] == "err" and again["code"] == "unavailable", again
        # a hello now (a phone reconnecting) is told the board cannot be reached, and may say hello again
        late = await connect(b.ws_url(wid), hello=False)
        await late[0].send({"op": "hello", "token": ada["token"], "since": before["seq"]})
        refused = await late[0].expect(lambda m: m.get("t") in ("welcome", "err"), 20, "an answer to the hello")
        assert refused["t"] == "err" and refused["code"] == "unavailable", refused
        assert not late[0].closed

        own_postgres.start()
        served = None
        deadline = time.monotonic() + 30
        while served is None and time.monotonic() < deadline:
            answer = await par.op("card.create", {"board_id": ww, "type": "note", "text": "after the restart"},
                                  timeout=20)
            if answer["t"] == "ack":
                served = answer
            else:
                assert answer["code"] == "unavailable", answer
                await asyncio.sleep(0.5)
        assert served is not None, "ops were not served again within 30 s of PostgreSQL coming back"
        assert served["seq"] == before["seq"] + 1  # the refused ops left no trace
        seen = await fac.expect(is_t("ev", seq=served["seq"]), 10, "the op after the restart, over Redis")
        assert seen["put"][0]["text"] == "after the restart"
        texts = {r.get("text") for r in a.state(wid, workshop["token"])["records"] if r["kind"] == "card"}
        assert {"before the restart", "after the restart"} <= texts
        assert "while it is down" not in texts and "changed" not in texts
        await late[0].send({"op": "hello", "token": ada["token"], "since": before["seq"]})  # the same socket
        welcomed = await late[0].expect(lambda m: m.get("t") in ("welcome", "err"), 10, "a welcome this time")
        assert welcomed["t"] == "welcome" and welcomed["seq"] == served["seq"], welcomed
        await late[0].close()
        await fac.close()
        await par.close()
    finally:
        for server in servers:
            stop_server(server)
