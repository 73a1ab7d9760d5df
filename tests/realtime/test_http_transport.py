"""The HTTP transport (POST …/ops, GET …/events) against a real server, mixed with WebSocket clients."""
import asyncio
import time

import httpx
import pytest

from tests.conftest import start_server, stop_server

from .client import is_t
from .conftest import SHARED_ENV


class Poller:
    """A member on the HTTP transport: ops by POST, events by long poll, as the browser's fallback does."""

    def __init__(self, server, workshop_id: str, token: str, client: str = "tab-1"):
        self.base = f"{server.base_url}/api/workshops/{workshop_id}"
        self.http = httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=40)
        self.client, self.since, self.frames = client, 0, []
        self.ids = iter(range(1, 10 ** 6))

    async def op(self, op: str, args=None) -> dict:
        r = await self.http.post(f"{self.base}/ops", params={"client": self.client},
                                 json={"op": op, "id": f"h{next(self.ids)}", "args": args or {}})
        assert r.status_code == 200, r.text
        return r.json()

    async def ok(self, op: str, args=None) -> dict:
        answer = await self.op(op, args)
        assert answer["t"] == "ack", answer
        return answer

    async def poll(self, wait: float = 5) -> dict:
        r = await self.http.get(f"{self.base}/events", params={"since": self.since, "wait": wait,
                                                                "client": self.client})
        assert r.status_code == 200, r.text
        assert r.headers["x-accel-buffering"] == "no" and "no-store" in r.headers["cache-control"]
        body = r.json()
        if "frames" in body:
            self.frames += body["frames"]
            self.since = body["seq"]
        return body

    async def close(self):
        await self.http.aclose()


@pytest.fixture
async def pollers(server):
    made = []

    def make(workshop_id, token, client="tab-1"):
        p = Poller(server, workshop_id, token, client)
        made.append(p)
        return p

    yield make
    for p in made:
        await p.close()


async def test_an_op_by_post_is_acked_like_the_socket_and_its_event_reaches_everyone(room, pollers):
    ada = pollers(room.wid, room.ada["token"])
    answer = await ada.ok("card.create", {"board_id": room.board("nww"), "type": "note", "text": "By HTTP"})
    assert answer["id"] == "h1" and answer["result"]["card_id"]
    ev = await room.fac.expect(is_t("ev", seq=answer["seq"]))
    assert ev["by"] == room.ada["participant_id"] and ev["put"][0]["text"] == "By HTTP"
    refused = await ada.op("card.create", {"board_id": room.board("nww"), "type": "note", "text": "x" * 171})
    assert (refused["t"], refused["code"], refused["id"]) == ("err", "too_long", "h2")


async def test_a_poll_gives_every_event_after_since_in_seq_order_as_the_member_sees_it(room, pollers):
    ben = pollers(room.wid, room.ben["token"])
    ben.since = room.state()["seq"]
    theme = (await room.fac.ok("card.create", {"board_id": room.board("nww"), "type": "theme", "text": "I wait"}))
    round_id = (await room.fac.ok("round.open", {"board_id": room.board("nww")}))["result"]["round_id"]
    vote = await room.a.ok("vote.cast", {"round_id": round_id, "target_id": theme["result"]["card_id"]})
    body = await ben.poll()
    evs = [f for f in body["frames"] if f["t"] == "ev"]
    assert [e["seq"] for e in evs] == list(range(theme["seq"], vote["seq"] + 1))
    assert body["seq"] == vote["seq"]
    ada_vote = next(e for e in evs if e["seq"] == vote["seq"])
    assert not any(r["kind"] == "vote" for r in ada_vote["put"])  # V5: Ada's dot is hers
    ada = pollers(room.wid, room.ada["token"])
    ada.since = vote["seq"] - 1
    mine = (await ada.poll())["frames"][0]
    assert any(r["kind"] == "vote" for r in mine["put"])


async def test_a_long_poll_wakes_within_a_second_of_an_op(room, pollers):
    ben = pollers(room.wid, room.ben["token"])
    ben.since = room.state()["seq"]
    started = time.monotonic()
    waiting = asyncio.create_task(ben.poll(wait=20))
    await asyncio.sleep(0.5)
    sent = time.monotonic()
    done = await room.a.ok("hand.raise")
    body = await waiting
    assert time.monotonic() - sent < 1.0 and time.monotonic() - started < 5
    assert [f["seq"] for f in body["frames"] if f["t"] == "ev"] == [done["seq"]]


async def test_a_quiet_poll_answers_empty_after_its_wait(room, pollers):
    ben = pollers(room.wid, room.ben["token"])
    ben.since = room.state()["seq"]
    await ben.poll(wait=0)  # drain what joining made (presence)
    started = time.monotonic()
    body = await ben.poll(wait=1)
    assert body == {"frames": [], "seq": ben.since} and 0.9 <= time.monotonic() - started < 5


async def test_a_since_beyond_the_workshop_is_a_reset(room, pollers):
    ben = pollers(room.wid, room.ben["token"])
    ben.since = room.state()["seq"] + 100
    body = await ben.poll(wait=0)
    assert body["reset"] is True and "frames" not in body


