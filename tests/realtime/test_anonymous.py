"""Anonymous means anonymous: an anonymous poll's answers hold no voter in state, export or replay (D2),
and tell nothing by when they came (Q1)."""
import re
from pathlib import Path

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
    assert ev == {"t": "ev", "seq": again["seq"], "put": [], "del": []}  # a changed answer: nothing anyone receives (Q1)
    ada, ben = room.ada["participant_id"], room.ben["participant_id"]

    def ballots_name_nobody(records):
        ballots = [r for r in records if r["kind"] == "poll_answer"]
        for who in (ada, ben, "Ada", "Ben"):
            assert who.encode() not in orjson.dumps(ballots)
        return ballots

    # the state, as the facilitator sees it and as Ada does: no ballot reaches anyone
    assert ballots_name_nobody(room.state()["records"]) == []
    assert ballots_name_nobody(room.state(room.ada["token"])["records"]) == []
    # export.json, while the poll is open: no ballot in the clear, sealed for this server
    export = httpx.get(f"{room.server.base_url}/api/workshops/{room.wid}/export.json",
                       headers={"Authorization": f"Bearer {room.workshop['token']}"}, timeout=10).json()
    assert ballots_name_nobody(export["records"]) == [] and set(export["sealed_answers"]) == {"nonce", "data"}
    # a replay from the start: every poll.answer event is by nobody and names nobody
    replayer, welcome = await ws(room.wid, room.workshop["token"], since=0)
    answers = [e for e in welcome["replay"] if e.get("op") == "poll.answer"]
    assert len(answers) == 2 and all(e["by"] is None for e in answers)  # the changed answer: an empty ev (Q1)
    for e in answers:
        assert ada.encode() not in orjson.dumps(e) and ben.encode() not in orjson.dumps(e)
    # and the stored log itself (what an audit or `coboard export` reads): no actor, no client op id
    import sqlite3
    with sqlite3.connect(room.server.db_path) as db:
        rows = db.execute("SELECT actor_id, client_op, args, put FROM events WHERE workshop_id = ? AND op = ?",
                          (room.wid, "poll.answer")).fetchall()
    assert len(rows) == 3 and all(actor is None and client_op is None for actor, client_op, *_ in rows)
    assert all(ada not in args + put and ben not in args + put for _, _, args, put in rows)


def _shown(ev):
    """What an answer's `ev` tells, leaving out where it is in the log (seq, at) and the poll's version."""
    return {"op": ev["op"], "by": ev["by"], "del": ev["del"],
            "put": [{k: v for k, v in r.items() if k not in ("v", "answered")} for r in ev["put"]],
            "answered": [r["answered"] for r in ev["put"] if r["kind"] == "poll"]}


