"""A server told to stop (SIGTERM) while a heavy-work child reads or decides an import of 50,000 rows:
the child's job is ended at once and its caller answered in plain words (503 `unavailable`, nothing
changed), and the server stops without waiting for the job. Before, the stop waited for uvicorn's
graceful-shutdown timeout, then cancelled the request: the importer got a bare 500 Internal Server Error."""
import signal
import subprocess
import threading
import time

import httpx
import psutil

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
