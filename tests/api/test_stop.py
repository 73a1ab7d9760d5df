"""A server told to stop (SIGTERM) while a heavy-work child reads or decides an import of 50,000 rows:
the child's job is ended at once and its caller answered in plain words (503 `unavailable`, nothing
changed), and the server stops without waiting for the job. Before, the stop waited for uvicorn's
graceful-shutdown timeout, then cancelled the request: the importer got a bare 500 Internal Server Error."""
import signal
import sqlite3
import subprocess
import threading
import time

import httpx
import psutil

from server.cli import GRACEFUL_SECONDS
from tests.conftest import start_server

ROWS = 49_999  # and the heading: the most a file may have
CSV = ("Respondent,What is working well for you?,What is not working well for you?\n"
       + "".join(f"R{i},Seeing friends at the day centre on Tuesdays {i},The bus is late {i}\n"
                 for i in range(ROWS))).encode()


def busy_child(server) -> bool:
    """A heavy-work child using the CPU now (its CPU time grows over a tenth of a second)."""
    def cpu():
        total = 0.0
        for child in psutil.Process(server.process.pid).children(recursive=True):
            try:
                times = child.cpu_times()
                total += times.user + times.system
            except psutil.NoSuchProcess:
                pass
        return total

    before = cpu()
    time.sleep(0.1)
    return cpu() - before > 0.05


def test_a_stop_ends_a_running_import_at_once_and_answers_its_caller(tmp_path):
    server = start_server(tmp_path, {})
    workshop = server.create_workshop()
    answer = {}

    def import_file():
        try:
            answer["r"] = httpx.post(f"{server.base_url}/api/workshops/{workshop['workshop_id']}/responses",
                                     headers={"Authorization": f"Bearer {workshop['token']}"}, timeout=120,
                                     files={"file": ("answers.csv", CSV, "text/csv")})
        except httpx.HTTPError as e:
            answer["r"] = e

    importer = threading.Thread(target=import_file)
    importer.start()
    try:
        for _ in range(300):  # bounded: until a child is reading or deciding the file
            if busy_child(server):
                break
        else:
            raise AssertionError("no heavy-work child ever got busy")
        children = psutil.Process(server.process.pid).children(recursive=True)
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(60)  # a bound, not a timing: it is the log below that says it did not wait
    except subprocess.TimeoutExpired:
        server.process.kill()
        raise
    finally:
        importer.join(120)
    r = answer["r"]
    assert isinstance(r, httpx.Response), r
    assert r.status_code == 503, r.text
    assert r.json()["code"] == "unavailable" and "The server is stopping" in r.json()["message"]
    log = server.log()
    assert "timeout graceful shutdown exceeded" not in log and "Traceback" not in log, log[-3000:]
    for _ in range(100):  # the children go with it (bounded)
        if not any(c.is_running() and c.status() != psutil.STATUS_ZOMBIE for c in children):
            break
        time.sleep(0.2)
    assert not any(c.is_running() and c.status() != psutil.STATUS_ZOMBIE for c in children)

    (tmp_path / "again").mkdir()
    again = start_server(tmp_path / "again", {"DATABASE_URL": f"sqlite:///{server.db_path}"})
    try:  # nothing of the import was stored
        kinds = {r["kind"] for r in again.state(workshop["workshop_id"], workshop["token"])["records"]}
        assert "dataset" not in kinds and "answer" not in kinds and "workshop" in kinds
    finally:
        again.process.terminate()
        again.process.wait(30)


def stop_and_wait(server, answer, importer) -> float:
    """SIGTERM, then the server's exit (bounded); the seconds from the signal to the caller's answer."""
    signalled = time.monotonic()
    try:
        server.process.send_signal(signal.SIGTERM)
        importer.join(60)
        answered = time.monotonic() - signalled
        server.process.wait(60)  # a bound, not a timing: it is the log that says it did not wait
    except subprocess.TimeoutExpired:
        server.process.kill()
        raise
    finally:
        importer.join(120)
    return answered


