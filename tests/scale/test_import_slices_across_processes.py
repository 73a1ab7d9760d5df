"""A large import stored in slices on one process while people on another keep changing the same
workshop (PostgreSQL + Redis, two real `coboard serve` processes).

Between two slices the other process may commit; the next slice must neither overwrite what it
committed nor be written on a state it no longer fits. Afterwards every acked op of the other process
is in the state and in the log, the log's seqs have no gap, its replay is the state, and the import
answered once and is whole.
"""
import asyncio
import json
import signal
from collections import deque

import asyncpg
import httpx

from tests.api.test_import_slices import answers_csv, imported
from tests.realtime.client import connect

from .conftest import MANY, start_servers
from tests.conftest import stop_server

SLICE = 40  # records per slice: 1,200 rows (an answer and a card each) make 60 slices
ROWS = 1200
STILL_IMPORTING = "These answers are still being imported. Please try again in a moment."


async def log_of(url: str, wid: str) -> list[dict]:
    db = await asyncpg.connect(url)
    try:
        rows = await db.fetch("SELECT seq, op, args, put, deleted, client_op FROM events WHERE workshop_id = $1 "
                              "ORDER BY seq", wid)
        table = await db.fetch("SELECT data FROM records WHERE workshop_id = $1", wid)
    finally:
        await db.close()
    return [dict(r) for r in rows], {json.loads(r["data"])["id"]: json.loads(r["data"]) for r in table}


def replay(log: list[dict]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for e in log:
        for r in json.loads(e["deleted"]):
            out.pop(r["id"], None)
        for r in json.loads(e["put"]):
            out[r["id"]] = r
    return out


def same(shown: dict[str, dict], stored: dict[str, dict]) -> bool:
    """The state as a staff member is shown it is the stored records (people carry whether they are online)."""
    return ({i: r["v"] for i, r in shown.items()} == {i: r["v"] for i, r in stored.items()} and
            all(shown[i] == r for i, r in stored.items() if r["kind"] != "participant"))


def upload(server, workshop) -> httpx.Response:
    with httpx.Client(base_url=server.base_url, timeout=120) as http:
        return http.post(f"/api/workshops/{workshop['workshop_id']}/responses",
                         headers={"Authorization": f"Bearer {workshop['token']}"},
                         files={"file": ("answers.csv", answers_csv(ROWS), "text/csv")})


async def test_an_import_in_slices_loses_nothing_acked_on_another_process(tmp_path, postgres, redis_url):
    url = postgres()
    env = {"DATABASE_URL": url, "REDIS_URL": redis_url, **MANY, "COBOARD_SLICE_RECORDS": str(SLICE),
           "COBOARD_OPS_PER_SECOND": "1000", "COBOARD_OPS_BURST": "1000"}
    a, b = start_servers(tmp_path, env, 2)
    clients = []
    try:
        workshop = a.create_workshop("Imported while busy", "Sam")
        wid = workshop["workshop_id"]
        people = [a.join(workshop, f"P{i}") for i in range(3)]
        fac, welcome = await connect(b.ws_url(wid), workshop["token"], name="fac-b")
        assert welcome["t"] == "welcome", welcome
        clients.append(fac)
        ww = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "ww")
        for i, person in enumerate(people):
            client, first = await connect(b.ws_url(wid), person["token"], name=f"p{i}")
            assert first["t"] == "welcome", first
            clients.append(client)
        acked: list[dict] = []  # every ack process B gave, with what it was for
        last: dict[str, dict] = {}  # card id → the fields its last acked update set
        for client in clients[1:]:
            for k in range(3):
                ack = await client.ok("card.create", {"board_id": ww, "type": "note", "text": f"{client.name} {k}"})
                acked.append({"seq": ack["seq"], "op": "card.create"})
                last[ack["result"]["card_id"]] = {}

        importing = asyncio.create_task(asyncio.to_thread(upload, a, workshop))

        async def participant(client, mine: list[str]):
            n = 0
            while not importing.done():
                n += 1
                card = mine[n % len(mine)]
                fields = {"x": round((n % 97) / 100, 2), "y": round((n % 89) / 100, 2)}
                ack = await client.ok("card.update", {"card_id": card, **fields})
                acked.append({"seq": ack["seq"], "op": "card.update"})
                last[card] = fields
                if n % 10 == 0:
                    ack = await client.ok("card.create", {"board_id": ww, "type": "note", "text": f"{client.name} n{n}"})
                    acked.append({"seq": ack["seq"], "op": "card.create"})
                    mine.append(ack["result"]["card_id"])
                    last[mine[-1]] = {}

        refused_while_importing = []

        async def facilitator():
            """Tries to move the imported cards as the slices that bring them arrive (cards of stored
            slices): refused in plain words until the import is whole (rule I1), acked after."""
            moved, n, seen = set(), 0, deque()

            def cards_in(events) -> None:
                seen.extend(r["id"] for m in events for r in m.get("put", ())
                            if r.get("kind") == "card" and r.get("type") == "data")

            while not importing.done():
                cards_in(m for m in fac.inbox if m.get("t") == "ev")  # those that came with an answer
                fac.inbox[:] = [m for m in fac.inbox if m.get("t") != "ev"]
                if not seen:
                    event = await fac.recv(lambda m: m.get("t") == "ev", 0.5)  # waits for an event
                    cards_in([event] if event is not None else [])
                    continue
                card = seen.popleft()
                if card in moved:
                    continue
                n += 1
                fields = {"x": 0.9, "y": round((n % 50) / 100, 2), "text": f"moved on B {n}"}
                answer = await fac.op("card.update", {"card_id": card, **fields})
                moved.add(card)
                if answer["t"] == "err":
                    assert (answer["code"], answer["message"]) == ("conflict", STILL_IMPORTING), answer
                    refused_while_importing.append(card)
                    continue
                acked.append({"seq": answer["seq"], "op": "card.update"})
                last[card] = fields

        ids = list(last)  # each participant moves only its own notes
        own = {c.name: ids[i * 3:(i + 1) * 3] for i, c in enumerate(clients[1:])}
        await asyncio.gather(*(participant(c, own[c.name]) for c in clients[1:]), facilitator())
        r = await importing
        assert r.status_code == 200, r.text  # the import is not refused because others are busy
        assert (r.json()["responses"], r.json()["cards"]) == (ROWS, ROWS)

        state_b = b.state(wid, workshop["token"])
        log, table = await log_of(url, wid)
        assert [e["seq"] for e in log] == list(range(1, len(log) + 1)) and log[-1]["seq"] == state_b["seq"]
        slices = [e["seq"] for e in log if e["op"] == "responses.import"]
        assert len(slices) >= ROWS * 2 // SLICE
        between = [x for x in acked if slices[0] < x["seq"] < slices[-1]]
        assert between, "process B committed nothing between the slices: the test did not exercise the race"
        assert refused_while_importing, "B never tried an imported card before the import was whole"
        for card in refused_while_importing[:5]:  # now whole: the same move goes through
            fields = {"x": 0.1, "y": 0.2}
            await fac.ok("card.update", {"card_id": card, **fields})
            last[card] = fields
        state_b = b.state(wid, workshop["token"])
        log, table = await log_of(url, wid)
        by_seq = {e["seq"]: e for e in log}
        for x in acked:  # each ack is the event of its seq in the log
            assert by_seq[x["seq"]]["op"] == x["op"], x
        replayed = replay(log)
        assert replayed == table
        state = {r["id"]: r for r in state_b["records"]}
        assert same(state, table)
        for card, fields in last.items():  # the last acked change of every card B touched is what stands
            assert {k: state[card][k] for k in fields} == fields, (card, fields, state.get(card))
        assert len([r for r in imported(state.values()) if r["kind"] == "answer"]) == ROWS
        boards = {r["id"] for r in state.values() if r["kind"] == "board"}
        assert all(r["board_id"] in boards for r in state.values() if r["kind"] == "card")
        state_a = a.state(wid, workshop["token"])
        assert state_a["seq"] == state_b["seq"] and same({r["id"]: r for r in state_a["records"]}, table)
    finally:
        for client in clients:
            await client.close()
        for server in (a, b):
            stop_server(server)


