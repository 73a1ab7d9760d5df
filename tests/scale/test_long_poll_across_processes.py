"""The HTTP transport under several processes: a long poll on one process wakes for an op on another."""
import asyncio
import time

from tests.realtime.test_http_transport import Poller


async def test_a_long_poll_on_process_a_wakes_for_an_op_committed_on_process_b(pair):
    a, b = pair
    workshop = a.create_workshop("Two processes", "Sam")
    wid = workshop["workshop_id"]
    ada = a.join(workshop, "Ada")
    on_a, on_b = Poller(a, wid, ada["token"]), Poller(b, wid, workshop["token"])
    try:
        on_a.since = a.state(wid, ada["token"])["seq"]
        await on_b.poll(wait=0)  # the facilitator's poller is online on b (its presence reaches a)
        await asyncio.sleep(0.5)
        await on_a.poll(wait=0)
        waiting = asyncio.create_task(on_a.poll(wait=20))
        await asyncio.sleep(0.5)
        sent = time.monotonic()
        done = await on_b.ok("hand.raise")
        body = await waiting
        while not any(f["t"] == "ev" for f in body["frames"]):  # a presence frame may come first
            body = await on_a.poll(wait=5)
        assert time.monotonic() - sent < 2.0
        assert done["seq"] in [f["seq"] for f in body["frames"] if f["t"] == "ev"]
        # a since only the other process has seen yet is caught up from the log, not a reset
        later = await on_b.ok("hand.lower")
        on_a.since = later["seq"]
        assert "frames" in await on_a.poll(wait=0)
    finally:
        await on_a.close()
        await on_b.close()
