"""A process hears only the workshops a member uses through it (issue 14), and misses nothing by it.

Each workshop has one Redis channel; a process subscribes to it at the first use by a member (a
socket's hello, a long poll, any request signed in as a member), waits for Redis to confirm it,
then catches up from the log with what was committed before; it unsubscribes when it drops the
workshop from memory. Three processes on PostgreSQL + Redis: `a` writes, `b` and `c` are used
(a and b are the shared pair; c drops a workshop nobody has used for a second, at its next request
for another one).
"""
import asyncio
import random
import time

import pytest
import redis

from server.bus.redis import _channel
from tests.conftest import stop_server
from tests.realtime.client import connect, is_t
from tests.realtime.test_http_transport import Poller

from .conftest import start_servers

PACE = 0.06  # seconds between a writer's moves: within a person's 20 ops a second


@pytest.fixture(scope="module")
def trio(tmp_path_factory, pair, redis_url):
    a, b = pair
    (c,) = start_servers(tmp_path_factory.mktemp("subscriptions"),
                         {**a.env, "COBOARD_IDLE_WORKSHOP_SECONDS": "1", "COBOARD_MAX_LIVE_WORKSHOPS": "1"}, 1)
    numsub = redis.Redis.from_url(redis_url)
    yield a, b, c, lambda wid: numsub.pubsub_numsub(_channel(wid))[0][1]
    numsub.close()
    stop_server(c)


async def eventually(check, seconds: float = 5.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        await asyncio.sleep(0.05)
    return check()


async def writer(server, workshop: dict):
    """The facilitator's socket, with a theme card to move."""
    client, welcome = await connect(server.ws_url(workshop["workshop_id"]), workshop["token"], name="fac")
    assert welcome["t"] == "welcome", welcome
    nww = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "nww")
    card = (await client.ok("card.create", {"board_id": nww, "type": "theme", "text": "Moved"}))["result"]["card_id"]
    return client, card


async def move(client, card: str, k: int) -> int:
    answer = await client.op("card.update", {"card_id": card, "x": (k % 900) / 1000, "y": 0.5}, timeout=30)
    assert answer["t"] == "ack", answer
    return answer["seq"]


def ev_seqs(frames) -> list[int]:
    return [f["seq"] for f in frames if f.get("t") == "ev"]


async def test_a_process_subscribes_at_a_members_first_use_catches_up_and_unsubscribes_when_it_drops_it(trio):
    a, b, c, subscribers = trio
    fac = ben = None
    on_b = None
    try:
        workshop = a.create_workshop("Heard where used", "Sam")
        wid = workshop["workshop_id"]
        fac, card = await writer(a, workshop)
        assert await eventually(lambda: subscribers(wid) == 1)  # a, where the facilitator is
        ada = b.join(workshop, "Ada")  # loads the workshop on b: a join is no member's use of the board
        joined = a.state(wid, ada["token"])["seq"]
        seqs = [await move(fac, card, k) for k in range(5)]
        await asyncio.sleep(0.3)
        assert subscribers(wid) == 1  # b holds the workshop (behind now) and is sent nothing of it

        # Ada's long poll on b: b subscribes, then catches up from the log, so the 5 moves committed on a
        # before are in her first answer (b had no bus message of them, and no later one comes to show a gap)
        on_b = Poller(b, wid, ada["token"])
        on_b.since = joined
        started = time.monotonic()
        body = await on_b.poll(wait=5)
        assert ev_seqs(body["frames"]) == seqs, body
        assert time.monotonic() - started < 2.5
        assert subscribers(wid) == 2
        later = await move(fac, card, 5)  # and from now on over Redis
        frames = []
        while later not in ev_seqs(frames):
            frames += (await on_b.poll(wait=5))["frames"]
            assert time.monotonic() - started < 15
        assert ev_seqs(frames) == [later]

        # Ben's socket on c, then gone: c drops the workshop once idle, and unsubscribes
        ben_joined = c.join(workshop, "Ben")
        ben, welcome = await connect(c.ws_url(wid), ben_joined["token"], name="ben")
        assert welcome["t"] == "welcome", welcome
        assert await eventually(lambda: subscribers(wid) == 3)
        last = await move(fac, card, 6)
        await ben.expect(is_t("ev", seq=last), 5, "a move over Redis")
        await ben.close()
        await asyncio.sleep(1.2)
        c.create_workshop("Another", "Zoe")  # a request for another workshop: c sweeps the idle one out
        assert await eventually(lambda: subscribers(wid) == 2), "c is still subscribed after dropping the workshop"
        missed = [await move(fac, card, 7 + k) for k in range(3)]
        ben, welcome = await connect(c.ws_url(wid), ben_joined["token"], since=last, name="ben")
        assert welcome["t"] == "welcome", welcome
        assert [e["seq"] for e in welcome["replay"]] == missed  # loaded again, from the log
        assert await eventually(lambda: subscribers(wid) == 3)
        after = await move(fac, card, 10)
        assert [e["seq"] for e in await ben.events_through(after, 5)] == [after]
    finally:
        for client in (fac, ben):
            if client is not None:
                await client.close()
        if on_b is not None:
            await on_b.close()


