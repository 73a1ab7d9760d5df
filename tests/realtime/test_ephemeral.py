"""Ephemeral messages: relayed to the others in the sender's room, never stored, acked or numbered."""
import asyncio
import time

from .client import is_t


async def test_a_drag_reaches_the_others_in_the_room_but_not_the_sender(room):
    before = room.state()["seq"]
    args = {"kind": "drag", "card_id": "c_1", "x": 0.25, "y": 0.75}
    await room.a.send({"op": "eph", "args": args})
    main = room.welcomes["ada"]["me"]["room_id"]
    for client in (room.fac, room.b):
        m = await client.expect(is_t("eph"), what="the drag")
        assert m == {"t": "eph", "by": room.ada["participant_id"], "room_id": main, "args": args}
    got = await room.a.drain(0.3)
    assert [m for m in got if m.get("t") in ("eph", "ack", "err", "ev")] == []
    assert room.state()["seq"] == before


async def test_an_eph_with_an_id_is_still_not_acked(room):
    await room.a.send({"op": "eph", "id": "e-1", "args": {"kind": "typing"}})
    assert (await room.b.expect(is_t("eph")))["args"] == {"kind": "typing"}
    assert await room.a.recv(lambda m: m.get("id") == "e-1", timeout=0.3) is None


async def test_an_eph_refused_is_answered_with_its_id_when_it_had_one(room):
    """A refused eph is an err like any other frame's: `{"t": "err", "id", ...}` (PROTOCOL.md's gate)."""
    too_big = await room.a.op("eph", {"kind": "typing", "pad": "x" * 3000})
    assert (too_big["t"], too_big["code"]) == ("err", "too_large")
    deep = {"kind": "typing"}
    for _ in range(10):
        deep = {"in": deep}
    too_deep = await room.a.op("eph", deep)
    assert (too_deep["t"], too_deep["code"]) == ("err", "invalid")
    await room.a.send({"op": "eph", "args": {"kind": "typing", "pad": "x" * 3000}})  # no id: an err without one
    assert "id" not in await room.a.expect(lambda m: m.get("t") == "err" and m.get("code") == "too_large")


async def test_up_to_20_a_second_are_all_relayed(room):
    for i in range(15):
        await room.a.send({"op": "eph", "args": {"kind": "drag", "n": i}})
        await asyncio.sleep(0.05)
    got = await room.b.take_all(is_t("eph"), 15)
    assert [m["args"]["n"] for m in got] == list(range(15))


async def test_more_than_20_a_second_are_coalesced_and_the_latest_arrives(room):
    sent = 100
    for i in range(sent):
        await room.a.send({"op": "eph", "args": {"kind": "drag", "n": i}})
    got = []
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and (not got or got[-1] != sent - 1):
        m = await room.b.recv(is_t("eph"), timeout=max(0.0, deadline - time.monotonic()))
        if m is not None:
            got.append(m["args"]["n"])
    assert got and got[-1] == sent - 1, got  # the latest position always arrives
    assert got[:20] == list(range(20))     # the first second's budget is relayed as sent
    assert got == sorted(set(got))         # in order, none twice
    assert len(got) < sent                 # the rest was coalesced
    # the ops budget is separate: the connection still takes ops at once
    await room.a.ok("card.create", {"board_id": room.board("ww"), "type": "note", "text": "after the drag"})
