"""The heavy-work child processes (server/workers.py) go with their server: stopped with it, and gone
too when the server is killed outright (SIGKILL tells them nothing; they watch for it)."""
import time

import httpx
import psutil

from tests.conftest import start_server, stop_server


def children_after_a_preview(server) -> list[psutil.Process]:
    workshop = server.create_workshop()
    r = httpx.post(f"{server.base_url}/api/workshops/{workshop['workshop_id']}/responses?preview=true",
                   headers={"Authorization": f"Bearer {workshop['token']}"}, timeout=60,
                   files={"file": ("a.csv", b"What is working well for you?\nTea\n", "text/csv")})
    assert r.status_code == 200, r.text
    children = psutil.Process(server.process.pid).children(recursive=True)
    assert children  # the preview was read in a child process
    return children


def alive(processes) -> list:
    return [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def test_heavy_work_children_go_with_their_server_even_when_it_is_killed(tmp_path):
    for how in ("stopped", "killed"):
        (tmp_path / how).mkdir()
        server = start_server(tmp_path / how, {})
        children = children_after_a_preview(server)
        if how == "stopped":
            stop_server(server)
        else:
            server.process.kill()
            server.process.wait()
        deadline = time.monotonic() + 20  # a bounded wait for them to notice, not a timing
        while alive(children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not alive(children), (how, [" ".join(p.cmdline())[:80] for p in alive(children)])


def test_heavy_work_children_give_the_cpu_to_the_server_whenever_it_wants_it(tmp_path):
    """They run at SCHED_IDLE (server/workers.py): at nice 10 a child deciding an import still took its share
    of the CPU from the server's threads, and another workshop's ops waited (bench/heavy.py)."""
    import os

    server = start_server(tmp_path, {})
    try:
        workers = [p for p in children_after_a_preview(server) if "spawn_main" in " ".join(p.cmdline())]
        assert workers
        deadline = time.monotonic() + 20  # a worker started just now sets its policy first thing: wait for it
        while {os.sched_getscheduler(p.pid) for p in workers} != {os.SCHED_IDLE} and time.monotonic() < deadline:
            time.sleep(0.2)
        assert {os.sched_getscheduler(p.pid) for p in workers} == {os.SCHED_IDLE}
        assert os.sched_getscheduler(server.process.pid) == os.SCHED_OTHER  # the server itself as it was
    finally:
        stop_server(server)
