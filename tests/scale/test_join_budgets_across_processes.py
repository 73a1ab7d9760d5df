"""Join-code and join budgets across processes (issue 12): wrong codes per address and joins per
workshop are the server's, not each process's — each process tells the others through Redis what
was spent through it (server/api/guessing.py, server/bus/redis.py SHARE_EVERY)."""
import time

import httpx

from server.bus.redis import SHARE_EVERY
from tests.conftest import stop_server

from .conftest import start_servers

WRONG = 6  # wrong codes per address; refilled over 10 minutes, so the test sees the budget alone
JOINS = 5  # joins per workshop a minute


def join(server, workshop, code: str, name: str) -> httpx.Response:
    return httpx.post(f"{server.base_url}/api/workshops/{workshop['workshop_id']}/join",
                      json={"join_code": code, "name": name}, timeout=10)


def wrong_code(workshop) -> str:
    return "".join("B" if c != "B" else "C" for c in workshop["join_code"])


def test_wrong_codes_and_joins_are_counted_once_across_two_processes(tmp_path, postgres, redis_url):
    a, b = start_servers(tmp_path, {"DATABASE_URL": postgres(), "REDIS_URL": redis_url,
                                    "COBOARD_CREATES_PER_MINUTE": "10000",
                                    "COBOARD_WRONG_CODES_PER_ADDRESS": str(WRONG),
                                    "COBOARD_WRONG_CODES_PER_WORKSHOP": "10000",
                                    "COBOARD_JOINS_PER_MINUTE": str(JOINS)}, 2)
    try:
        guessed, room = a.create_workshop("Guessed at"), a.create_workshop("Joined")
        # joins per workshop (right codes): 3 through a, then b lets through only what is left
        for i in range(3):
            assert join(a, room, room["join_code"], f"A{i}").status_code == 201
        time.sleep(SHARE_EVERY * 8)  # a's report reaches b (a bounded wait, not a timing)
        answers = [join(b, room, room["join_code"], f"B{i}").status_code for i in range(JOINS)]
        # what is left of the one budget, plus at most one join refilled meanwhile (5 a minute)
        assert answers.count(201) in (JOINS - 3, JOINS - 3 + 1) and set(answers) <= {201, 429}, answers
        time.sleep(SHARE_EVERY * 8)
        assert join(a, room, room["join_code"], "Late").status_code == 429  # b's joins charged on a

        # wrong codes from one address: 4 through a, then b lets through only what is left
        for i in range(4):
            assert join(a, guessed, wrong_code(guessed), f"G{i}").status_code == 403
        time.sleep(SHARE_EVERY * 8)
        answers = [join(b, guessed, wrong_code(guessed), f"H{i}").status_code for i in range(WRONG)]
        assert answers.count(403) in (WRONG - 4, WRONG - 4 + 1) and set(answers) <= {403, 429}, answers
        time.sleep(SHARE_EVERY * 8)
        # the address has spent its budget on the server, so a refuses it too, the right code as well
        assert join(a, guessed, guessed["join_code"], "Ada").status_code == 429
    finally:
        for s in (a, b):
            stop_server(s)
