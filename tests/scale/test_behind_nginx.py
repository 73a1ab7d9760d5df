"""Three processes behind nginx (deploy/nginx.conf): WebSockets upgrade through it, one workshop's
people spread over the processes see every op in one order, and the vote caps hold across them.
Behind nginx, the per-address limits count against the visitor's real address, whatever the visitor
claims in X-Forwarded-For.

Other addresses are real: Linux routes all of 127.0.0.0/8 to loopback, so a client bound to
127.0.0.71 reaches nginx (on 127.0.0.1) as another address."""
import asyncio
from collections import Counter

import httpx
import pytest

from tests.realtime.client import connect

from .conftest import balanced_cluster, stop_balanced


async def open_client(url, token, name=""):
    client, welcome = await connect(url, token, name=name)
    assert welcome["t"] == "welcome", welcome
    return client, welcome


async def test_people_joining_through_nginx_are_spread_over_the_processes_and_see_one_order(
        shared_three_behind_nginx):
    front, servers = shared_three_behind_nginx.front, shared_three_behind_nginx.servers
    workshop = front.create_workshop("Behind nginx", "Sam")
    wid = workshop["workshop_id"]
    people = [front.join(workshop, f"P{i}") for i in range(6)]
    clients = []
    for i, person in enumerate(people):
        client, welcome = await open_client(front.ws_url(wid), person["token"], f"p{i}")
        clients.append(client)
    # least_conn spread the six long-lived connections: each process holds some of them
    holding = [s.log().count("WebSocket /ws/workshops/") for s in servers]
    assert all(n >= 1 for n in holding), holding
    start = welcome["seq"]
    ww = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "ww")

    async def write(client, n):
        return [await client.ok("card.create", {"board_id": ww, "type": "note", "text": f"{client.name} {k}"})
                for k in range(n)]

    results = await asyncio.gather(*(write(c, 10) for c in clients))
    seqs = sorted(a["seq"] for acks in results for a in acks)
    assert seqs == list(range(start + 1, start + 61))
    for client in clients:
        got = [e["seq"] for e in await client.events_through(seqs[-1], 20) if e["seq"] > start]
        assert got == seqs, f"{client.name} saw {got[:5]}…"
    for client in clients:
        await client.close()


async def test_V1_V2_vote_caps_hold_for_30_people_each_voting_from_two_processes_at_once(
        shared_three_behind_nginx):
    front, servers = shared_three_behind_nginx.front, shared_three_behind_nginx.servers
    workshop = front.create_workshop("Vote race", "Sam")
    wid = workshop["workshop_id"]
    fac, welcome = await open_client(front.ws_url(wid), workshop["token"], "fac")
    nww = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "nww")
    themes = [(await fac.ok("card.create", {"board_id": nww, "type": "theme", "text": f"T{i}"}))["result"]["card_id"]
              for i in range(3)]
    opened = await fac.ok("round.open", {"board_id": nww, "per_person": 3, "per_target": 2})
    rid = opened["result"]["round_id"]
    voters = [front.join(workshop, f"V{i}") for i in range(30)]
    devices = []
    for i, v in enumerate(voters):  # each person's two sockets on two different processes
        for server in (servers[i % 3], servers[(i + 1) % 3]):
            devices.append((v["participant_id"], (await open_client(server.ws_url(wid), v["token"]))[0]))

    async def press(client, k):
        # every device tries 3 dots, 2 on one theme: with both devices that is 6 tries at 3 dots, 2 a theme
        targets = [themes[k % 3], themes[k % 3], themes[(k + 1) % 3]]
        sent = [await client.send_op("vote.cast", {"round_id": rid, "target_id": t}) for t in targets]
        return [(t, await client.answer(op_id, 30)) for t, op_id in zip(targets, sent)]

    answers = await asyncio.gather(*(press(c, k) for k, (_, c) in enumerate(devices)))
    closed = await fac.ok("round.close", {"round_id": rid})
    assert closed["t"] == "ack"
    state = front.state(wid, workshop["token"])
    round_ = next(r for r in state["records"] if r["id"] == rid)
    acked_by, on_target = Counter(), Counter()
    for (voter, _), xs in zip(devices, answers):
        for target, x in xs:
            assert x["t"] == "ack" or x["code"] in ("vote_limit", "vote_target_limit"), x
            if x["t"] == "ack":
                acked_by[voter] += 1
                on_target[voter, target] += 1
    dots = round_["dots_used"]
    assert sum(round_["tallies"].values()) == sum(acked_by.values())
    assert dict(acked_by) == {p: n for p, n in dots.items() if n}
    assert all(n <= 3 for n in dots.values())
    assert max(dots.values()) == 3  # the race was real: people reached the cap
    assert all(n <= 2 for n in on_target.values()), on_target
    assert {t: n for t, n in round_["tallies"].items()} == dict(Counter(t for (_, t), n in on_target.items()
                                                                        for _ in range(n)))
    for _, c in devices:
        await c.close()
    await fac.close()


