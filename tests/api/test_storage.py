"""Storage: one event row per seq, records equal to the state, WAL, and nothing acked lost on restart."""
import asyncio
import json
import sqlite3
import threading

from tests.conftest import start_server, stop_server
from tests.realtime.client import connect


def db(server) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True, isolation_level=None)
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


def without_presence(records):
    """Records as stored: `online` is presence, filled in per view, not stored state."""
    return {r["id"]: {k: v for k, v in r.items() if k != "online"} for r in records}


def stored_records(conn, workshop_id):
    rows = conn.execute("select id, kind, v, data from records where workshop_id = ?", (workshop_id,)).fetchall()
    out = {}
    for rid, kind, v, data in rows:
        record = json.loads(data)
        assert (record["id"], record["kind"], record["v"]) == (rid, kind, v)
        out[rid] = record
    return without_presence(out.values())


async def some_ops(server, workshop, participant):
    """A morning's theming over WebSockets; the acks, in order."""
    wid = workshop["workshop_id"]
    fac, wf = await connect(server.ws_url(wid), workshop["token"], name="fac")
    ada, _ = await connect(server.ws_url(wid), participant["token"], name="ada")
    nww = next(r["id"] for r in wf["records"] if r["kind"] == "board" and r["type"] == "nww")
    acks = []
    theme = await fac.ok("card.create", {"board_id": nww, "type": "theme", "text": "I am lonely"})
    data = await fac.ok("card.create", {"board_id": nww, "type": "data", "text": "Nobody visits. I never go out"})
    note = await ada.ok("card.create", {"board_id": nww, "type": "note", "text": "Ada's note"})
    acks += [theme, data, note]
    acks.append(await ada.ok("card.group", {"card_id": data["result"]["card_id"],
                                            "theme_id": theme["result"]["card_id"]}))
    acks.append(await fac.ok("card.split", {"card_id": data["result"]["card_id"],
                                            "texts": ["Nobody visits", "I never go out"]}))
    acks.append(await ada.ok("card.delete", {"card_id": note["result"]["card_id"]}))
    acks.append(await fac.ok("workshop.update", {"activity": "Theming"}))
    refused = await ada.op("card.split", {"card_id": theme["result"]["card_id"], "texts": ["a", "b"]})
    assert refused["t"] == "err"
    await fac.close()
    await ada.close()
    return acks


def test_one_event_row_per_seq_and_records_equal_to_the_state(server):
    live_server = server
    workshop = live_server.create_workshop()
    ada = live_server.join(workshop, "Ada")
    acks = asyncio.run(some_ops(live_server, workshop, ada))
    wid = workshop["workshop_id"]
    state = live_server.state(wid, workshop["token"])
    assert state["seq"] == acks[-1]["seq"]

    conn = db(live_server)
    seqs = [s for (s,) in conn.execute("select seq from events where workshop_id = ? order by seq", (wid,))]
    assert seqs == list(range(1, state["seq"] + 1))  # one row per seq: no gap, nothing for the refused op
    assert conn.execute("select seq from workshops where id = ?", (wid,)).fetchone()[0] == state["seq"]
    ops = [op for (op,) in conn.execute("select op from events where workshop_id = ? order by seq", (wid,))]
    assert ops[-7:] == ["card.create", "card.create", "card.create", "card.group", "card.split", "card.delete",
                        "workshop.update"]

    stored = stored_records(conn, wid)
    assert stored == without_presence(state["records"])  # the facilitator sees every record

    # and the event log alone rebuilds the same records
    rebuilt = {}
    for put, deleted in conn.execute("select put, deleted from events where workshop_id = ? order by seq", (wid,)):
        for r in json.loads(deleted):
            rebuilt.pop(r["id"], None)
        for r in json.loads(put):
            rebuilt[r["id"]] = r
    assert without_presence(rebuilt.values()) == stored

    # tokens are stored only as hashes
    tokens = [t for (t,) in conn.execute("select token_hash from credentials where workshop_id = ?", (wid,))]
    assert len(tokens) == 2 and workshop["token"] not in tokens and ada["token"] not in tokens


def test_sqlite_runs_in_wal_mode(server):
    server.create_workshop()
    assert db(server).execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"


