"""Per-person limits across processes (issue 12): a person whose sockets land on two processes gets
one budget, not one per process — each process tells the others through Redis what each person
spent through it (server/realtime/limits.py, server/bus/redis.py SHARE_EVERY)."""
import asyncio

from server.bus.redis import SHARE_EVERY
from tests.adversarial.test_per_person import close_all, sockets_of
from tests.conftest import stop_server

from .conftest import MANY, start_servers

BURST = 10  # refilled at 0.1 a second: one op in 10 s, so the test sees the burst alone


async def test_a_persons_op_budget_holds_across_two_processes(tmp_path, postgres, redis_url):
    a, b = start_servers(tmp_path, {"DATABASE_URL": postgres(), "REDIS_URL": redis_url, **MANY,
                                    "COBOARD_OPS_PER_SECOND": "0.1", "COBOARD_OPS_BURST": str(BURST)}, 2)
    try:
        workshop = a.create_workshop()
        eve = a.join(workshop, "Eve")
        on_a = await sockets_of(a, workshop, eve, 2, "a")
        on_b = await sockets_of(b, workshop, eve, 2, "b")
        try:
            spent_on_a = 6
            for i in range(spent_on_a):
                assert (await on_a[i % 2].op("hand.raise", {}))["t"] == "ack"
            await asyncio.sleep(SHARE_EVERY * 8)  # a's report reaches b (a bounded wait, not a timing)
            answers = [await on_b[i % 2].op("hand.raise", {}) for i in range(BURST)]
            acked = sum(1 for x in answers if x["t"] == "ack")
            limited = sum(1 for x in answers if x.get("code") == "rate_limited")
            assert acked + limited == BURST
            # b lets through only what is left of her one budget (plus at most one refilled op)
            assert BURST - spent_on_a <= acked <= BURST - spent_on_a + 1, acked
            # and what b let through is charged on a as well
            await asyncio.sleep(SHARE_EVERY * 8)
            assert (await on_a[0].op("hand.raise", {})).get("code") == "rate_limited"
            # another person has a budget of her own on both processes
            ada = a.join(workshop, "Ada")
            (other,) = await sockets_of(b, workshop, ada, 1, "ada")
            on_b.append(other)
            assert (await other.op("hand.raise", {}))["t"] == "ack"
        finally:
            await close_all(on_a + on_b)
    finally:
        for server in (a, b):
            stop_server(server)


def test_a_persons_picture_files_are_counted_once_across_two_processes(pair):
    """The on-demand picture budgets (api/snapshots.py, app.py SharedLimits) are the server's too: the whole
    history as one file, HISTORY_FILES_PER_MINUTE a person, spent through a, is spent on b as well. Before, each
    process had its own, so a person with the pair got twice as many (and n processes, n times)."""
    import time

    import httpx

    from server.protocol.limits import HISTORY_FILES_PER_MINUTE

    a, b = pair
    workshop = a.create_workshop("Pictures across processes")
    eve = a.join(workshop, "Eve")

    def history_pdf(server, who) -> httpx.Response:
        return httpx.get(f"{server.base_url}/api/workshops/{workshop['workshop_id']}/snapshots.pdf",
                         headers={"Authorization": f"Bearer {who['token']}"}, timeout=30)

    # the budget is spent before the pictures are looked for: none yet, so each one is a quick 404
    assert [history_pdf(a, eve).status_code for _ in range(HISTORY_FILES_PER_MINUTE)] == \
        [404] * HISTORY_FILES_PER_MINUTE
    time.sleep(SHARE_EVERY * 8)  # a's report reaches b (a bounded wait, not a timing)
    answers = [history_pdf(b, eve) for _ in range(HISTORY_FILES_PER_MINUTE)]
    # b lets through nothing of her spent budget, or the one file refilled meanwhile (one every 30 s)
    assert [r.status_code for r in answers].count(404) <= 1 and answers[-1].status_code == 429, answers
    assert int(answers[-1].headers["Retry-After"]) >= 1
    # another person has a budget of her own on b
    ada = a.join(workshop, "Ada")
    assert history_pdf(b, ada).status_code == 404