async def test_presence_eph_and_notices_reach_a_poller(room, pollers):
    host = pollers(room.wid, room.workshop["token"], client="staff-tab")
    host.since = room.state()["seq"]
    await host.poll(wait=0)
    chill = (await room.fac.ok("room.create", {"type": "chill_out"}))["result"]["room_id"]
    await room.a.send({"op": "eph", "args": {"kind": "drag", "card_id": "c1", "x": 0.2, "y": 0.3}})
    await room.a.ok("room.enter", {"room_id": chill})
    for _ in range(5):
        await host.poll(wait=2)
        kinds = {f["t"] for f in host.frames}
        if {"eph", "notice"} <= kinds:
            break
    assert any(f["t"] == "eph" and f["args"]["card_id"] == "c1" for f in host.frames)
    assert any(f["t"] == "notice" and f["kind"] == "chill_out_entered" for f in host.frames)


async def test_eph_by_post_reaches_the_room_and_is_capped(room, pollers):
    ada = pollers(room.wid, room.ada["token"])
    assert await ada.op("eph", {"kind": "drag", "card_id": "c2", "x": 0.5, "y": 0.5}) == {"t": "ok"}
    got = await room.b.expect(is_t("eph"))
    assert got["by"] == room.ada["participant_id"] and got["args"]["card_id"] == "c2"
    big = await ada.op("eph", {"kind": "typing", "pad": "x" * 3000})
    assert (big["t"], big["code"]) == ("err", "too_large") and "id" in big  # answered with its id


async def test_a_poller_counts_as_online_while_it_polls(room, pollers):
    cy = room.server.join(room.workshop, "Cy")
    poller = pollers(room.wid, cy["token"])
    await poller.poll(wait=0)
    came = await room.fac.expect(lambda m: m.get("t") == "presence" and m["participant_id"] == cy["participant_id"])
    assert came["online"] is True
    me = next(r for r in room.state()["records"] if r["id"] == cy["participant_id"])
    assert me["online"] is True


async def test_no_token_or_a_bad_one_is_401_on_both_calls(server, room):
    base = f"{server.base_url}/api/workshops/{room.wid}"
    async with httpx.AsyncClient(timeout=10) as http:
        for headers in ({}, {"Authorization": "Bearer nope"}):
            assert (await http.get(f"{base}/events", params={"since": 0}, headers=headers)).status_code == 401
            r = await http.post(f"{base}/ops", json={"op": "hand.raise", "id": 1, "args": {}}, headers=headers)
            assert r.status_code == 401 and r.json()["code"] == "unauthorized"


async def test_bad_frames_by_post_are_answered_like_the_socket_would(room, pollers):
    ada = pollers(room.wid, room.ada["token"])
    r = await ada.http.post(f"{ada.base}/ops", content=b"{not json")
    assert r.json()["code"] == "invalid"
    assert (await ada.op("workshop.create", {"title": "x"}))["code"] == "invalid"  # internal ops do not exist
    r = await ada.http.post(f"{ada.base}/ops", json={"op": "hand.raise", "id": True})
    assert r.json()["field"] == "id"
    assert (await ada.op("hand.raise"))["t"] == "ack"


async def test_vote_caps_hold_when_one_person_votes_over_both_transports_at_once(room, pollers):
    theme = (await room.fac.ok("card.create", {"board_id": room.board("nww"), "type": "theme", "text": "I"}))
    other = (await room.fac.ok("card.create", {"board_id": room.board("nww"), "type": "theme", "text": "We"}))
    round_id = (await room.fac.ok("round.open", {"board_id": room.board("nww")}))["result"]["round_id"]
    ada_http = pollers(room.wid, room.ada["token"])
    targets = [theme["result"]["card_id"]] * 4 + [other["result"]["card_id"]] * 4
    socket_ids = [await room.a.send_op("vote.cast", {"round_id": round_id, "target_id": t}) for t in targets[::2]]
    by_http = await asyncio.gather(*[ada_http.op("vote.cast", {"round_id": round_id, "target_id": t})
                                     for t in targets[1::2]])
    answers = list(by_http) + [await room.a.answer(op_id) for op_id in socket_ids]
    acked = [a for a in answers if a["t"] == "ack"]
    assert len(acked) == 3  # V1: three dots
    codes = {a["code"] for a in answers if a["t"] == "err"}
    assert codes <= {"vote_limit", "vote_target_limit"}
    round_ = next(r for r in room.state()["records"] if r["id"] == round_id)
    assert sum(round_["tallies"].values()) == 3 and max(round_["tallies"].values()) <= 2  # V2


@pytest.fixture
def short_memory_server(tmp_path):
    server = start_server(tmp_path, extra_env={**SHARED_ENV, "COBOARD_REPLAY_LIMIT": "5",
                                               "COBOARD_POLL_GONE_SECONDS": "2"})
    yield server
    stop_server(server)


async def test_a_since_too_old_to_replay_is_a_reset_and_a_silent_poller_goes_offline(short_memory_server):
    server = short_memory_server
    workshop = server.create_workshop()
    ada = server.join(workshop, "Ada")
    poller = Poller(server, workshop["workshop_id"], ada["token"])
    fac = Poller(server, workshop["workshop_id"], workshop["token"])
    try:
        for _ in range(8):
            await fac.ok("hand.raise")
            await fac.ok("hand.lower")
        assert (await poller.poll(wait=0))["reset"] is True  # since 0 is 17 events back
        poller.since = server.state(workshop["workshop_id"], workshop["token"])["seq"]
        await poller.poll(wait=0)
        online = lambda: next(r for r in server.state(workshop["workshop_id"], workshop["token"])["records"]
                              if r["id"] == ada["participant_id"])["online"]
        assert online() is True
        deadline = time.monotonic() + 10
        while online() and time.monotonic() < deadline:
            await asyncio.sleep(0.5)
        assert online() is False  # 2 s without a poll (40 s by default)
    finally:
        await poller.close()
        await fac.close()
