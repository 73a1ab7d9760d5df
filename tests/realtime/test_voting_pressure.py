"""Dot voting under pressure: 30 people with two devices each cast and retract at once.

Afterwards no limit is exceeded, every ack has its stored vote, every err left nothing behind,
tallies equal a recount from the event log, nobody received another person's vote, and the
tallies of the hidden round reached participants only after it closed.
"""
import asyncio
import json
import random
import sqlite3
import time
from collections import Counter


PEOPLE, SECONDS = 30, 4.0


def stored(server, wid):
    db = sqlite3.connect(server.db_path)
    try:
        votes = [json.loads(d) for (d,) in db.execute(
            "SELECT data FROM records WHERE workshop_id = ? AND kind = 'vote'", (wid,))]
        events = [(seq, op, json.loads(put), json.loads(deleted)) for seq, op, put, deleted in db.execute(
            "SELECT seq, op, put, deleted FROM events WHERE workshop_id = ? ORDER BY seq", (wid,))]
    finally:
        db.close()
    return votes, events


async def test_V1_V2_V5_V6_thirty_people_two_devices_each_voting_at_once(server, ws):
    workshop = server.create_workshop("Voting under pressure", "Sam")
    wid = workshop["workshop_id"]
    fac, welcome = await ws(wid, workshop["token"], name="fac")
    nww = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "nww")
    themes = [(await fac.ok("card.create", {"board_id": nww, "type": "theme", "text": f"I am theme {i}"}))
              ["result"]["card_id"] for i in range(5)]
    round_id = (await fac.ok("round.open", {"board_id": nww, "hidden": True}))["result"]["round_id"]

    people = [server.join(workshop, f"Voter{i}") for i in range(PEOPLE)]
    devices = []
    for person in people:
        for device in range(2):
            client, w = await ws(wid, person["token"], name=f"{person['participant_id']}#{device}")
            assert w["t"] == "welcome"
            devices.append((person["participant_id"], client))

    acked, refused = [], []

    async def press(voter_id, client, rng):
        end = time.monotonic() + SECONDS
        while time.monotonic() < end:
            op = "vote.cast" if rng.random() < 0.7 else "vote.retract"
            answer = await client.op(op, {"round_id": round_id, "target_id": rng.choice(themes)}, timeout=30)
            (acked if answer["t"] == "ack" else refused).append((voter_id, op, answer))
            await asyncio.sleep(rng.uniform(0.02, 0.12))

    await asyncio.gather(*(press(v, c, random.Random(i)) for i, (v, c) in enumerate(devices)))
    assert acked and refused, "the run should both succeed and hit limits"
    assert {a["code"] for _, _, a in refused} <= {"vote_limit", "vote_target_limit", "invalid"}

    votes, events = stored(server, wid)
    vote_events = [e for e in events if e[1] in ("vote.cast", "vote.retract")]
    # every ack is one stored event, every err none
    assert sorted(a["seq"] for _, _, a in acked) == [seq for seq, *_ in vote_events]
    # every acked cast's vote was stored by its event
    put_ids = {r["id"] for _, op, put, _ in vote_events if op == "vote.cast" for r in put if r["kind"] == "vote"}
    assert {a["result"]["vote_id"] for _, op, a in acked if op == "vote.cast"} == put_ids
    # limits (V1: 3 dots a person, V2: at most 2 on one theme)
    assert max(Counter(v["voter_id"] for v in votes).values()) <= 3
    assert max(Counter((v["voter_id"], v["target_id"]) for v in votes).values()) <= 2
    # a recount from the event log equals the stored votes and the round's tallies
    recount = Counter()
    for _, op, put, deleted in vote_events:
        recount.update(r["target_id"] for r in put if r["kind"] == "vote")
        recount.subtract(r["target_id"] for r in deleted if r["kind"] == "vote")
    recount = +recount
    assert recount == Counter(v["target_id"] for v in votes)
    await fac.ok("round.close", {"round_id": round_id})
    round_ = next(r for r in server.state(wid, workshop["token"])["records"] if r["id"] == round_id)
    assert round_["tallies"] == dict(recount)

    # V5 and V6: what each device received
    for voter_id, client in devices:
        await client.expect(lambda m: m.get("t") == "ev" and any(
            r.get("id") == round_id and r.get("status") == "closed" for r in m.get("put", [])), 10, "the close")
        for text in client.raw:
            frame = json.loads(text)
            for record in frame.get("put", []) + frame.get("records", []):
                if record.get("kind") == "vote":
                    assert record["voter_id"] == voter_id, "a vote reached someone else"
                if record.get("kind") == "round" and record.get("status") == "open":
                    assert "tallies" not in record, "hidden tallies reached a participant"
    closed_round = next(r for m in map(json.loads, devices[0][1].raw) for r in m.get("put", [])
                        if r.get("id") == round_id and r.get("status") == "closed")
    assert closed_round["tallies"] == dict(recount)


async def test_V4_a_closed_round_refuses_every_change(room):
    nww = room.board("nww")
    theme = (await room.fac.ok("card.create", {"board_id": nww, "type": "theme", "text": "I am lonely"}))["result"]["card_id"]
    rid = (await room.fac.ok("round.open", {"board_id": nww}))["result"]["round_id"]
    await room.a.ok("vote.cast", {"round_id": rid, "target_id": theme})
    await room.fac.ok("round.close", {"round_id": rid})
    seq = room.state()["seq"]
    for op in ("vote.cast", "vote.retract"):
        answer = await room.a.op(op, {"round_id": rid, "target_id": theme})
        assert answer["t"] == "err" and answer["code"] == "vote_closed"
    assert room.state()["seq"] == seq