async def test_first_uses_racing_commits_on_another_process_miss_no_event(trio):
    """Many workshops, each written by its facilitator on a in a closed loop; meanwhile sockets (on b) and
    long polls (on c) of its people arrive at random moments, each the first use of that workshop there
    or soon after it, and the writing stops soon after the last arrives. Every one of them gets every
    event from its welcome (or `since`) to the last, in order, once: the last events of a workshop are
    the ones only the catch-up after subscribing can bring, since no later event comes to show a gap."""
    a, b, c, subscribers = trio
    rng = random.Random(14)
    workshops = await asyncio.gather(*(asyncio.to_thread(a.create_workshop, f"Race {i}", "Sam") for i in range(6)))
    people = await asyncio.gather(*(asyncio.to_thread(server.join, w, name) for w in workshops
                                    for server, name in ((b, "Ada"), (c, "Ben"))))  # b and c load the workshops
    people = [people[2 * i:2 * i + 2] for i in range(len(workshops))]
    writers = await asyncio.gather(*(writer(a, w) for w in workshops))
    stop = asyncio.Event()
    last: dict[str, int] = {}

    async def write(i: int) -> None:
        client, card = writers[i]
        k = 0
        while not stop.is_set():
            last[workshops[i]["workshop_id"]] = await move(client, card, k)
            k += 1
            await asyncio.sleep(PACE)

    async def socket_arrives(i: int, person: dict) -> tuple:
        await asyncio.sleep(rng.uniform(0, 0.5))
        client, welcome = await connect(b.ws_url(workshops[i]["workshop_id"]), person["token"], name=f"w{i}")
        assert welcome["t"] == "welcome", welcome
        return client, welcome["seq"]

    async def poller_arrives(i: int, person: dict) -> tuple:
        await asyncio.sleep(rng.uniform(0, 0.5))
        wid = workshops[i]["workshop_id"]
        poller = Poller(c, wid, person["token"])
        poller.since = since = last[wid]  # what the page had seen: any seq up to now
        await poller.poll(wait=0)
        return poller, since

    writing = [asyncio.create_task(write(i)) for i in range(len(workshops))]
    sockets, pollers = [], []
    try:
        assert await eventually(lambda: len(last) == len(workshops))
        arrivals = ([socket_arrives(i, ps[0]) for i, ps in enumerate(people)],
                    [poller_arrives(i, ps[1]) for i, ps in enumerate(people)])
        sockets = await asyncio.gather(*arrivals[0])
        pollers = await asyncio.gather(*arrivals[1])
        await asyncio.sleep(rng.uniform(0, 0.05))
        stop.set()
        await asyncio.gather(*writing)
        for i, (client, welcomed) in enumerate(sockets):
            final = last[workshops[i]["workshop_id"]]
            got = [e["seq"] for e in await client.events_through(final, 10)] if final > welcomed else []
            assert got == list(range(welcomed + 1, final + 1)), (client.name, welcomed, final, got[-5:])
        for (poller, since), i in zip(pollers, range(len(workshops))):
            final = last[workshops[i]["workshop_id"]]
            end = time.monotonic() + 10
            while poller.since < final:
                assert time.monotonic() < end, ("poller", since, final, ev_seqs(poller.frames)[-5:])
                await poller.poll(wait=2)
            assert ev_seqs(poller.frames) == list(range(since + 1, final + 1)), (since, final)
        assert all(subscribers(w["workshop_id"]) == 3 for w in workshops)  # a, b and c
    finally:
        stop.set()
        for task in writing:
            task.cancel()
        for client, _ in [*writers, *sockets]:
            await client.close()
        for poller, _ in pollers:
            await poller.close()