async def test_the_same_file_imported_on_both_processes_at_once_is_stored_once(tmp_path, postgres, redis_url):
    """The same file sent to both processes at once. Each is decided on a state without the other's
    dataset (an import's last slice), so both pass the already-imported check: a real PostgreSQL
    trigger holds the first slice on A until B, decided, waits for the workshop's row. Whichever dataset is stored first, the other import no longer fits
    what it was decided on (a dataset came): it is taken back by one more event and refused, instead
    of every answer going on the boards twice. (Before, B's import was refused at its first slice,
    as any import was once another process had committed while it was decided.)"""
    url = postgres()
    env = {"DATABASE_URL": url, "REDIS_URL": redis_url, **MANY, "COBOARD_SLICE_RECORDS": str(SLICE)}
    a, b = start_servers(tmp_path, env, 2)
    held = await asyncpg.connect(url)
    try:
        workshop = a.create_workshop("Imported twice at once", "Sam")
        wid = workshop["workshop_id"]
        await held.execute("SELECT pg_advisory_lock(4242)")
        await held.execute("CREATE FUNCTION hold_answers() RETURNS trigger AS $$ BEGIN "
                           "PERFORM pg_advisory_xact_lock_shared(4242); RETURN NEW; END $$ LANGUAGE plpgsql")
        await held.execute(f"CREATE TRIGGER hold_answers BEFORE INSERT ON records FOR EACH ROW "
                           f"WHEN (NEW.workshop_id = '{wid}') EXECUTE FUNCTION hold_answers()")
        on_a = asyncio.create_task(asyncio.to_thread(upload, a, workshop))
        while not await held.fetchval("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'advisory'"):
            assert not on_a.done(), (await on_a).text
            await asyncio.sleep(0.05)  # A's first slice waits for the test's lock
        on_b = asyncio.create_task(asyncio.to_thread(upload, b, workshop))
        while not await held.fetchval("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                      "AND wait_event <> 'advisory'"):
            assert not on_b.done(), (await on_b).text
            await asyncio.sleep(0.05)  # B, decided, waits for the workshop's row that A's slice holds
        await held.execute("SELECT pg_advisory_unlock(4242)")
        await held.execute("DROP TRIGGER hold_answers ON records")
        answers = sorted([(await on_a).status_code, (await on_b).status_code])
        log, table = await log_of(url, wid)
        parts = [json.loads(e["args"]) for e in log if e["op"] == "responses.import"]
        # both were decided before either dataset was stored (B while A's first slice was held); B's first
        # slice comes after some of A's (the row lock is not handed on in turn), or, had A stored all of
        # its slices first, not at all (refused at its first, nothing to undo)
        firsts = [k for k, x in enumerate(parts) if x.get("part") == 1]
        assert answers == [200, 409], answers
        assert len(firsts) in (1, 2) and [x.get("undone") for x in parts].count(True) == len(firsts) - 1
        assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
        assert replay(log) == table
        assert len([x for x in table.values() if x["kind"] == "dataset"]) == 1
        assert len([x for x in table.values() if x["kind"] == "answer"]) == ROWS
        assert len([x for x in table.values() if x["kind"] == "card" and x["type"] == "data"]) == ROWS
        for server in (a, b):
            state = server.state(wid, workshop["token"])
            assert state["seq"] == log[-1]["seq"] and same({x["id"]: x for x in state["records"]}, table)
    finally:
        await held.close()
        for server in (a, b):
            stop_server(server)


async def test_an_import_taken_back_loses_no_change_made_on_another_process(tmp_path, postgres, redis_url):
    """While process A stores an import in slices, a facilitator on process B tries to move one of its
    cards and adds a note; then A is told to stop and takes the import back. Before, B's move was acked
    and then deleted with the card by the undo: an acknowledged change lost. Now the move is refused in
    plain words until the import is whole (rule I1), the note stands, and nothing of the import stays.
    A real PostgreSQL trigger holds A's next slice while the stop comes, so the import cannot finish first."""
    url = postgres()
    env = {"DATABASE_URL": url, "REDIS_URL": redis_url, **MANY, "COBOARD_SLICE_RECORDS": str(SLICE)}
    a, b = start_servers(tmp_path, env, 2)
    held = await asyncpg.connect(url)
    fac = None
    try:
        workshop = a.create_workshop("Taken back", "Sam")
        wid = workshop["workshop_id"]
        fac, welcome = await connect(b.ws_url(wid), workshop["token"], name="fac-b")
        ww = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "ww")
        await held.execute("SELECT pg_advisory_lock(4243)")
        await held.execute("CREATE FUNCTION hold_slices() RETURNS trigger AS $$ BEGIN "
                           "PERFORM pg_advisory_xact_lock_shared(4243); RETURN NEW; END $$ LANGUAGE plpgsql")
        importing = asyncio.create_task(asyncio.to_thread(upload, a, workshop))
        card = None
        for _ in range(600):  # bounded: until a stored slice brings an imported card to B
            card = next((r for m in fac.inbox if m.get("t") == "ev" for r in m.get("put", ())
                         if r.get("kind") == "card" and r.get("type") == "data"), None)
            if card or importing.done():
                break
            seen = await fac.recv(lambda m: m.get("t") == "ev", 0.5)
            if seen is not None:
                fac.inbox.append(seen)
        assert card is not None and not importing.done(), "no slice was seen before the import ended"
        move = await fac.op("card.update", {"card_id": card["id"], "x": 0.9, "y": 0.9, "text": "moved on B"})
        note = await fac.ok("card.create", {"board_id": ww, "type": "note", "text": "a note on B"})
        await held.execute(f"CREATE TRIGGER hold_slices BEFORE INSERT ON records FOR EACH ROW "
                           f"WHEN (NEW.workshop_id = '{wid}') EXECUTE FUNCTION hold_slices()")
        assert not importing.done(), (await importing).text
        a.process.send_signal(signal.SIGTERM)
        r = await importing
        await held.execute("SELECT pg_advisory_unlock(4243)")  # A's held slice ends; then it takes them back
        await asyncio.to_thread(a.process.wait, 90)
        await held.execute("DROP TRIGGER hold_slices ON records")
        assert r.status_code == 503 and "The server is stopping" in r.json()["message"], r.text

        log, table = await log_of(url, wid)
        assert [x.get("undone") for e in log if e["op"] == "responses.import"
                for x in [json.loads(e["args"])]].count(True) == 1
        assert replay(log) == table
        assert not [x for x in table.values() if x["kind"] in ("answer", "dataset")
                    or (x["kind"] == "card" and x.get("type") == "data")]  # nothing of the import stays
        assert table[note["result"]["card_id"]]["text"] == "a note on B"  # B's acked note stands
        if move["t"] == "ack":  # acked: it must stand (before, the undo deleted the card with B's move)
            assert table.get(card["id"], {}).get("text") == "moved on B", "an acked change was lost"
        assert (move["t"], move.get("code"), move.get("message")) == ("err", "conflict", STILL_IMPORTING)
    finally:
        if fac is not None:
            await fac.close()
        await held.close()
        for server in (a, b):
            stop_server(server)