async def test_Q1_anonymous_poll_answers_evs_and_replay_differ_only_in_the_count_until_the_close(room, ws):
    poll = await room.fac.ok("poll.create", {"question": "Tea or coffee?", "options": ["Tea", "Coffee"]})
    qid = poll["result"]["poll_id"]
    first = await room.a.ok("poll.answer", {"poll_id": qid, "choices": [0]})
    second = await room.b.ok("poll.answer", {"poll_id": qid, "choices": [1]})
    assert (first["result"], second["result"]) == ({"choices": [0]}, {"choices": [1]})  # each voter's own ack
    for client in (room.fac, room.a, room.b):  # staff and both voters see the same two evs but for the count
        one = await client.expect(is_t("ev", seq=first["seq"]))
        two = await client.expect(is_t("ev", seq=second["seq"]))
        assert one["by"] is None and one["op"] == "poll.answer"
        assert _shown(one)["answered"] == [1] and _shown(two)["answered"] == [2]
        assert {**_shown(one), "answered": None} == {**_shown(two), "answered": None}
        assert [r["kind"] for r in one["put"]] == ["poll"] and one["put"][0]["counts"] is None
    changed = await room.a.ok("poll.answer", {"poll_id": qid, "choices": [1]})  # Ada changes her mind
    for client in (room.fac, room.a):  # Ada too: her own answer is not sent back to her
        assert await client.expect(is_t("ev", seq=changed["seq"])) == {
            "t": "ev", "seq": changed["seq"], "put": [], "del": []}
    # a replay from the start, for the facilitator: the same, only the count moves
    _, welcome = await ws(room.wid, room.workshop["token"], since=0)
    answers = [e for e in welcome["replay"] if e.get("op") == "poll.answer"]
    assert [_shown(e)["answered"] for e in answers] == [[1], [2]]
    assert next(e for e in welcome["replay"] if e["seq"] == changed["seq"]) == {
        "t": "ev", "seq": changed["seq"], "put": [], "del": []}
    assert {**_shown(answers[0]), "answered": None} == {**_shown(answers[1]), "answered": None}
    assert all(r["counts"] is None for e in answers for r in e["put"])
    state_poll = next(r for r in room.state()["records"] if r["id"] == qid)
    assert state_poll["counts"] is None and state_poll["answered"] == 2
    # the close: the counts, from every answer at once, reach everyone (a third person: enough to show, Q2)
    await room.fac.ok("poll.answer", {"poll_id": qid, "choices": [0]})
    closed = await room.fac.ok("poll.close", {"poll_id": qid})
    for client in (room.fac, room.a, room.b):
        ev = await client.expect(is_t("ev", seq=closed["seq"]))
        [done] = ev["put"]
        assert done["status"] == "closed" and done["counts"] == [1, 2] and done["answered"] == 3


async def test_anonymous_answers_of_an_open_poll_or_questionnaire_are_sealed_in_export_json(room):
    """Two exports one answer apart must not show that answer: while open, the anonymous answers travel
    sealed (exports/ballot_box.py); a restore on this server opens them, so the counts at the close are
    right; an export whose seal does not hold restores those polls from none; once closed, they show."""
    poll = await room.fac.ok("poll.create", {"question": "Tea or coffee?", "options": ["Tea", "Coffee"]})
    qid = poll["result"]["poll_id"]
    fid = (await room.fac.ok("feedback.open", {"place": "Leeds"}))["result"]["feedback_id"]
    await room.a.ok("poll.answer", {"poll_id": qid, "choices": [0]})
    await room.a.ok("feedback.answer", {"feedback_id": fid, "equals": 4, "help": "More tea please"})
    http = httpx.Client(base_url=room.server.base_url, timeout=30,
                        headers={"Authorization": f"Bearer {room.workshop['token']}"})

    def export_json() -> bytes:
        r = http.get(f"/api/workshops/{room.wid}/export.json")
        assert r.status_code == 200, r.text
        return r.content

    before = export_json()
    await room.b.ok("poll.answer", {"poll_id": qid, "choices": [1]})  # Ben's answer, watched by the facilitator
    await room.b.ok("feedback.answer", {"feedback_id": fid, "equals": 2, "help": "A quieter room"})
    await room.fac.ok("poll.answer", {"poll_id": qid, "choices": [1]})  # three people: the counts will show (Q2)
    after = export_json()
    for text in (before, after):
        doc = orjson.loads(text)
        assert not [r for r in doc["records"] if r["kind"] in ("poll_answer", "feedback_answer")]
        assert b"More tea please" not in text and b"A quieter room" not in text
    one, two = orjson.loads(before)["sealed_answers"], orjson.loads(after)["sealed_answers"]
    assert len(one["data"]) == len(two["data"]) and one["data"] != two["data"]  # same size, nothing to compare

    # restored here: the sealed answers are back, so the close counts both
    r = http.post("/api/workshops/restore", content=after, headers={"Content-Type": "application/json"})
    assert r.status_code == 201, r.text
    restored = r.json()
    do = httpx.Client(base_url=room.server.base_url, timeout=30,
                      headers={"Authorization": f"Bearer {restored['token']}"})
    closed = do.post(f"/api/workshops/{restored['workshop_id']}/ops",
                     json={"op": "poll.close", "id": "close", "args": {"poll_id": qid}})
    assert closed.status_code == 200 and closed.json()["t"] == "ack", closed.text
    state = do.get(f"/api/workshops/{restored['workshop_id']}/state").json()
    restored_poll = next(x for x in state["records"] if x["id"] == qid)
    assert restored_poll["counts"] == [1, 2] and restored_poll["answered"] == 3
    assert next(x for x in state["records"] if x["id"] == fid)["answers"] == 2

    # a seal that does not hold (an edited or foreign export): those answers are not there, and not counted
    doc = orjson.loads(after)
    forged = {**doc, "ballot": {"origin": doc["ballot"]["origin"], "seal": "0" * 64}}
    r = http.post("/api/workshops/restore", json=forged)
    assert r.status_code == 201, r.text
    other = httpx.Client(base_url=room.server.base_url, timeout=30,
                         headers={"Authorization": f"Bearer {r.json()['token']}"})
    records = other.get(f"/api/workshops/{r.json()['workshop_id']}/state").json()["records"]
    assert next(x for x in records if x["id"] == qid)["answered"] == 0
    assert next(x for x in records if x["id"] == fid)["answers"] == 0

    # closed: the poll's answers are ordinary unnamed records again
    await room.fac.ok("poll.close", {"poll_id": qid})
    doc = orjson.loads(export_json())
    ballots = [x for x in doc["records"] if x["kind"] == "poll_answer"]
    assert len(ballots) == 3 and all(x["voter_id"] is None and x["voter_name"] is None for x in ballots)
    assert not [x for x in doc["records"] if x["kind"] == "feedback_answer"]  # the questionnaire is still open


