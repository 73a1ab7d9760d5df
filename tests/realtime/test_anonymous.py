"""Anonymous means anonymous: an anonymous poll's answers hold no voter in state, export or replay."""
import httpx
import orjson

from tests.realtime.client import is_t


async def test_D2_poll_answer_anonymous_names_nobody_in_state_export_or_replay(room, ws):
    poll = await room.fac.ok("poll.create", {"question": "How are you?", "options": ["Good", "Tired"]})
    qid = poll["result"]["poll_id"]
    first = await room.a.ok("poll.answer", {"poll_id": qid, "choices": [0]})
    assert first["result"] == {"choices": [0]}
    await room.b.ok("poll.answer", {"poll_id": qid, "choices": [0]})
    again = await room.a.ok("poll.answer", {"poll_id": qid, "choices": [1]})  # Ada changes her mind
    ev = await room.fac.expect(is_t("ev", seq=again["seq"]))
    assert ev["by"] is None and ev["op"] == "poll.answer"
    assert next(r for r in ev["put"] if r["kind"] == "poll")["counts"] == [1, 1]
    ada, ben = room.ada["participant_id"], room.ben["participant_id"]

    def ballots_name_nobody(records):
        ballots = [r for r in records if r["kind"] == "poll_answer"]
        for who in (ada, ben, "Ada", "Ben"):
            assert who.encode() not in orjson.dumps(ballots)
        return ballots

    # the state, as the facilitator sees it and as Ada does: no ballot reaches anyone
    assert ballots_name_nobody(room.state()["records"]) == []
    assert ballots_name_nobody(room.state(room.ada["token"])["records"]) == []
    # export.json keeps the ballots (a restore recounts nothing) but names nobody
    export = httpx.get(f"{room.server.base_url}/api/workshops/{room.wid}/export.json",
                       headers={"Authorization": f"Bearer {room.workshop['token']}"}, timeout=10).json()
    assert len(ballots_name_nobody(export["records"])) == 2
    # a replay from the start: every poll.answer event is by nobody and names nobody
    replayer, welcome = await ws(room.wid, room.workshop["token"], since=0)
    answers = [e for e in welcome["replay"] if e.get("op") == "poll.answer"]
    assert len(answers) == 3 and all(e["by"] is None for e in answers)
    for e in answers:
        assert ada.encode() not in orjson.dumps(e) and ben.encode() not in orjson.dumps(e)
    # and the stored log itself (what an audit or `coboard export` reads): no actor, no client op id
    import sqlite3
    with sqlite3.connect(room.server.db_path) as db:
        rows = db.execute("SELECT actor_id, client_op, args, put FROM events WHERE workshop_id = ? AND op = ?",
                          (room.wid, "poll.answer")).fetchall()
    assert len(rows) == 3 and all(actor is None and client_op is None for actor, client_op, *_ in rows)
    assert all(ada not in args + put and ben not in args + put for _, _, args, put in rows)
