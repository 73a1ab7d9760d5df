"""Every applied op reaches every connection as the same `ev`, in seq order, without gaps."""
import asyncio

from .client import is_t


async def test_a_grouped_card_reaches_everyone_with_the_same_seq(room):
    nww = room.board("nww")
    theme = (await room.fac.ok("card.create", {"board_id": nww, "type": "theme", "text": "I feel lonely"}))
    data = await room.fac.ok("card.create", {"board_id": nww, "type": "data", "text": "I see nobody all week"})
    theme_id, card_id = theme["result"]["card_id"], data["result"]["card_id"]

    ack = await room.a.ok("card.group", {"card_id": card_id, "theme_id": theme_id})
    assert ack["seq"] == data["seq"] + 1 > theme["seq"]

    evs = [await c.expect(is_t("ev", seq=ack["seq"]), what="the group event") for c in (room.fac, room.a, room.b)]
    for ev in evs:
        assert ev["op"] == "card.group"
        assert ev["by"] == room.ada["participant_id"]
        assert ev["at"].endswith("Z")
        assert ev["del"] == []
    assert evs[0]["put"] == evs[1]["put"] == evs[2]["put"]
    put = {r["id"]: r for r in evs[0]["put"]}
    assert put[card_id]["theme_id"] == theme_id
    assert put[theme_id]["count"] == 1  # the theme's count travels in the same event


async def test_the_senders_ack_comes_with_its_result_and_the_event_follows(room):
    ack = await room.b.ok("card.create", {"board_id": room.board("ww"), "type": "note", "text": "Good buses"})
    assert set(ack) >= {"t", "id", "seq", "result"}
    card_id = ack["result"]["card_id"]
    ev = await room.b.expect(is_t("ev", seq=ack["seq"]))
    assert [r["id"] for r in ev["put"]] == [card_id]
    assert ev["put"][0]["created_by"] == room.ben["participant_id"]


async def test_a_burst_from_three_clients_arrives_everywhere_in_order_without_gaps(room):
    start = room.state()["seq"]
    boards = [room.board("ww"), room.board("nww"), room.board("iff")]
    per_client = 15
    clients = (room.fac, room.a, room.b)

    async def burst(client, board):
        ids = [await client.send_op("card.create", {"board_id": board, "type": "note", "text": f"{client.name} {i}"})
               for i in range(per_client)]
        return [await client.answer(i, timeout=15) for i in ids]

    answers = await asyncio.gather(*(burst(c, b) for c, b in zip(clients, boards)))
    acks = [a for per in answers for a in per]
    assert all(a["t"] == "ack" for a in acks), [a for a in acks if a["t"] != "ack"]
    total = per_client * len(clients)
    end = start + total
    assert sorted(a["seq"] for a in acks) == list(range(start + 1, end + 1))
    for per in answers:  # one sender's ops are applied in the order it sent them
        seqs = [a["seq"] for a in per]
        assert seqs == sorted(seqs)

    for client in clients:
        evs = await client.events_through(end, timeout=15)
        assert [e["seq"] for e in evs if e["seq"] > start] == list(range(start + 1, end + 1)), client.name
    assert room.state()["seq"] == end


async def test_an_op_that_changes_nothing_still_takes_a_seq_everyone_sees(room):
    nww = room.board("nww")
    data = await room.fac.ok("card.create", {"board_id": nww, "type": "data", "text": "Answer"})
    # taking an unthemed card out of its theme changes nothing, but is still an applied op
    ack = await room.a.ok("card.group", {"card_id": data["result"]["card_id"], "theme_id": None})
    for client in (room.fac, room.a, room.b):
        ev = await client.expect(is_t("ev", seq=ack["seq"]))
        assert ev["put"] == [] and ev["del"] == []