async def test_D2_nothing_staff_can_fetch_holds_a_voter_and_the_log_recounts_the_tallies(room, ws):
    """Issue 12 "Anonymous means anonymous", searched byte by byte: an anonymous poll answered (and changed)
    over the socket and over HTTP, and the questionnaire, then every way staff read the workshop — a
    socket replay from since=0, the HTTP long poll from since=0, the state, export.json, the XLSX and
    CSV exports, the report — and every column of the stored answer events: no voter id, no name. The
    stored log alone recounts what the close counted (the last version of each ballot)."""
    import io
    import sqlite3
    import zipfile

    poll = await room.fac.ok("poll.create", {"question": "Tea or coffee?", "options": ["Tea", "Coffee"]})
    qid = poll["result"]["poll_id"]
    fid = (await room.fac.ok("feedback.open", {"place": "Leeds"}))["result"]["feedback_id"]
    await room.a.ok("poll.answer", {"poll_id": qid, "choices": [0]})
    await room.a.ok("poll.answer", {"poll_id": qid, "choices": [1]})  # Ada changes her mind
    await room.a.ok("feedback.answer", {"feedback_id": fid, "equals": 5, "help": "Quieter tables"})
    http = httpx.Client(base_url=room.server.base_url, timeout=30)
    ben = {"Authorization": f"Bearer {room.ben['token']}"}
    sent = http.post(f"/api/workshops/{room.wid}/ops", headers=ben,  # Ben over the HTTP transport
                     json={"op": "poll.answer", "id": "ben-1", "args": {"poll_id": qid, "choices": [1]}})
    assert sent.status_code == 200 and sent.json()["t"] == "ack", sent.text
    await room.b.ok("feedback.answer", {"feedback_id": fid, "equals": 2})
    await room.fac.ok("poll.answer", {"poll_id": qid, "choices": [0]})  # a third person (Q2)
    closed = await room.fac.ok("poll.close", {"poll_id": qid})
    await room.fac.events_through(closed["seq"])

    voters = {room.ada["participant_id"]: "Ada", room.ben["participant_id"]: "Ben"}
    staff = {"Authorization": f"Bearer {room.workshop['token']}"}

    def names_nobody(what: str, blob: bytes) -> None:
        for pid, name in voters.items():
            assert pid.encode() not in blob, (what, pid)
            assert name.encode() not in blob, (what, name)

    _, welcome = await ws(room.wid, room.workshop["token"], since=0)
    answer_evs = [e for e in welcome["replay"] if e.get("op") in ("poll.answer", "feedback.answer")
                  or not e.get("op")]  # a changed answer is an empty ev, with no op
    names_nobody("socket replay", orjson.dumps(answer_evs))
    polled = http.get(f"/api/workshops/{room.wid}/events", params={"since": 0, "wait": 0}, headers=staff)
    assert polled.status_code == 200
    long_poll = [f for f in polled.json()["frames"] if f.get("t") == "ev" and f.get("op") in (
        "poll.answer", "feedback.answer")]
    assert len(long_poll) == 5 and all(f["by"] is None for f in long_poll)
    names_nobody("HTTP replay", orjson.dumps(long_poll))

    records = http.get(f"/api/workshops/{room.wid}/state", headers=staff).json()["records"]
    ballots = [r for r in records if r["kind"] in ("poll_answer", "feedback_answer")]
    names_nobody("state", orjson.dumps(ballots))
    export = http.get(f"/api/workshops/{room.wid}/export.json", headers=staff)
    exported = [r for r in export.json()["records"] if r["kind"] in ("poll_answer", "feedback_answer")]
    assert len(exported) == 3 and all(r["voter_id"] is None and r["voter_name"] is None for r in exported)
    names_nobody("export.json ballots", orjson.dumps(exported))
    for path in ("export.xlsx", "export.zip"):
        got = http.get(f"/api/workshops/{room.wid}/{path}", headers=staff)
        assert got.status_code == 200, (path, got.text[:200])
        with zipfile.ZipFile(io.BytesIO(got.content)) as z:  # an XLSX is a zip too
            text = b"".join(z.read(n) for n in z.namelist())
        for pid in voters:  # the people sheet names them; nothing of a ballot points at one
            assert pid.encode() not in text, (path, pid)

    report = http.get(f"/api/workshops/{room.wid}/report.html", headers=staff)
    assert report.status_code == 200 and not any(pid in report.text for pid in voters)
    with sqlite3.connect(room.server.db_path) as db:
        rows = db.execute("SELECT seq, actor_id, args, put, deleted, at, client_op, result FROM events "
                          "WHERE workshop_id = ? AND op IN ('poll.answer', 'feedback.answer') ORDER BY seq",
                          (room.wid,)).fetchall()
        close = db.execute("SELECT put, deleted FROM events WHERE workshop_id = ? AND op = 'poll.close'",
                           (room.wid,)).fetchone()
    assert len(rows) == 6 and all(r[1] is None and r[6] is None for r in rows)
    names_nobody("stored answer events", orjson.dumps([list(r) for r in rows]))
    counted = next(r for r in orjson.loads(close[0]) if r["id"] == qid)
    assert recount_from_log(rows + [(None, None, None, close[0], close[1])], qid) == counted["counts"] == [1, 2]
    assert counted["answered"] == 3


