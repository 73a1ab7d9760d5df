"""On PostgreSQL too, a large import or restore is stored in slices (issue 12; pipeline.py SLICE_RECORDS):
several events of at most SLICE_RECORDS records, one transaction each, one answer to the importer; a
slice the database refuses (a real trigger here) is undone by one more event, and leaves nothing."""
import asyncio
import json

import asyncpg
import httpx

from server.workers import SLICE_RECORDS
from tests.api.test_import_slices import answers_csv, big_export, imported, replayed
from tests.conftest import start_server, stop_server


def sql(url: str, query: str, *args):
    async def run():
        db = await asyncpg.connect(url)
        try:
            return await db.fetch(query, *args)
        finally:
            await db.close()
    return asyncio.run(run())


def log_of(url: str, wid: str) -> list[tuple]:
    return [tuple(r) for r in sql(url, "SELECT seq, op, args, put, deleted FROM events WHERE workshop_id = $1 "
                                       "ORDER BY seq", wid)]


def upload(http, workshop, content: bytes) -> httpx.Response:
    return http.post(f"/api/workshops/{workshop['workshop_id']}/responses",
                     headers={"Authorization": f"Bearer {workshop['token']}"},
                     files={"file": ("answers.csv", content, "text/csv")})


def test_import_and_restore_on_postgresql_are_stored_in_slices(tmp_path, postgres):
    url = postgres()
    server = start_server(tmp_path, {"DATABASE_URL": url})
    try:
        workshop = server.create_workshop("Sliced on PostgreSQL")
        wid = workshop["workshop_id"]
        with httpx.Client(base_url=server.base_url, timeout=120) as http:
            # a real refusal partway through: once SLICE_RECORDS answers are stored, no more may be
            sql(url, f"""CREATE FUNCTION refuse_slice() RETURNS trigger AS $$ BEGIN
                IF (SELECT count(*) FROM records WHERE workshop_id = '{wid}' AND kind = 'answer') >= {SLICE_RECORDS}
                THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql""")
            sql(url, f"CREATE TRIGGER refuse_third_slice BEFORE INSERT ON records FOR EACH ROW "
                     f"WHEN (NEW.workshop_id = '{wid}') EXECUTE FUNCTION refuse_slice()")
            try:
                r = upload(http, workshop, answers_csv(SLICE_RECORDS * 2))
            finally:
                sql(url, "DROP TRIGGER refuse_third_slice ON records")
            assert r.status_code >= 400 and "code" in r.json(), r.text
            ops = [(op, json.loads(args)) for _, op, args, _, _ in log_of(url, wid) if op == "responses.import"]
            assert len(ops) >= 3 and ops[-1][1].get("undone") is True  # slices stored, then taken back
            left = sql(url, "SELECT count(*) AS n FROM records WHERE workshop_id = $1 AND kind IN ('answer', 'dataset')",
                       wid)[0]["n"]
            assert left == 0 and imported(replayed(log_of(url, wid)).values()) == []

            rows = SLICE_RECORDS * 2  # an answer and a card each: four slices and more
            r = upload(http, workshop, answers_csv(rows))  # the same file: nothing of the first stayed
            assert r.status_code == 200, r.text
            assert (r.json()["responses"], r.json()["cards"]) == (rows, rows)
            log = log_of(url, wid)
            parts = [(json.loads(a), json.loads(p)) for _, op, a, p, _ in log if op == "responses.import"
                     and not json.loads(a).get("undone")][-(rows * 2 // SLICE_RECORDS + 1):]
            parts = [x for x in parts if x[0]["parts"] == parts[-1][0]["parts"]]
            assert len(parts) >= 4 and all(len(p) <= SLICE_RECORDS for _, p in parts)
            assert [a["part"] for a, _ in parts] == list(range(1, len(parts) + 1))
            assert [x["kind"] for x in parts[-1][1]][-1] == "dataset"
            state = server.state(wid, workshop["token"])["records"]
            assert {x["id"]: x["v"] for x in imported(state)} == {x["id"]: x["v"] for x in imported(replayed(log).values())}

            # a restore of 3 slices' worth of notes: sliced as well, and whole
            export = big_export(http, workshop, SLICE_RECORDS * 3)
            r = http.post("/api/workshops/restore", json=export, headers={"Authorization": f"Bearer {workshop['token']}"})
            assert r.status_code == 201, r.text
            new = r.json()["workshop_id"]
            restores = [json.loads(a) for _, op, a, _, _ in log_of(url, new) if op == "workshop.restore"]
            assert len(restores) >= 4 and [a["part"] for a in restores] == list(range(1, len(restores) + 1))
            assert sql(url, "SELECT count(*) AS n FROM records WHERE workshop_id = $1", new)[0]["n"] == len(export["records"])
    finally:
        stop_server(server)
