"""An op sent again after its ack was lost (a phone's outbox after a drop) is answered, not applied twice."""
from tests.conftest import start_server, stop_server

from .client import connect, is_t


async def test_a_repeated_op_gets_the_first_ack_and_changes_nothing(room):
    nww = room.board("nww")
    args = {"board_id": nww, "type": "theme", "text": "I am lonely"}
    await room.a.send({"op": "card.create", "id": "outbox-7", "args": args})
    first = await room.a.answer("outbox-7")
    seq = room.state()["seq"]
    await room.a.send({"op": "card.create", "id": "outbox-7", "args": args})  # the same op again
    again = await room.a.answer("outbox-7")
    assert again["t"] == "ack" and again["seq"] == first["seq"] and again["result"] == first["result"]
    assert room.state()["seq"] == seq
    themes = [r for r in room.state()["records"] if r.get("text") == "I am lonely"]
    assert len(themes) == 1
    # the same id with other args is a new op, and another person's "outbox-7" is theirs
    other = await room.a.op("card.create", {**args, "text": "I am bored"})
    assert other["t"] == "ack"
    await room.b.send({"op": "card.create", "id": "outbox-7", "args": args})
    theirs = await room.b.answer("outbox-7")
    assert theirs["t"] == "ack" and theirs["seq"] > first["seq"]


async def test_repeats_are_recognised_after_a_server_restart(tmp_path):
    server = start_server(tmp_path)
    try:
        workshop = server.create_workshop("Restart", "Sam")
        wid = workshop["workshop_id"]
        client, welcome = await connect(server.ws_url(wid), workshop["token"])
        ww = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "ww")
        frame = {"op": "card.create", "id": 41, "args": {"board_id": ww, "type": "note", "text": "Tea at 11"}}
        await client.send(frame)
        first = await client.answer(41)
        await client.close()
        stop_server(server)
        server = start_server(tmp_path)
        client, _ = await connect(server.ws_url(wid), workshop["token"], since=first["seq"])
        await client.send(frame)
        again = await client.answer(41)
        assert again["t"] == "ack" and again["seq"] == first["seq"] and again["result"] == first["result"]
        assert await client.recv(is_t("ev"), 0.5) is None
        assert server.state(wid, workshop["token"])["seq"] == first["seq"]
        await client.close()
    finally:
        stop_server(server)
