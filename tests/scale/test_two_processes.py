"""Several `coboard serve` processes on PostgreSQL + Redis share the same workshops.

One seq per workshop across processes, every connection gets every event in order whichever
process it is on, the vote limits hold across processes, and presence, drags and notices cross.
"""
import asyncio
from collections import Counter

import httpx

from tests.realtime.client import connect, is_t


def same_state(a, b, wid, token):
    """Both processes hold the same seq and records (in whatever order each loaded them)."""
    one, two = a.state(wid, token), b.state(wid, token)
    assert one["seq"] == two["seq"]
    assert {r["id"]: r for r in one["records"]} == {r["id"]: r for r in two["records"]}


async def open_client(server, wid, token, name=""):
    client, welcome = await connect(server.ws_url(wid), token, name=name)
    assert welcome["t"] == "welcome", welcome
    return client, welcome


async def test_an_op_on_one_process_reaches_clients_on_the_other_with_the_same_seq(pair):
    a, b = pair
    workshop = a.create_workshop("Across processes", "Sam")
    wid = workshop["workshop_id"]
    ada = b.join(workshop, "Ada")  # joined through the other process
    fac, welcome = await open_client(a, wid, workshop["token"], "fac")
    par, _ = await open_client(b, wid, ada["token"], "ada")
    came = await fac.expect(lambda m: m.get("t") == "presence" and m["participant_id"] == ada["participant_id"], 5,
                            "Ada's presence from the other process")
    assert came["online"]
    nww = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "nww")
    theme = await fac.ok("card.create", {"board_id": nww, "type": "theme", "text": "I am lonely"})
    data = await fac.ok("card.create", {"board_id": nww, "type": "data", "text": "I only have one friend"})
    seen = await par.expect(is_t("ev", seq=data["seq"]), 5, "the data card over Redis")
    assert seen["put"][0]["text"] == "I only have one friend"
    grouped = await par.ok("card.group", {"card_id": data["result"]["card_id"], "theme_id": theme["result"]["card_id"]})
    assert grouped["seq"] == data["seq"] + 1
    ev = await fac.expect(is_t("ev", seq=grouped["seq"]), 5, "the group from the other process")
    assert any(r.get("theme_id") == theme["result"]["card_id"] for r in ev["put"])
    await par.send({"op": "eph", "args": {"kind": "drag", "card_id": "c", "x": 0.3, "y": 0.4}})
    drag = await fac.expect(is_t("eph"), 5, "a drag from the other process")
    assert drag["by"] == ada["participant_id"]
    same_state(a, b, wid, workshop["token"])
    await par.close()
    await fac.close()


async def test_concurrent_ops_on_both_processes_get_one_gapless_seq_seen_in_order_everywhere(pair):
    a, b = pair
    workshop = a.create_workshop("Busy", "Sam")
    wid = workshop["workshop_id"]
    people = [a.join(workshop, f"P{i}") for i in range(6)]
    clients = []
    for i, person in enumerate(people):
        client, welcome = await open_client(pair[i % 2], wid, person["token"], f"p{i}")
        clients.append(client)
    start = welcome["seq"]
    ww = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "ww")

    async def write(client, n):
        acks = []
        for k in range(n):
            acks.append(await client.ok("card.create", {"board_id": ww, "type": "note", "text": f"{client.name} {k}"}))
        return acks

    results = await asyncio.gather(*(write(c, 15) for c in clients))
    seqs = sorted(a["seq"] for acks in results for a in acks)
    assert seqs == list(range(start + 1, start + 1 + 90))
    for client in clients:
        evs = await client.events_through(seqs[-1], 20)
        got = [e["seq"] for e in evs if e["seq"] > start]
        assert got == seqs, f"{client.name} saw {got[:5]}…"
    same_state(a, b, wid, workshop["token"])
    for client in clients:
        await client.close()


async def test_vote_limits_hold_for_one_person_voting_from_two_processes_at_once(pair):
    a, b = pair
    workshop = a.create_workshop("Votes", "Sam")
    wid = workshop["workshop_id"]
    fac, welcome = await open_client(a, wid, workshop["token"], "fac")
    nww = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "nww")
    themes = [(await fac.ok("card.create", {"board_id": nww, "type": "theme", "text": f"T{i}"}))["result"]["card_id"]
              for i in range(3)]
    rid = (await fac.ok("round.open", {"board_id": nww}))["result"]["round_id"]
    voters = [a.join(workshop, f"V{i}") for i in range(5)]
    devices = []
    for v in voters:
        for server in pair:
            devices.append((v["participant_id"], (await open_client(server, wid, v["token"]))[0]))

    async def press(client, target):
        return [await client.op("vote.cast", {"round_id": rid, "target_id": target}) for _ in range(3)]

    answers = await asyncio.gather(*(press(c, themes[i % 2]) for i, (_, c) in enumerate(devices)))
    acked = [x for xs in answers for x in xs if x["t"] == "ack"]
    await fac.ok("round.close", {"round_id": rid})
    state = a.state(wid, workshop["token"])
    round_ = next(r for r in state["records"] if r["id"] == rid)
    assert sum(round_["tallies"].values()) == len(acked)
    assert all(n <= 3 for n in round_["dots_used"].values())
    per_pair = Counter()
    for (voter, _), xs in zip(devices, answers):
        for x in xs:
            if x["t"] == "ack":
                per_pair[voter] += 1
    assert all(n <= 3 for n in per_pair.values())
    for _, c in devices:
        await c.close()
    await fac.close()


async def test_chill_out_notice_crosses_processes(pair):
    a, b = pair
    workshop = a.create_workshop("Notices", "Sam")
    wid = workshop["workshop_id"]
    ada = a.join(workshop, "Ada")
    fac, _ = await open_client(a, wid, workshop["token"], "fac")
    chill = (await fac.ok("room.create", {"type": "chill_out"}))["result"]["room_id"]
    par, _ = await open_client(b, wid, ada["token"], "ada")
    await par.ok("room.enter", {"room_id": chill})
    notice = await fac.expect(is_t("notice"), 5, "the chill-out notice from the other process")
    assert notice["participant_id"] == ada["participant_id"]
    async with httpx.AsyncClient() as http:
        r = await http.get(f"{b.base_url}/healthz")
        assert r.status_code == 200
    await par.close()
    await fac.close()