def recount_from_log(rows, poll_id) -> list[int]:
    """The log alone: every ballot put, less every ballot deleted (a changed answer's first, at the close)."""
    held = {}
    for row in rows:
        for record in orjson.loads(row[3]):
            if record["kind"] == "poll_answer" and record["poll_id"] == poll_id:
                held[record["id"]] = record
        for record in orjson.loads(row[4] or "[]"):
            held.pop(record["id"], None)
    return [sum(c in b["choices"] for b in held.values()) for c in range(2)]


MILLISECONDS = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


async def test_the_stored_log_dates_no_anonymous_answer_and_pairs_no_first_answer_with_its_change(room, ws):
    """Issue 12, what was left: the stored log (read byte by byte) holds no anonymous answer's own time, only
    its poll's or questionnaire's opening time; a changed answer is a new record, and only the close removes
    the superseded ones, all at once; the log still recounts the close; the ballot secret is not in the
    database file."""
    import sqlite3

    poll = await room.fac.ok("poll.create", {"question": "Tea or coffee?", "options": ["Tea", "Coffee"]})
    qid = poll["result"]["poll_id"]
    fid = (await room.fac.ok("feedback.open", {"place": "Leeds"}))["result"]["feedback_id"]
    await room.a.ok("poll.answer", {"poll_id": qid, "choices": [0]})
    await room.fac.ok("chat.send", {"text": "Keep going"})  # other ops between: their times are their own
    await room.b.ok("poll.answer", {"poll_id": qid, "choices": [0]})
    await room.a.ok("feedback.answer", {"feedback_id": fid, "equals": 3})
    await room.fac.ok("poll.answer", {"poll_id": qid, "choices": [1]})
    await room.a.ok("poll.answer", {"poll_id": qid, "choices": [1]})  # Ada changes her mind
    await room.b.ok("poll.answer", {"poll_id": qid, "choices": [1]})  # and Ben
    await room.b.ok("poll.answer", {"poll_id": qid, "choices": [0]})  # and Ben again
    closed = await room.fac.ok("poll.close", {"poll_id": qid})
    await room.fac.events_through(closed["seq"])

    with sqlite3.connect(room.server.db_path) as db:
        rows = db.execute("SELECT seq, op, args, put, deleted, at, result FROM events WHERE workshop_id = ? "
                          "ORDER BY seq", (room.wid,)).fetchall()
    opened = {r["id"]: r.get("created_at") or r.get("opened_at") for row in rows for r in orjson.loads(row[3])
              if r["kind"] in ("poll", "feedback")}
    answers = [row for row in rows if row[1] in ("poll.answer", "feedback.answer")]
    assert len(answers) == 7
    for seq, op, args, put, deleted, at, result in answers:
        subject = opened[qid] if op == "poll.answer" else opened[fid]
        assert at == subject, (seq, at)
        stored = "\x1f".join(x or "" for x in (args, put, deleted, at, result)).encode()
        assert set(MILLISECONDS.findall(stored)) == {subject.encode()}, seq  # no other time in any column
    assert any(row[1] == "chat.send" and row[5] != opened[qid] for row in rows)  # the others keep theirs

    # no event but the close names an earlier ballot: a change is a new id, deleting nothing
    put_before, closes = set(), []
    for seq, op, args, put, deleted, at, result in rows:
        ballots = [r["id"] for r in orjson.loads(put) if r["kind"] == "poll_answer"]
        gone = [r["id"] for r in orjson.loads(deleted) if r["kind"] == "poll_answer"]
        if op == "poll.close":
            closes.append(gone)
        else:
            assert not gone and not set(ballots) & put_before, seq
        put_before |= set(ballots)
    [superseded] = closes
    assert len(superseded) == 3 and superseded == sorted(superseded)  # Ada's first, Ben's first and second

    # the log alone recounts the close, and the replay and state agree with it
    counted = next(r for r in orjson.loads(rows[-1][3]) if r["id"] == qid)
    assert recount_from_log([(None, None, None, r[3], r[4]) for r in rows], qid) == counted["counts"] == [1, 2]
    _, welcome = await ws(room.wid, room.workshop["token"], since=0)
    for e in welcome["replay"]:
        if e.get("op") in ("poll.answer", "feedback.answer"):
            assert e["at"] in (opened[qid], opened[fid])
    assert next(r for r in room.state()["records"] if r["id"] == qid)["counts"] == [1, 2]

    # the secret the ballot ids come from lives in its own file, not in the database
    key = Path(str(room.server.db_path) + ".ballot-key").read_text().strip()
    for part in Path(room.server.db_path).parent.glob(Path(room.server.db_path).name + "*"):
        if not part.name.endswith(".ballot-key"):
            assert key.encode() not in part.read_bytes(), part.name


