"""Rooms as channels over real sockets: the chill-out notice, room-bound chat and drags,
role checks, random tables and bringing everyone back."""
from collections import Counter

import httpx

from .client import is_t


async def test_R4_chill_out_notice_reaches_every_facilitator_and_host_and_nobody_else(server, ws):
    workshop = server.create_workshop("Chill-out", "Sam")
    wid = workshop["workshop_id"]
    hana, ada, ben = (server.join(workshop, n) for n in ("Hana", "Ada", "Ben"))
    fac, _ = await ws(wid, workshop["token"], name="fac")
    await fac.ok("participant.set_role", {"participant_id": hana["participant_id"], "role": "host"})
    chill = (await fac.ok("room.create", {"type": "chill_out"}))["result"]["room_id"]
    host, _ = await ws(wid, hana["token"], name="host")
    host2, _ = await ws(wid, hana["token"], name="host-phone")
    a, _ = await ws(wid, ada["token"], name="ada")
    b, _ = await ws(wid, ben["token"], name="ben")
    ack = await a.ok("room.enter", {"room_id": chill})
    for staff in (fac, host, host2):
        notice = await staff.expect(is_t("notice"), 5, "the chill-out notice")
        assert notice["kind"] == "chill_out_entered" and notice["participant_id"] == ada["participant_id"]
        assert notice["at"]
    for other in (a, b):
        await other.expect(is_t("ev", seq=ack["seq"]))
        assert await other.recv(is_t("notice"), 0.5) is None


async def test_chat_and_drags_never_cross_rooms(server, ws):
    workshop = server.create_workshop("Rooms", "Sam")
    wid = workshop["workshop_id"]
    ada, ben, cy = (server.join(workshop, n) for n in ("Ada", "Ben", "Cy"))
    fac, _ = await ws(wid, workshop["token"], name="fac")
    t1 = (await fac.ok("room.create", {"type": "table"}))["result"]["room_id"]
    t2 = (await fac.ok("room.create", {"type": "table"}))["result"]["room_id"]
    await fac.ok("room.assign", {"participant_id": ada["participant_id"], "room_id": t1})
    await fac.ok("room.assign", {"participant_id": cy["participant_id"], "room_id": t1})
    await fac.ok("room.assign", {"participant_id": ben["participant_id"], "room_id": t2})
    a, _ = await ws(wid, ada["token"], name="ada")
    b, _ = await ws(wid, ben["token"], name="ben")
    c, _ = await ws(wid, cy["token"], name="cy")
    sent = await a.ok("chat.send", {"text": "Hello table one"})
    got = await c.expect(is_t("ev", seq=sent["seq"]))
    assert got["put"][0]["text"] == "Hello table one"
    other = await b.expect(is_t("ev", seq=sent["seq"]))
    assert other["put"] == [] and other["del"] == []  # the seq arrives, the message does not
    staff = await fac.expect(is_t("ev", seq=sent["seq"]))
    assert staff["put"][0]["text"] == "Hello table one"  # hosts look into every room
    await a.send({"op": "eph", "args": {"kind": "drag", "card_id": "x", "x": 0.1, "y": 0.2}})
    drag = await c.expect(is_t("eph"), 3, "the drag")
    assert drag["room_id"] == t1 and drag["by"] == ada["participant_id"]
    assert await b.recv(is_t("eph"), 0.5) is None


