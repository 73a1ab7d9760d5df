"""After heavy work nothing is frozen out of the cycle collector's sight (server/workers.py
collector_paused: a frozen cycle is never collected), and a dropped workshop's records do not wait for
the collector either: a hub sits in reference cycles, and Hub.release empties it, so its records go by
reference counting at once. Measured with the server's own parts in this process (a real SQLite file,
real child processes)."""
import asyncio
import gc

from server import heavy_jobs, workers
from server.api.workshops import open_workshop
from server.config import Settings
from server.services import open_services

ROWS = 2000  # 1,000 respondents: 2,000 answers and 2,000 cards a workshop


def answers_csv() -> bytes:
    return ("Respondent,What is working well for you?,What is not working well for you?\n" + "".join(
        f"R{i},Seeing my friends {i},The bus is late {i}\n" for i in range(ROWS // 2))).encode()


def test_workshops_dropped_after_heavy_work_leave_nothing_frozen_or_waiting_behind(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'memory.db'}")

    async def run() -> int:
        async with open_services(Settings()) as services:
            for i in range(4):
                w = await open_workshop(services, f"Workshop {i}", None, "Sam")
                hub = services.hubs.hubs[w["workshop_id"]]
                packed = await workers.in_process(heavy_jobs.read_import, answers_csv(), "answers.csv", None,
                                                  False, True, False)
                await hub.execute(w["participant_id"], "responses.import", packed, internal=True)
                assert len(hub.state.records) > 2 * ROWS
                await services.store.delete_workshop(w["workshop_id"])
                services.hubs.forget(hub)  # as DELETE /api/workshops/{wid} does
                assert not hub.state.records  # released
            del hub, packed
            return gc.get_freeze_count(), gc.collect()  # what was left for the collector

    gc.unfreeze()  # what earlier tests in this process left is not this test's
    gc.collect()
    try:
        frozen, garbage = asyncio.run(run())
    finally:
        gc.unfreeze()
        workers.shutdown_processes()
    assert frozen == 0  # heavy work froze everything alive when it ended: what became garbage stayed
    # without Hub.release this was ~4 × 10,000 objects (every record of the four workshops)
    assert garbage < 2 * ROWS, garbage
