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


async def test_ops_before_hello_are_refused_and_hello_still_works(room, ws):
    client, _ = await ws(room.wid, None, hello=False)
    await client.send({"op": "card.create", "id": "early", "args": {"board_id": room.board("ww"),
                                                                    "type": "note", "text": "too soon"}})
    err = await client.expect(is_t("err"))
    assert err["code"] == "unauthorized" and err["id"] == "early"
    await client.send({"op": "eph", "args": {"kind": "typing"}})
    assert (await client.expect(is_t("err")))["code"] == "unauthorized"
    await client.send({"op": "hello", "token": room.ada["token"]})
    assert (await client.expect(is_t("welcome")))["me"]["id"] == room.ada["participant_id"]
    ack = await client.ok("card.create", {"board_id": room.board("ww"), "type": "note", "text": "now"})
    assert ack["seq"] == room.state()["seq"]