def test_event_seq_and_records_are_committed_together(server):
    """A reader looking at the file while ops commit never sees an event without its records or seq."""
    live_server = server
    workshop = live_server.create_workshop()
    wid = workshop["workshop_id"]
    stop = threading.Event()
    checked, problems = [0], []

    def reader():
        conn = db(live_server)
        while not stop.is_set():
            conn.execute("BEGIN")
            seq = conn.execute("select seq from workshops where id = ?", (wid,)).fetchone()[0]
            last = conn.execute("select seq, put from events where workshop_id = ? order by seq desc limit 1",
                                (wid,)).fetchone()
            rows = dict(conn.execute("select id, data from records where workshop_id = ?", (wid,)).fetchall())
            conn.execute("COMMIT")
            if last[0] != seq:
                problems.append(f"workshops.seq {seq} but last event {last[0]}")
            for record in json.loads(last[1]):
                if json.loads(rows.get(record["id"], "null")) != record:
                    problems.append(f"event {seq} put {record['id']} v{record['v']} but the record row differs")
            checked[0] += 1

    async def writes():
        fac, wf = await connect(live_server.ws_url(wid), workshop["token"])
        ww = next(r["id"] for r in wf["records"] if r["kind"] == "board" and r["type"] == "ww")
        card = (await fac.ok("card.create", {"board_id": ww, "type": "note", "text": "moving"}))["result"]["card_id"]
        for i in range(40):
            await fac.ok("card.update", {"card_id": card, "x": i / 40, "text": f"moving {i}"})
        await fac.close()

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        asyncio.run(writes())
    finally:
        stop.set()
        thread.join(10)
    assert checked[0] > 0
    assert problems == []


def test_a_restart_keeps_the_state_seq_and_tokens(live_server, tmp_path):
    workshop = live_server.create_workshop()
    ada = live_server.join(workshop, "Ada", perspective="provider")
    wid = workshop["workshop_id"]
    acks = asyncio.run(some_ops(live_server, workshop, ada))
    before_fac = live_server.state(wid, workshop["token"])
    before_ada = live_server.state(wid, ada["token"])

    async def live_events():
        c, welcome = await connect(live_server.ws_url(wid), ada["token"], since=acks[0]["seq"] - 1)
        await c.close()
        return welcome["replay"]
    replay_before = asyncio.run(live_events())

    stop_server(live_server)
    again = start_server(tmp_path, extra_env=None)
    try:
        assert again.db_path == live_server.db_path
        after_fac = again.state(wid, workshop["token"])
        after_ada = again.state(wid, ada["token"])
        assert after_fac["seq"] == before_fac["seq"] == acks[-1]["seq"]
        assert without_presence(after_fac["records"]) == without_presence(before_fac["records"])
        assert without_presence(after_ada["records"]) == without_presence(before_ada["records"])

        async def resume():
            c, welcome = await connect(again.ws_url(wid), ada["token"], since=acks[0]["seq"] - 1)
            c2, current = await connect(again.ws_url(wid), ada["token"], since=after_ada["seq"])
            nxt = await c.ok("card.create", {"board_id": next(r["id"] for r in after_ada["records"]
                                                             if r["kind"] == "board"), "type": "note",
                                            "text": "after the restart"})
            await c.close()
            await c2.close()
            return welcome, current, nxt

        welcome, current, nxt = asyncio.run(resume())
        # the replay now comes from the database, and is the same as before the restart
        assert [(e["seq"], e["put"], e["del"]) for e in welcome["replay"]] == \
               [(e["seq"], e["put"], e["del"]) for e in replay_before]
        assert current["replay"] == []
        assert nxt["seq"] == after_fac["seq"] + 1
    finally:
        stop_server(again)


def test_nothing_acked_is_lost_when_the_server_is_killed(live_server, tmp_path):
    workshop = live_server.create_workshop()
    wid = workshop["workshop_id"]

    async def burst():
        fac, wf = await connect(live_server.ws_url(wid), workshop["token"])
        ww = next(r["id"] for r in wf["records"] if r["kind"] == "board" and r["type"] == "ww")
        ids = [await fac.send_op("card.create", {"board_id": ww, "type": "note", "text": f"card {i}"})
               for i in range(30)]
        return [await fac.answer(i) for i in ids]

    acks = asyncio.run(burst())
    assert all(a["t"] == "ack" for a in acks)
    live_server.process.kill()  # no graceful shutdown: only what was committed survives
    live_server.process.wait(5)

    again = start_server(tmp_path)
    try:
        state = again.state(wid, workshop["token"])
        assert state["seq"] >= acks[-1]["seq"]
        ids = {r["id"] for r in state["records"]}
        assert {a["result"]["card_id"] for a in acks} <= ids
    finally:
        stop_server(again)
