"""The upload slots hold for the server, not for each process (issue 12): with PostgreSQL + Redis
several `coboard serve` processes serve one server, and before, each counted only its own, so two
processes read twice COBOARD_UPLOADS_AT_ONCE uploads at once and an address got twice its share.
Now the processes count them together in Redis (server/api/uploads.py SharedSlots), and the slots
of a process killed while holding them lapse after COBOARD_UPLOAD_SLOT_SECONDS.

Held uploads send a first MiB and wait; other addresses are real (127.0.0.0/8 is loopback)."""
import signal

from tests.adversarial.test_upload_slots import GOT_A_SLOT, HeldUpload, probe, until_status

from .conftest import MANY, start_servers
from tests.conftest import stop_server

LIMITS = {"COBOARD_UPLOADS_AT_ONCE": "2", "COBOARD_UPLOADS_PER_ADDRESS": "1", "COBOARD_UPLOAD_SLOT_SECONDS": "3"}


async def test_upload_slots_are_counted_across_processes_and_a_killed_process_gives_its_back(tmp_path, postgres,
                                                                                               redis_url):
    a, b = start_servers(tmp_path, {"DATABASE_URL": postgres(), "REDIS_URL": redis_url, **MANY, **LIMITS}, 2)
    held = []
    try:
        workshop = a.create_workshop()
        token = workshop["token"]
        path = f"/api/workshops/{workshop['workshop_id']}/responses?preview=true"
        for server in (a, b):  # each process gives a slot (probe: no heavy-work child, whose turn on a busy
            assert probe(server, path, token, "127.0.0.20").status_code == GOT_A_SLOT  # machine can take 30 s)

        # one address's slot, taken on a, is taken on b too
        held.append(await HeldUpload(a, path, token, "127.0.0.21").open())
        r = await until_status(b, path, token, "127.0.0.21", 429)  # before: a slot every time (b's own count)
        assert r.json()["code"] == "rate_limited" and "from here at once" in r.json()["message"]
        assert probe(b, path, token, "127.0.0.22").status_code == GOT_A_SLOT  # another address is not held up

        # the server's slots: one held on a, one on b, and neither process takes a third
        held.append(await HeldUpload(b, path, token, "127.0.0.22").open())
        for server in (a, b):
            r = await until_status(server, path, token, "127.0.0.23", 503)
            assert r.json()["code"] == "unavailable" and "busy reading other files" in r.json()["message"]

        # a is killed holding its slot: it never gives it back, and the slot lapses by itself
        a.process.send_signal(signal.SIGKILL)
        a.process.wait(10)
        await until_status(b, path, token, "127.0.0.23", GOT_A_SLOT, meanwhile=(503,))
        await until_status(b, path, token, "127.0.0.21", GOT_A_SLOT, meanwhile=(429, 503))

    finally:
        for upload in held:
            upload.close()
        for server in (a, b):
            stop_server(server)
