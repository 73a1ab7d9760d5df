"""A new personal link: the person's earlier token stops working at once, an open socket of it included."""
import httpx

from tests.realtime.client import is_t


def make_link(room, pid, token=None):
    return httpx.post(f"{room.server.base_url}/api/workshops/{room.wid}/participants/{pid}/link",
                      headers={"Authorization": f"Bearer {token or room.workshop['token']}"}, timeout=10)


async def test_participant_link_closes_the_open_socket_of_the_earlier_token(room, ws):
    made = make_link(room, room.ada["participant_id"])
    assert made.status_code == 201, made.text
    assert await room.a.wait_closed() == 4401
    # everybody else stays, and sees Ada's record move on (the link's time is for the staff only)
    ev = await room.b.expect(is_t("ev"))
    assert ev["op"] == "participant.link" and "link_made_at" not in ev["put"][0]
    fac_ev = await room.fac.expect(is_t("ev", seq=ev["seq"]))
    assert fac_ev["put"][0]["link_made_at"]
    # the old token cannot say hello again; the new one can
    again, answer = await ws(room.wid, room.ada["token"])
    assert answer["t"] == "err" and answer["code"] == "unauthorized"
    assert await again.wait_closed() == 4401
    fresh, welcome = await ws(room.wid, made.json()["token"])
    assert welcome["t"] == "welcome" and welcome["me"]["id"] == room.ada["participant_id"]
    await room.b.ok("card.create", {"board_id": room.board("ww"), "type": "note", "text": "still here"})


async def test_participant_link_for_oneself_closes_ones_own_earlier_socket(room, ws):
    made = make_link(room, room.workshop["participant_id"])
    assert made.status_code == 201
    assert await room.fac.wait_closed() == 4401
    assert room.a.closed is False
