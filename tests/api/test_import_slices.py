"""A large import is stored in slices (several events, one transaction each) so that SQLite's one writer
takes turns with the other workshops (issue 12; server/realtime/pipeline.py SLICE_RECORDS), and stays
one import for the person who sent it: one answer, the whole file or nothing at all."""
import json
import sqlite3

from server.workers import SLICE_RECORDS

from .data_helpers import records, upload

QUESTION = "What is working well for you?"


def answers_csv(rows: int) -> bytes:
    return (f"Respondent,{QUESTION}\n" + "".join(f"R{i},Seeing my friends, time {i}\n" for i in range(rows))).encode()


def log_of(server, workshop_id: str) -> list[tuple]:
    with sqlite3.connect(server.db_path) as db:
        return db.execute("SELECT seq, op, args, put, deleted FROM events WHERE workshop_id = ? ORDER BY seq",
                          (workshop_id,)).fetchall()


def replayed(log: list[tuple]) -> dict[str, dict]:
    """The records the event log adds up to, applied in order as any replay from since=0 does."""
    out: dict[str, dict] = {}
    for _, _, _, put, deleted in log:
        for r in json.loads(deleted):
            out.pop(r["id"], None)
        for r in json.loads(put):
            out[r["id"]] = r
    return out


def imported(state_records) -> list[dict]:
    return [r for r in state_records if r["kind"] in ("dataset", "answer") or
            (r["kind"] == "card" and r.get("type") == "data")]


def test_large_import_is_stored_in_slices_and_replays_whole(server, http, workshop):
    rows = SLICE_RECORDS * 2  # an answer and a card each: four slices and more
    r = upload(http, workshop, answers_csv(rows))
    assert r.status_code == 200, r.text
    assert (r.json()["responses"], r.json()["cards"]) == (rows, rows)
    log = log_of(server, workshop["workshop_id"])
    parts = [(json.loads(args), json.loads(put)) for _, op, args, put, _ in log if op == "responses.import"]
    assert len(parts) >= 4 and all(len(put) <= SLICE_RECORDS for _, put in parts)
    assert [a["part"] for a, _ in parts] == list(range(1, len(parts) + 1))
    assert {a["parts"] for a, _ in parts} == {len(parts)}
    assert [r["kind"] for r in parts[-1][1]][-1] == "dataset"  # the record naming the whole comes last
    assert all("dataset" not in [r["kind"] for r in put] for _, put in parts[:-1])
    state = server.state(workshop["workshop_id"], workshop["token"])["records"]
    assert len(records(server, workshop, "answer")) == rows
    again = replayed(log)
    assert {r["id"]: r["v"] for r in imported(state)} == {r["id"]: r["v"] for r in imported(again.values())}


def test_import_whose_slice_cannot_be_stored_leaves_nothing(server, http, workshop):
    wid = workshop["workshop_id"]
    before = server.state(wid, workshop["token"])["records"]
    # a real refusal by the database partway through: the third slice's records cannot be written
    with sqlite3.connect(server.db_path) as db:
        db.execute(f"CREATE TRIGGER refuse_third_slice BEFORE INSERT ON records WHEN NEW.workshop_id = '{wid}' "
                   f"AND (SELECT count(*) FROM records WHERE workshop_id = '{wid}' AND kind = 'answer') "
                   f">= {SLICE_RECORDS} BEGIN SELECT RAISE(ABORT, 'refused for the test'); END")
    try:
        r = upload(http, workshop, answers_csv(SLICE_RECORDS * 2))
    finally:
        with sqlite3.connect(server.db_path) as db:
            db.execute("DROP TRIGGER refuse_third_slice")
    assert r.status_code >= 400 and "code" in r.json(), r.text
    after = server.state(wid, workshop["token"])["records"]
    assert imported(after) == [] and {x["id"] for x in after} == {x["id"] for x in before}
    log = log_of(server, wid)
    ops = [(op, json.loads(args)) for _, op, args, _, _ in log if op == "responses.import"]
    assert len(ops) >= 3 and ops[-1][1].get("undone") is True  # two slices stored, then taken back
    assert imported(replayed(log).values()) == []
    with sqlite3.connect(server.db_path) as db:
        left = db.execute("SELECT count(*) FROM records WHERE workshop_id = ? AND kind IN ('answer', 'dataset')",
                          (wid,)).fetchone()[0]
    assert left == 0
    # nothing of it stayed, so the same file can be imported at once (no "already imported")
    r = upload(http, workshop, answers_csv(SLICE_RECORDS * 2))
    assert r.status_code == 200, r.text
    assert len(records(server, workshop, "answer")) == SLICE_RECORDS * 2


def big_export(http, workshop, notes: int) -> dict:
    auth = {"Authorization": f"Bearer {workshop['token']}"}
    export = http.get(f"/api/workshops/{workshop['workshop_id']}/export.json", headers=auth).json()
    board = next(r for r in export["records"] if r["kind"] == "board")
    export["records"] += [{"id": f"c_many{i}", "kind": "card", "v": 1, "board_id": board["id"], "type": "note",
                           "text": f"Note {i}", "x": 0.5, "y": 0.5, "created_by": None,
                           "created_at": "2026-01-01T10:00:00.000Z"} for i in range(notes)]
    return export


def workshop_count(server) -> int:
    with sqlite3.connect(server.db_path) as db:
        return db.execute("SELECT count(*) FROM workshops").fetchone()[0]


def test_large_restore_is_stored_in_slices_and_a_failed_one_leaves_no_workshop(server, http, workshop):
    notes = SLICE_RECORDS * 3
    export = big_export(http, workshop, notes)
    auth = {"Authorization": f"Bearer {workshop['token']}"}
    r = http.post("/api/workshops/restore", json=export, headers=auth)
    assert r.status_code == 201, r.text[:300]
    restored = r.json()["workshop_id"]
    log = log_of(server, restored)
    assert [op for _, op, _, _, _ in log].count("workshop.restore") >= 3
    cards = [c for c in records(server, {"workshop_id": restored, "token": r.json()["token"]}, "card")
             if c["id"].startswith("c_many")]
    assert len(cards) == notes
    # a real refusal by the database partway through the restore's slices: no workshop is left
    before = workshop_count(server)
    with sqlite3.connect(server.db_path) as db:
        db.execute(f"CREATE TRIGGER refuse_a_note BEFORE INSERT ON records WHEN NEW.id = 'c_many{notes - 10}' "
                   f"AND NEW.workshop_id != '{restored}' BEGIN SELECT RAISE(ABORT, 'refused for the test'); END")
    try:
        r = http.post("/api/workshops/restore", json=export, headers=auth)
    finally:
        with sqlite3.connect(server.db_path) as db:
            db.execute("DROP TRIGGER refuse_a_note")
    assert r.status_code >= 400, r.text[:300]
    assert workshop_count(server) == before
    with sqlite3.connect(server.db_path) as db:
        orphans = db.execute("SELECT count(*) FROM records WHERE workshop_id NOT IN (SELECT id FROM workshops)"
                             ).fetchone()[0]
    assert orphans == 0
