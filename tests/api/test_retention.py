"""Retention (D7): the dates a facilitator sees, and the job that erases and later deletes (run once by the CLI)."""
from datetime import datetime, timedelta, timezone

import httpx
import orjson

from tests.api.conftest import assert_error, bearer
from tests.api.data_helpers import do_op
from tests.api.test_cli import coboard
from tests.api.test_erasure import all_rows
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
        again = coboard(server, "retention", "--now", later(32))
        assert "0 workshops done" in again.stdout  # erased once is erased

        gone = coboard(server, "retention", "--now", later(91))
        assert gone.returncode == 0 and f"delete {wid}" in gone.stdout
        assert all(not rows for rows in all_rows(server.db_path, wid).values())
        assert server.state(other["workshop_id"], other["token"])["me"]["name"] == "Kim"
        for output in (dry.stdout + dry.stderr, done.stdout + done.stderr, gone.stdout + gone.stderr, server.log()):
            assert "Zephyrine" not in output and token not in output and zee["token"] not in output
    finally:
        stop_server(server)