def stored_kinds(tmp_path, server, workshop) -> set:
    """The workshop's records as a server restarted on the same database has them."""
    (tmp_path / "again").mkdir()
    again = start_server(tmp_path / "again", {"DATABASE_URL": f"sqlite:///{server.db_path}"})
    try:
        return {r["kind"] for r in again.state(workshop["workshop_id"], workshop["token"])["records"]}
    finally:
        again.process.terminate()
        again.process.wait(30)


def test_a_stop_while_an_import_is_being_stored_takes_back_its_slices_and_answers_its_caller(tmp_path):
    """Both child jobs are done and the loop stores the import slice by slice: the stop finishes the
    slice being stored, takes back those stored (as a failed slice does) and answers 503 at once,
    instead of being cancelled half-way at uvicorn's graceful timeout, which left part of the import."""
    server = start_server(tmp_path, {"COBOARD_SLICE_RECORDS": "50"})
    workshop = server.create_workshop()
    rows = 5_000
    csv = ("Respondent,What is working well for you?,What is not working well for you?\n"
           + "".join(f"R{i},Seeing friends {i},The bus is late {i}\n" for i in range(rows))).encode()
    answer = {}

    def import_file():
        try:
            answer["r"] = httpx.post(f"{server.base_url}/api/workshops/{workshop['workshop_id']}/responses",
                                     headers={"Authorization": f"Bearer {workshop['token']}"}, timeout=120,
                                     files={"file": ("answers.csv", csv, "text/csv")})
        except httpx.HTTPError as e:
            answer["r"] = e

    def slices_stored() -> int:
        db = sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True, timeout=10)
        try:
            return db.execute("SELECT count(*) FROM events WHERE workshop_id = ? AND op = 'responses.import'",
                              (workshop["workshop_id"],)).fetchone()[0]
        finally:
            db.close()

    importer = threading.Thread(target=import_file)
    importer.start()
    for _ in range(3000):  # bounded: until the first slices are stored
        if slices_stored() >= 2 or "r" in answer:
            break
        time.sleep(0.02)
    assert "r" not in answer, "the import was answered before any slice was seen stored"
    print(f"answered {stop_and_wait(server, answer, importer):.2f} s after the signal")
    r = answer["r"]
    assert isinstance(r, httpx.Response), r
    assert r.status_code == 503, r.text
    assert r.json()["code"] == "unavailable" and "The server is stopping" in r.json()["message"]
    log = server.log()
    assert "timeout graceful shutdown exceeded" not in log and "Traceback" not in log, log[-3000:]
    kinds = stored_kinds(tmp_path, server, workshop)
    assert "answer" not in kinds and "dataset" not in kinds and "workshop" in kinds  # none of it


def test_a_stop_while_an_export_is_being_built_answers_its_caller_at_once(tmp_path):
    """An export is built in a thread (workers.heavy), which cannot be ended: its caller is answered
    503 when the stop comes, and the job is left to finish unheard (it changes nothing). Before, the
    stop waited for it, then cancelled the request at uvicorn's graceful timeout."""
    server = start_server(tmp_path, {})
    workshop = server.create_workshop()
    auth = {"Authorization": f"Bearer {workshop['token']}"}
    r = httpx.post(f"{server.base_url}/api/workshops/{workshop['workshop_id']}/responses", headers=auth,
                   timeout=300, files={"file": ("answers.csv", CSV, "text/csv")})
    assert r.status_code == 200, r.text
    answer = {}

    def export():
        try:
            answer["r"] = httpx.get(f"{server.base_url}/api/workshops/{workshop['workshop_id']}/export.xlsx",
                                    headers=auth, timeout=120)
        except httpx.HTTPError as e:
            answer["r"] = e

    exporter = threading.Thread(target=export)
    exporter.start()
    server_process = psutil.Process(server.process.pid)
    for _ in range(300):  # bounded: until the server works on it
        before = sum(server_process.cpu_times()[:2])
        time.sleep(0.1)
        if sum(server_process.cpu_times()[:2]) - before > 0.05 or "r" in answer:
            break
    assert "r" not in answer, "the export was answered before the stop"
    print(f"answered {stop_and_wait(server, answer, exporter):.2f} s after the signal")
    r = answer["r"]
    assert isinstance(r, httpx.Response), r
    assert r.status_code == 503, r.text
    assert r.json()["code"] == "unavailable" and "The server is stopping" in r.json()["message"]
    log = server.log()
    assert "timeout graceful shutdown exceeded" not in log and "Traceback" not in log, log[-3000:]