async def test_Q2_an_anonymous_poll_of_two_shows_no_counts_and_exports_no_answer(room):
    poll = await room.fac.ok("poll.create", {"question": "Tea or coffee?", "options": ["Tea", "Coffee"]})
    qid = poll["result"]["poll_id"]
    await room.a.ok("poll.answer", {"poll_id": qid, "choices": [0]})
    await room.b.ok("poll.answer", {"poll_id": qid, "choices": [1]})
    closed = await room.fac.ok("poll.close", {"poll_id": qid})
    for client in (room.fac, room.a):
        ev = await client.expect(is_t("ev", seq=closed["seq"]))
        [done] = ev["put"]
        assert done["status"] == "closed" and done["counts"] is None and done["answered"] == 2
    export = httpx.get(f"{room.server.base_url}/api/workshops/{room.wid}/export.json",
                       headers={"Authorization": f"Bearer {room.workshop['token']}"}, timeout=10).json()
    assert not [r for r in export["records"] if r["kind"] == "poll_answer"] and not export["sealed_answers"]


async def test_D2_anonymous_answers_are_stored_together_in_a_random_order_not_as_they_came(tmp_path):
    """An answer's place in the log (its seq: in a replay, and next to its stored choices) used to be
    the moment it came, between the ops of the people seen answering then. Now anonymous answers are
    held until ANSWERS_TOGETHER are waiting (or ANSWERS_WAIT s: 600 here, so the count decides) and
    stored together in a random order, each still with its own seq; each person's ack comes with them."""
    import asyncio

    from tests.conftest import start_server, stop_server
    from tests.realtime.client import connect

    from .conftest import SHARED_ENV

    server = start_server(tmp_path, extra_env={**SHARED_ENV, "COBOARD_ANSWERS_WAIT": "600"})
    clients = []
    try:
        workshop = server.create_workshop("Batches", "Sam")
        wid = workshop["workshop_id"]
        fac, _ = await connect(server.ws_url(wid), workshop["token"], name="fac")
        clients.append(fac)
        people = []
        for name in ("Ada", "Ben", "Cy"):
            client, _ = await connect(server.ws_url(wid), server.join(workshop, name)["token"], name=name)
            clients.append(client)
            people.append(client)
        orders = []
        for round_ in range(8):
            qid = (await fac.ok("poll.create", {"question": f"Round {round_}?", "options": ["Yes", "No"]}))["result"]["poll_id"]
            sent = [await person.send_op("poll.answer", {"poll_id": qid, "choices": [k % 2]})
                    for k, person in enumerate(people[:2])]
            # sent after the first two answers, and stored before them: they are waiting for a third
            chat = await fac.ok("chat.send", {"text": f"meanwhile {round_}"})
            sent.append(await people[2].send_op("poll.answer", {"poll_id": qid, "choices": [0]}))
            acks = [await person.answer(op_id, 10) for person, op_id in zip(people, sent)]
            assert all(a["t"] == "ack" for a in acks), acks
            seqs = [a["seq"] for a in acks]
            assert min(seqs) > chat["seq"], (chat["seq"], seqs)  # before: Ada's and Ben's came before the chat
            assert sorted(seqs) == list(range(min(seqs), min(seqs) + 3))  # together, each with its own seq
            orders.append(tuple(sorted(range(3), key=lambda k: seqs[k])))
            await fac.ok("poll.close", {"poll_id": qid})
        # the order they were stored in is not the order they came (a random order: the same in all 8
        # rounds would happen once in 6**7)
        assert len(set(orders)) > 1, orders
        # a person's own answers keep their order: Ada's change, sent at once, still wins
        for _ in range(4):
            qid = (await fac.ok("poll.create", {"question": "Changed?", "options": ["Yes", "No"]}))["result"]["poll_id"]
            ada, ben, cy = people
            sent = [(ada, await ada.send_op("poll.answer", {"poll_id": qid, "choices": [0]})),
                    (ada, await ada.send_op("poll.answer", {"poll_id": qid, "choices": [1]})),
                    (ben, await ben.send_op("poll.answer", {"poll_id": qid, "choices": [0]})),
                    (cy, await cy.send_op("poll.answer", {"poll_id": qid, "choices": [0]}))]
            await fac.ok("poll.close", {"poll_id": qid})  # stores the answers still waiting first
            answers = [await person.answer(op_id, 10) for person, op_id in sent]
            assert all(a["t"] == "ack" for a in answers), answers
            poll = next(r for r in server.state(wid, workshop["token"])["records"] if r["id"] == qid)
            assert poll["counts"] == [2, 1], poll
    finally:
        for client in clients:
            await client.close()
        stop_server(server)
