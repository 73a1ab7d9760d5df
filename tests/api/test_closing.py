"""The server's parts closed (a stop's last step, or a command ending) while an import is being stored
slice by slice: the store waits for the hub to finish storing, so the workshop holds the whole import
or none of it. Before, the store closed under the slices and part of the import stayed. Measured with
the server's own parts in this process (a real SQLite file, real child processes)."""
import asyncio
import sqlite3

from server import heavy_jobs, workers
from server.api.workshops import open_workshop
from server.config import Settings
from server.services import open_services

ROWS = 3000  # respondents: 6,000 answers and 6,000 cards, 240 slices of 50


def answers_csv() -> bytes:
    return ("Respondent,What is working well for you?,What is not working well for you?\n" + "".join(
        f"R{i},Seeing my friends {i},The bus is late {i}\n" for i in range(ROWS))).encode()


def test_closing_while_an_import_is_stored_in_slices_leaves_all_of_it_or_none(tmp_path, monkeypatch):
    db_path = tmp_path / "closing.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db_path}")
    monkeypatch.setenv("COBOARD_SLICE_RECORDS", "50")

    def slices_stored(workshop_id: str) -> int:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10)
        try:
            return db.execute("SELECT count(*) FROM events WHERE workshop_id = ? AND op = 'responses.import'",
                              (workshop_id,)).fetchone()[0]
        finally:
            db.close()

    async def run() -> tuple[str, object]:
        async with open_services(Settings()) as services:
            w = await open_workshop(services, "Workshop", None, "Sam")
            hub = services.hubs.hubs[w["workshop_id"]]
            packed = await workers.in_process(heavy_jobs.read_import, answers_csv(), "answers.csv", None,
                                              False, True, False)
            importing = asyncio.ensure_future(hub.execute(w["participant_id"], "responses.import", packed,
                                                          internal=True))
            for _ in range(5000):  # bounded: until the first slices are stored
                if slices_stored(w["workshop_id"]) >= 2 or importing.done():
                    break
                await asyncio.sleep(0.01)
            assert not importing.done(), "the import was stored before the services closed"
        # the services are closed: the import has its answer by now
        return w["workshop_id"], (importing.exception() or importing.result()) if importing.done() else None

    try:
        workshop_id, outcome = asyncio.run(run())

        async def stored() -> list[dict]:
            async with open_services(Settings()) as services:
                hub = await services.hubs.get(workshop_id)
                return list(hub.state.records.values())

        records = asyncio.run(stored())
    finally:
        workers.shutdown_processes()
    answers = sum(1 for r in records if r["kind"] == "answer")
    datasets = sum(1 for r in records if r["kind"] == "dataset")
    assert (answers, datasets) in ((0, 0), (2 * ROWS, 1)), (answers, datasets)  # never part of it
    assert (answers, datasets) == (2 * ROWS, 1)  # all of it: no stop was asked for
    assert outcome is not None and not isinstance(outcome, BaseException), outcome  # and answered
