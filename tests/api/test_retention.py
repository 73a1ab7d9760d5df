"""Retention (D7): the dates a facilitator sees, and the job that erases and later deletes (run once by the CLI)."""
from datetime import datetime, timedelta, timezone

import httpx
import orjson

from tests.api.conftest import assert_error, bearer
from tests.api.data_helpers import do_op
from tests.api.test_cli import coboard
from tests.api.test_erasure import all_rows
from tests.api.test_erasure_on_disk import free_pages
from tests.conftest import start_server, stop_server


def later(days: int) -> str:
    return (datetime.now(timezone.utc) + timedelta(days=days)).isoformat(timespec="seconds").replace("+00:00", "Z")


def test_D7_the_retention_job_erases_then_deletes_and_logs_no_name_or_token(tmp_path):
    server = start_server(tmp_path, {"COBOARD_RETENTION_ERASE_DAYS": "30", "COBOARD_RETENTION_DELETE_DAYS": "90"})
    try:
        w = server.create_workshop("Kept for a while", "Sam")
        wid, token = w["workshop_id"], w["token"]
        zee = server.join(w, "Zephyrine")
        do_op(server, wid, zee["token"], "chat.send", text="Zephyrine was here")
        # the dates, for the staff only
        dates = httpx.get(f"{server.base_url}/api/workshops/{wid}/retention", headers=bearer(token)).json()
        assert (dates["erase_after_days"], dates["delete_after_days"], dates["own_setting"]) == (30, 90, False)
        assert dates["erase_on"] < dates["delete_on"] and dates["last_activity_at"] >= dates["counted_from"][:10]
        assert_error(httpx.get(f"{server.base_url}/api/workshops/{wid}/retention", headers=bearer(zee["token"])),
                     403, "forbidden")
        other = server.create_workshop("Kept longer", "Kim")
        do_op(server, other["workshop_id"], other["token"], "workshop.update", erase_after_days=365,
              delete_after_days=400)

        dry = coboard(server, "retention", "--dry-run", "--now", later(31))
        assert dry.returncode == 0, dry.stderr
        assert f"would erase {wid}" in dry.stdout and other["workshop_id"] not in dry.stdout
        assert server.state(wid, zee["token"])["me"]["name"] == "Zephyrine"  # a dry run changes nothing

        done = coboard(server, "retention", "--now", later(31))
        assert done.returncode == 0, done.stderr
        assert f"erase {wid}" in done.stdout
        assert httpx.get(f"{server.base_url}/api/workshops/{wid}/state", headers=bearer(zee["token"])).status_code == 401
        assert httpx.get(f"{server.base_url}/api/workshops/{wid}/state", headers=bearer(token)).status_code == 401
        assert "zephyrine" not in orjson.dumps(all_rows(server.db_path, wid), default=str).decode().casefold()
        assert server.state(other["workshop_id"], other["token"])["me"]["name"] == "Kim"
        again = coboard(server, "retention", "--vacuum", "--now", later(32))
        assert "0 workshops done" in again.stdout  # erased once is erased
        assert "Rebuilt" not in again.stdout  # nothing erased or deleted: nothing to rebuild

        # for cron at a quiet hour: the pass, then the database rebuilt beside the running server
        gone = coboard(server, "retention", "--vacuum", "--now", later(91))
        assert gone.returncode == 0 and f"delete {wid}" in gone.stdout, gone.stderr
        assert "Rebuilt the database" in gone.stdout and free_pages(server.db_path) == 0
        assert all(not rows for rows in all_rows(server.db_path, wid).values())
        assert server.state(other["workshop_id"], other["token"])["me"]["name"] == "Kim"
        for output in (dry.stdout + dry.stderr, done.stdout + done.stderr, gone.stdout + gone.stderr, server.log()):
            assert "Zephyrine" not in output and token not in output and zee["token"] not in output
    finally:
        stop_server(server)


async def test_D7_the_daily_job_rebuilds_a_sqlite_database_it_erased_in_only_when_nobody_would_wait(tmp_path):
    """After a pass that erased or deleted, the server's job rebuilds a SQLite file (no old copy left in its unused
    space, docs/privacy.md "On disk") at a moment no live workshop has a connection or an op in flight: a rebuild
    holds every workshop's ops. COBOARD_RETENTION_VACUUM=never leaves it to `coboard vacuum`."""
    from server.api.people import delete_workshop
    from server.config import Settings
    from server.retention import clear_unused_space
    from server.services import open_services
    from tests.fakes import FakeConnection

    def facilitator(hub) -> str:
        return next(iter(hub.state.of_kind("participant")))["id"]

    db = tmp_path / "coboard.db"
    async with open_services(Settings(_env_file=None, database_url=f"sqlite:///{db}")) as services:
        async def workshop(wid: str, chats: int):
            hub = services.hubs.new(wid)
            await hub.execute(None, "workshop.create", {"title": wid, "facilitator_name": "Sam",
                                                        "join_code": "CODE2345"}, internal=True,
                              credential=f"tok-{wid}", create=True)
            sam = facilitator(hub)
            for i in range(chats):
                await hub.execute(sam, "chat.send", {"text": f"{wid} message {i} " + "x" * 400})
            return hub, sam

        in_use, _ = await workshop("w-in-use", 1)
        someone = FakeConnection("someone")
        in_use.fanout.connections.add(someone)
        for wid in ("w-gone", "w-gone-too"):
            await workshop(wid, 150)
        gone = services.hubs.hubs["w-gone"]
        await delete_workshop(services, gone, facilitator(gone))
        freed = free_pages(db)
        assert freed > 0
        assert await clear_unused_space(services) is False  # someone is connected: not now
        assert free_pages(db) == freed
        in_use.fanout.connections.discard(someone)
        assert await clear_unused_space(services) is True  # quiet: rebuilt
        assert free_pages(db) == 0

        services.settings.retention_vacuum = "never"
        gone = services.hubs.hubs["w-gone-too"]
        await delete_workshop(services, gone, facilitator(gone))
        assert free_pages(db) > 0
        assert await clear_unused_space(services) is True and free_pages(db) > 0  # settled: left to the command
        assert await clear_unused_space(services, now=True) is True and free_pages(db) == 0  # the command's way
        await in_use.execute(facilitator(in_use), "chat.send", {"text": "still here"})