async def test_a_long_poll_through_nginx_wakes_for_an_op_on_any_process(shared_three_behind_nginx):
    """The HTTP transport behind the proxy: a poll waiting on one process is answered, through nginx,
    as soon as an op posted through nginx (to whichever process) is committed — not at the end of its wait."""
    import httpx

    front = shared_three_behind_nginx.front
    workshop = front.create_workshop("Long poll behind nginx", "Sam")
    wid = workshop["workshop_id"]
    ada = front.join(workshop, "Ada")
    base = f"{front.base_url}/api/workshops/{wid}"
    async with httpx.AsyncClient(timeout=40) as http:
        async def poll(token, since, wait):
            r = await http.get(f"{base}/events", params={"since": since, "wait": wait, "client": "tab"},
                               headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 200 and "no-store" in r.headers["cache-control"], r.text
            return r.json()

        since = front.state(wid, ada["token"])["seq"]
        since = (await poll(ada["token"], since, 0))["seq"]
        loop = asyncio.get_running_loop()
        started = loop.time()
        waiting = asyncio.create_task(poll(ada["token"], since, 25))
        await asyncio.sleep(0.5)
        r = await http.post(f"{base}/ops", json={"op": "hand.raise", "id": "n1", "args": {}},
                            headers={"Authorization": f"Bearer {workshop['token']}"})
        done = r.json()
        assert done["t"] == "ack", done
        body = await waiting
        while not any(f["t"] == "ev" for f in body["frames"]):  # a presence frame may come first
            body = await poll(ada["token"], body["seq"], 5)
        assert done["seq"] in [f["seq"] for f in body["frames"] if f["t"] == "ev"]
        assert loop.time() - started < 20  # answered for the op, not when the 25 s wait ran out


WRONG_CODES = 10  # per address, for this test (COBOARD_WRONG_CODES_PER_ADDRESS; 100 by default)


@pytest.fixture(params=["127.0.0.1", "127.0.0.0/8"], ids=["nginx-alone", "all-of-loopback"])
def one_behind_nginx(request, tmp_path):
    """One process behind deploy/nginx.conf, trusting nginx's address alone (as compose does), or a
    network the visitors are in too (as compose's FORWARDED_ALLOW_IPS="*" trusted everyone): nginx
    must say who the visitor is even then."""
    cluster = balanced_cluster(tmp_path, {"COBOARD_TRUSTED_PROXIES": request.param,
                                          "COBOARD_WRONG_CODES_PER_ADDRESS": str(WRONG_CODES)}, 1)
    yield cluster
    stop_balanced(cluster)


def through_nginx(front, address: str) -> httpx.Client:
    return httpx.Client(base_url=front.base_url, timeout=30, transport=httpx.HTTPTransport(local_address=address))


def join(http, workshop, code=None, forged: str | None = None, name="Ada") -> int:
    """A join through nginx; `forged`, the address the visitor claims (X-Forwarded-For, X-Real-IP)."""
    return http.post(f"/api/workshops/{workshop['workshop_id']}/join",
                     json={"join_code": code or workshop["join_code"], "name": name},
                     headers={"X-Forwarded-For": forged, "X-Real-IP": forged} if forged else None).status_code


def test_a_forged_x_forwarded_for_through_nginx_neither_evades_the_wrong_code_limit_nor_locks_out_another(
        one_behind_nginx):
    front, server = one_behind_nginx.front, one_behind_nginx.servers[0]
    workshop = front.create_workshop("Forged addresses", "Sam")
    wrong = "Q" * 8 if workshop["join_code"] != "Q" * 8 else "R" * 8
    with through_nginx(front, "127.0.0.71") as dodger, through_nginx(front, "127.0.0.72") as framer, \
            through_nginx(front, "127.0.0.73") as victim:
        # a new address claimed at every try: the limit still counts them as one visitor's
        answers = [join(dodger, workshop, wrong, forged=f"10.8.0.{n}") for n in range(WRONG_CODES + 3)]
        assert answers == [403] * WRONG_CODES + [429] * 3, answers
        assert join(dodger, workshop, forged="10.8.1.1") == 429  # the right code does not get through either
        # wrong codes sent in the name of the victim's address (another table on the venue's Wi-Fi)
        answers = [join(framer, workshop, wrong, forged="127.0.0.73") for _ in range(WRONG_CODES + 3)]
        assert answers == [403] * WRONG_CODES + [429] * 3, answers
        assert join(victim, workshop, wrong) == 403  # the victim's budget is whole
        assert join(victim, workshop) == 201
        assert join(victim, workshop, forged="10.8.0.1", name="Bea") == 201  # naming the dodger's claim: no harm
    log = server.log()  # the process saw, and logged, the visitors' real addresses
    assert "127.0.0.71:0 - " in log and "127.0.0.72:0 - " in log and "10.8." not in log
