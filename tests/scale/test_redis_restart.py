"""Redis restarted under two processes: ops keep committing on PostgreSQL while it is down, and once it
is back every connection on the other process gets every event, in order, none lost (the gap in seq
is caught up from the database); the outage is logged as a plain line, not a traceback per retry."""
import asyncio
import time

from tests.realtime.client import connect, is_t
from tests.scale.conftest import MANY, start_servers, stop_server


async def test_ops_commit_while_redis_is_down_and_the_other_process_catches_up_after(tmp_path, postgres, own_redis):
    servers = start_servers(tmp_path, {"DATABASE_URL": postgres(), "REDIS_URL": own_redis.url, **MANY}, 2)
    try:
        a, b = servers
        workshop = a.create_workshop("Redis restart", "Sam")
        wid = workshop["workshop_id"]
        ada = a.join(workshop, "Ada")
        fac, welcome = await connect(a.ws_url(wid), workshop["token"], name="fac")
        par, _ = await connect(b.ws_url(wid), ada["token"], name="ada")
        ww = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "ww")
        first = await fac.ok("card.create", {"board_id": ww, "type": "note", "text": "before"})
        await par.expect(is_t("ev", seq=first["seq"]), 10, "the first op over Redis")

        own_redis.stop()
        during = [await fac.ok("card.create", {"board_id": ww, "type": "note", "text": f"while Redis is down {i}"})
                  for i in range(3)]
        assert [d["seq"] for d in during] == [first["seq"] + 1, first["seq"] + 2, first["seq"] + 3]
        own_redis.start()

        # once the processes have resubscribed, the next op crosses, and the gap before it is filled
        seen = None
        deadline = time.monotonic() + 30
        while seen is None and time.monotonic() < deadline:
            after = await fac.ok("card.create", {"board_id": ww, "type": "note", "text": "after"})
            seen = await par.recv(is_t("ev", seq=after["seq"]), 2)
            await asyncio.sleep(0.2)
        assert seen is not None, "events did not cross again within 30 s of Redis coming back"
        got = [m["seq"] for m in par.inbox if m.get("t") == "ev"] + [seen["seq"]]
        assert got == list(range(first["seq"] + 1, seen["seq"] + 1)), got
        texts = {r.get("text") for r in b.state(wid, ada["token"])["records"] if r["kind"] == "card"}
        assert {f"while Redis is down {i}" for i in range(3)} <= texts
        for server in servers:  # the outage is said in plain lines, without a traceback per retry
            log = server.log_path.read_text()
            assert 1 <= log.count("redis unreachable") <= 2 and "Traceback" not in log, log[-3000:]
        await fac.close()
        await par.close()
    finally:
        for server in servers:
            stop_server(server)