async def test_participants_and_projectors_are_refused_host_tools_and_nothing_changes(server, ws):
    workshop = server.create_workshop("Roles", "Sam")
    wid = workshop["workshop_id"]
    ada = server.join(workshop, "Ada")
    fac, _ = await ws(wid, workshop["token"], name="fac")
    t1 = (await fac.ok("room.create", {"type": "table"}))["result"]["room_id"]
    t2 = (await fac.ok("room.create", {"type": "table"}))["result"]["room_id"]
    await fac.ok("room.assign", {"participant_id": ada["participant_id"], "room_id": t1})
    projector = httpx.post(f"{server.base_url}/api/workshops/{wid}/projector",
                           headers={"Authorization": f"Bearer {workshop['token']}"}).json()
    a, _ = await ws(wid, ada["token"], name="ada")
    screen, welcome = await ws(wid, projector["token"], name="projector")
    assert welcome["me"]["role"] == "projector"
    before = server.state(wid, workshop["token"])
    attempts = [("room.enter", {"room_id": t2}), ("room.assign", {"participant_id": ada["participant_id"], "room_id": t2}),
                ("poll.create", {"question": "Tea?", "options": ["Yes", "No"]}),
                ("timer.start", {"seconds": 60}), ("breakout.open", {}), ("room.create", {"type": "table"})]
    for op, args in attempts:
        answer = await a.op(op, args)
        assert answer["t"] == "err" and answer["code"] == "forbidden", (op, answer)
    for op, args in attempts + [("card.create", {"board_id": before["records"][0]["id"], "type": "note", "text": "hi"}),
                                ("hand.raise", {}), ("chat.send", {"text": "hi"})]:
        answer = await screen.op(op, args)
        assert answer["t"] == "err" and answer["code"] == "forbidden", (op, answer)
    assert server.state(wid, workshop["token"]) == before


async def test_B1_random_tables_over_the_wire_and_closing_breakouts_brings_everyone_back(server, ws):
    workshop = server.create_workshop("Tables", "Sam")
    wid = workshop["workshop_id"]
    kinds = ["lived_experience", "provider", "commissioner"]
    people = [server.join(workshop, f"P{i}", perspective=kinds[i % 3]) for i in range(30)]
    fac, _ = await ws(wid, workshop["token"], name="fac")
    tables = [(await fac.ok("room.create", {"type": "table"}))["result"]["room_id"] for _ in range(5)]
    await fac.ok("rooms.shuffle", {})
    records = {r["id"]: r for r in server.state(wid, workshop["token"])["records"]}
    seated = [records[p["participant_id"]] for p in people]
    assert Counter(p["table_id"] for p in seated) == {t: 6 for t in tables}
    for t in tables:
        assert set(Counter(p["perspective"] for p in seated if p["table_id"] == t)) == set(kinds)
    clients = []
    for p in people[:6]:
        client, _ = await ws(wid, p["token"])
        clients.append((p["participant_id"], client))
    opened = await fac.ok("breakout.open", {"seconds": 600})
    for pid, client in clients:
        ev = await client.expect(is_t("ev", seq=opened["seq"]))
        assert any(r["id"] == pid and r["room_id"] == records[pid]["table_id"] for r in ev["put"])
    closed = await fac.ok("breakout.close", {})
    main = next(r["id"] for r in records.values() if r["kind"] == "room" and r["type"] == "main")
    for pid, client in clients:
        ev = await client.expect(is_t("ev", seq=closed["seq"]))
        assert any(r["id"] == pid and r["room_id"] == main for r in ev["put"])
    after = server.state(wid, workshop["token"])["records"]
    assert all(r["room_id"] == main for r in after if r["kind"] == "participant")


async def test_hosts_see_whose_connection_keeps_dropping(server, ws):
    workshop = server.create_workshop("Wobbly wifi", "Sam")
    wid = workshop["workshop_id"]
    ada = server.join(workshop, "Ada")
    fac, _ = await ws(wid, workshop["token"], name="fac")
    for attempt in range(1, 3):
        a, welcome = await ws(wid, ada["token"], since=0 if attempt > 1 else None, name="ada")
        came = await fac.expect(lambda m: m.get("t") == "presence" and m["online"]
                                and m["participant_id"] == ada["participant_id"], 5, "ada online")
        assert came["reconnects"] == attempt - 1
        await a.close()
        await fac.expect(lambda m: m.get("t") == "presence" and not m["online"]
                         and m["participant_id"] == ada["participant_id"], 5, "ada offline")
    _, staff_view = await ws(wid, workshop["token"], name="fac2")
    assert staff_view["reconnects"] == {ada["participant_id"]: 1}
    _, own_view = await ws(wid, ada["token"], name="ada-again")
    assert "reconnects" not in own_view