def test_a_stop_whose_undo_outlasts_the_graceful_timeout_still_leaves_nothing_and_answers_503(tmp_path):
    """A 49,999-row import (about 190,000 records, 500 a slice) stopped when most of its slices are stored,
    while a real SQLite lock from beside the server (a backup, a `coboard` command) holds the database
    past uvicorn's graceful timeout: taking the slices back then takes longer than the 5 s uvicorn waits.
    The caller is answered 503 "nothing changed" when the stop comes, the undo is stored before the
    database closes, and nothing of the import stays. Before, the caller waited for the undo and was
    cancelled at the timeout ("timeout graceful shutdown exceeded", a bare 500)."""
    server = start_server(tmp_path, {})
    workshop = server.create_workshop()
    answer = {}

    def import_file():
        try:
            answer["r"] = httpx.post(f"{server.base_url}/api/workshops/{workshop['workshop_id']}/responses",
                                     headers={"Authorization": f"Bearer {workshop['token']}"}, timeout=180,
                                     files={"file": ("answers.csv", CSV, "text/csv")})
        except httpx.HTTPError as e:
            answer["r"] = e

    def slices_stored(db) -> int:
        return db.execute("SELECT count(*) FROM events WHERE workshop_id = ? AND op = 'responses.import'",
                          (workshop["workshop_id"],)).fetchone()[0]

    importer = threading.Thread(target=import_file)
    importer.start()
    db = sqlite3.connect(server.db_path, timeout=30, isolation_level=None)
    try:
        for _ in range(6000):  # bounded: until most of the ~380 slices are stored
            if slices_stored(db) >= 250 or "r" in answer:
                break
            time.sleep(0.05)
        assert "r" not in answer, "the import was answered before most of its slices were stored"
        db.execute("BEGIN IMMEDIATE")  # the database's write lock: no slice and no undo is stored meanwhile
        held = slices_stored(db)
        server.process.send_signal(signal.SIGTERM)
        time.sleep(GRACEFUL_SECONDS + 2)  # held past uvicorn's wait: not an assertion, the undo's delay
        db.execute("ROLLBACK")
        importer.join(120)
        server.process.wait(120)  # a bound, not a timing (closing waits at most 60 s for the undo)
    except subprocess.TimeoutExpired:
        server.process.kill()
        raise
    finally:
        db.close()
        importer.join(120)
    r = answer["r"]
    assert isinstance(r, httpx.Response), r
    assert r.status_code == 503, r.text
    assert r.json()["code"] == "unavailable" and "The server is stopping" in r.json()["message"]
    log = server.log()
    assert "timeout graceful shutdown exceeded" not in log and "Traceback" not in log, log[-3000:]
    assert "could not be undone" not in log, log[-3000:]
    kinds = stored_kinds(tmp_path, server, workshop)
    assert "answer" not in kinds and "dataset" not in kinds and "workshop" in kinds  # none of it
    db = sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True)
    try:
        undone = db.execute("SELECT count(*) FROM events WHERE workshop_id = ? AND op = 'responses.import' "
                            "AND args LIKE '%\"undone\":true%'", (workshop["workshop_id"],)).fetchone()[0]
    finally:
        db.close()
    print(f"{held} slices stored when stopped; taken back by {undone} event")
    assert undone == 1
