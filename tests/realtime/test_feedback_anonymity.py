"""The anonymity promise of reflective feedback, over the wire (PROTOCOL.md "Reflective feedback").

The facilitator's `ev` of an answer has `by: null`; nothing in the state, export.json, the report,
the server's log or a replay from since=0 holds an answerer's id or name; a second answer → conflict.
"""
import json
import sqlite3

import httpx


ANSWER = {"equals": 4, "diversity": 3, "words": ["brave", "kind"], "self_word": "tired",
          "self_reason": "Long days", "satisfaction": 4, "help": "Shorter meetings", "more_less": "More tea"}


async def test_feedback_answer_is_anonymous_everywhere_staff_can_look(room, ws):
    fid = (await room.fac.ok("feedback.open", {"place": "Leeds"}))["result"]["feedback_id"]
    cy = room.server.join(room.workshop, "Cyrille")
    c, _ = await ws(room.wid, cy["token"], name="cy")
    answerers = {room.ada["participant_id"]: "Ada", room.ben["participant_id"]: "Ben", cy["participant_id"]: "Cyrille"}

    seqs = []
    for client, words in ((room.a, ["brave"]), (room.b, ["kind"]), (c, ["brave", "slow"])):
        ack = await client.ok("feedback.answer", {"feedback_id": fid, **ANSWER, "words": words})
        seqs.append(ack["seq"])
    fac_events = {e["seq"]: e for e in await room.fac.events_through(seqs[-1])}
    for seq in seqs:
        ev = fac_events[seq]
        assert ev["op"] == "feedback.answer" and ev["by"] is None, ev
        assert all(r["kind"] == "feedback" for r in ev["put"]), ev  # the answer itself reaches nobody
    # order and timing (F5): the answers' events differ only by the count, so none can be told apart
    shown = [{k: v for k, v in fac_events[seq]["put"][0].items() if k not in ("answers", "v")} for seq in seqs]
    assert all(x == shown[0] for x in shown) and shown[0]["results"] is None
    assert [fac_events[seq]["put"][0]["answers"] for seq in seqs] == [1, 2, 3]

    # a second answer is refused (before the close), and changes nothing
    again = await room.a.op("feedback.answer", {"feedback_id": fid, "equals": 1})
    assert again["t"] == "err" and again["code"] == "conflict"
    closed = await room.fac.ok("feedback.close", {"feedback_id": fid})
    feedback = next(e for e in await room.fac.events_through(closed["seq"]) if e["seq"] == closed["seq"])["put"][0]
    assert feedback["answers"] == 3 and feedback["results"]["words"][0] == {"word": "brave", "count": 2}

    with httpx.Client(base_url=room.server.base_url, timeout=30) as http:
        auth = {"Authorization": f"Bearer {room.workshop['token']}"}
        state = http.get(f"/api/workshops/{room.wid}/state", headers=auth).text
        export = http.get(f"/api/workshops/{room.wid}/export.json", headers=auth).text
        report = http.get(f"/api/workshops/{room.wid}/report.html", headers=auth).text
    replay_client, welcome = await ws(room.wid, room.workshop["token"], since=0, name="replay")
    replay = [e for e in welcome.get("replay", []) if e.get("op", "").startswith("feedback.answer")]
    assert len(replay) == 3 and all(e["by"] is None for e in replay)
    exported = json.loads(export)
    answers = [r for r in exported["records"] if r["kind"] == "feedback_answer"]
    assert len(answers) == 3  # kept for the totals, and restorable

    # nothing ties an answer to a person: not the answer records, not the events of the answers
    answer_events = json.dumps(replay)
    for pid, name in answerers.items():
        for text in (json.dumps(answers), answer_events):
            assert pid not in text and name not in text
    # the stored event log itself: the answer events hold no actor
    with sqlite3.connect(room.server.db_path) as db:
        rows = db.execute("SELECT actor_id, client_op, args, put, deleted, result FROM events "
                          "WHERE op = 'feedback.answer' AND workshop_id = ?", (room.wid,)).fetchall()
    assert len(rows) == 3
    for row in rows:
        text = json.dumps([str(v) for v in row])
        for pid, name in answerers.items():
            assert pid not in text and name not in text
    for row in rows:
        assert row[0] is None and row[1] is None, row[:2]  # no actor, no client op id
    # the results are in the state and the report, as totals and unattributed texts
    assert "Shorter meetings" in report and "Leeds" in report and "brave (2)" in report
    assert '"feedback_answer"' not in state  # one person's answers never reach anyone
    # the server's log: nothing about an answer names who gave it
    for line in room.server.log().splitlines():
        if "feedback" in line:
            assert not any(pid in line or name in line for pid, name in answerers.items()), line
    await replay_client.close()
