"""Limits per person, not per connection (issue 12). Before: one participant with 20 sockets got
4,580 notes acked in 12 s, and 5 sockets sending 40 eph/s of 60 KiB reached each bystander as
~6 MB/s. Now a person's budgets are shared by all their sockets and their HTTP transport."""
import asyncio
import time

import httpx

from server.protocol.limits import (EPH_BYTES_BURST, EPH_BYTES_PER_SECOND, EPH_PER_SECOND, OPS_BURST,
                                    OPS_PER_SECOND)
from tests.realtime.client import connect, is_t

SOCKETS = 5


async def sockets_of(server, workshop, member, n=SOCKETS, name="x"):
    opened = []
    for i in range(n):
        client, welcome = await connect(server.ws_url(workshop["workshop_id"]), member["token"], name=f"{name}{i}")
        assert welcome["t"] == "welcome", welcome
        opened.append(client)
    return opened


async def close_all(clients):
    for c in clients:
        await c.close()


async def test_ops_per_person_are_shared_by_5_sockets(shared):
    server = shared
    workshop = server.create_workshop()
    eve = server.join(workshop, "Eve")
    clients = await sockets_of(server, workshop, eve)
    try:
        per_socket = 40  # 200 ops at once: each socket alone stays under the old per-connection burst of 60
        began = time.monotonic()
        sent = [[await c.send_op("hand.raise", {}) for _ in range(per_socket)] for c in clients]
        answers = [a for c, ids in zip(clients, sent) for a in [await c.answer(i, 20) for i in ids]]
        elapsed = time.monotonic() - began
        acked = sum(1 for a in answers if a["t"] == "ack")
        limited = sum(1 for a in answers if a.get("code") == "rate_limited")
        assert acked + limited == SOCKETS * per_socket, {a.get("code") for a in answers}
        assert OPS_BURST <= acked <= OPS_BURST + OPS_PER_SECOND * elapsed + 1, (acked, elapsed)
        # another person is not affected
        ada = server.join(workshop, "Ada")
        (other,) = await sockets_of(server, workshop, ada, 1, "ada")
        clients.append(other)
        assert (await other.op("hand.raise", {}))["t"] == "ack"
    finally:
        await close_all(clients)


async def test_the_http_transport_spends_the_same_budget_as_the_sockets(start):
    server = start({"COBOARD_OPS_PER_SECOND": "0.1", "COBOARD_OPS_BURST": "10"})  # refills once in 10 s
    workshop = server.create_workshop()
    eve = server.join(workshop, "Eve")
    clients = await sockets_of(server, workshop, eve)
    try:
        for c in clients:  # 2 ops on each socket: the person's 10
            for _ in range(2):
                assert (await c.op("hand.raise", {}))["t"] == "ack"
        with httpx.Client(base_url=server.base_url, timeout=10,
                          headers={"Authorization": f"Bearer {eve['token']}"}) as http:
            r = http.post(f"/api/workshops/{workshop['workshop_id']}/ops",
                          json={"op": "hand.lower", "id": "h1", "args": {}})
            assert r.json().get("code") == "rate_limited", r.json()
        assert (await clients[0].op("hand.raise", {})).get("code") == "rate_limited"
    finally:
        await close_all(clients)


async def test_ephemeral_amplification_is_bounded_per_person(shared):
    server = shared
    workshop = server.create_workshop()
    eve, bystander = server.join(workshop, "Eve"), server.join(workshop, "Ben")
    attackers = await sockets_of(server, workshop, eve, name="eve")
    (ben,) = await sockets_of(server, workshop, bystander, 1, "ben")
    try:
        big = {"kind": "drag", "pad": "x" * 1900}  # just under the 2 KiB cap
        huge = {"kind": "drag", "pad": "x" * (60 * 1024)}
        await attackers[0].send({"op": "eph", "args": huge})
        assert (await attackers[0].expect(is_t("err")))["code"] == "too_large"
        seconds, per_second = 2.0, 40
        began = time.monotonic()
        for tick in range(int(seconds * per_second)):
            for a in attackers:
                await a.send({"op": "eph", "args": big})
            await asyncio.sleep(max(0.0, began + (tick + 1) / per_second - time.monotonic()))
        elapsed = time.monotonic() - began + 1.0  # what still trickles out within the next second counts too
        await asyncio.sleep(1.0)
        await ben.drain(0.3)
        received = [raw for raw in ben.raw if raw.startswith('{"t":"eph"')]
        size = sum(len(r.encode()) for r in received)
        bound = EPH_BYTES_BURST + EPH_BYTES_PER_SECOND * elapsed + 200 * (EPH_PER_SECOND * elapsed + 1)
        assert 0 < size <= bound, (size, bound)
        per_connection = len(attackers) * EPH_PER_SECOND * seconds * len(str(big))  # what got through before
        assert size * 4 < per_connection, (size, per_connection)
        assert len(received) <= EPH_PER_SECOND * elapsed + EPH_PER_SECOND
    finally:
        await close_all(attackers + [ben])
