"""The first frame authenticates; a bad token is refused and the connection closed with 4401."""
import pytest

from .client import is_t


@pytest.mark.parametrize("token", ["not-a-token", "", None, 12345])
async def test_a_bad_token_gets_unauthorized_then_close_4401(room, ws, token):
    client, answer = await ws(room.wid, token)
    assert answer["t"] == "err" and answer["code"] == "unauthorized", answer
    assert answer["message"]
    assert await client.wait_closed() == 4401


async def test_a_token_of_another_workshop_is_refused(room, server, ws):
    other = server.create_workshop("Another one", "Kim")
    client, answer = await ws(room.wid, other["token"])
    assert answer["t"] == "err" and answer["code"] == "unauthorized"
    assert await client.wait_closed() == 4401


async def test_an_unknown_workshop_is_refused(room, ws):
    client, answer = await ws("w_nothing_here", room.workshop["token"])
    assert answer["t"] == "err" and answer["code"] == "unauthorized"
    assert await client.wait_closed() == 4401


async def test_an_op_before_hello_is_refused_and_closes_the_socket_and_a_new_one_says_hello(room, ws):
    """Nothing but a hello is accepted first (PROTOCOL.md): the first other frame is answered and the socket
    closed (4401), so a socket nobody signed in on cannot go on sending for its whole hello window."""
    for frame in ({"op": "card.create", "id": "early", "args": {"board_id": room.board("ww"), "type": "note",
                                                                "text": "too soon"}},
                  {"op": "eph", "id": "early", "args": {"kind": "typing"}}):
        client, _ = await ws(room.wid, None, hello=False)
        await client.send(frame)
        err = await client.expect(is_t("err"))
        assert err["code"] == "unauthorized" and err["id"] == "early"
        assert await client.wait_closed() == 4401
    client, _ = await ws(room.wid, None, hello=False)
    await client.send({"op": "hello", "token": room.ada["token"]})
    assert (await client.expect(is_t("welcome")))["me"]["id"] == room.ada["participant_id"]
    ack = await client.ok("card.create", {"board_id": room.board("ww"), "type": "note", "text": "now"})
    assert ack["seq"] == room.state()["seq"]
