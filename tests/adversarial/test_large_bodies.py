"""Nothing large before authentication (issue 12): uploads and restores nobody may make cost the
server almost no memory, and allowed ones are streamed to a temporary file within the limit."""
import asyncio

import httpx

from .conftest import MiB, chunked_post, rss

# Before: 24 such uploads took the server from 89 to 549 MB. The bound leaves room for the
# allocator and the open connections, far below one buffered body per upload.
MEMORY_BOUND = 60 * MiB
READ_BOUND = 100 * MiB  # restores that are allowed are read: 16 MiB at a time per heavy worker (2)


async def small_refusal(server, path: str, headers: dict | None = None) -> int:
    """The status for a small body sent whole before the answer, so the answer is always read.

    A big unread body is refused by hanging up, and on a busy machine the kernel may drop every one
    of those answers (status 0); this shows the refusal is an answer and the server still stands."""
    return await chunked_post(server, path, 1024, headers, content_length=True)


async def settle():
    await asyncio.sleep(0.5)


async def test_unauthenticated_chunked_uploads_are_refused_before_they_are_read(shared):
    server = shared
    workshop = server.create_workshop()
    path = f"/api/workshops/{workshop['workshop_id']}/responses"
    await chunked_post(server, path, 1 * MiB)  # warm up the code paths once
    before = rss(server)
    answers = await asyncio.gather(*(chunked_post(server, path, 19 * MiB) for _ in range(12)),
                                   *(chunked_post(server, path, 19 * MiB, {"Authorization": "Bearer forged"})
                                     for _ in range(12)))
    grown = rss(server) - before
    assert set(answers) <= {401, 0}, answers
    assert await small_refusal(server, path) == 401
    assert grown < MEMORY_BOUND, f"the server grew by {grown / MiB:.0f} MiB"
    assert server.state(workshop["workshop_id"], workshop["token"])["seq"] >= 1  # still serving


async def test_unauthenticated_restores_with_an_admin_key_are_refused_unread(start):
    server = start({"COBOARD_ADMIN_KEY": "sesame"})
    await chunked_post(server, "/api/workshops/restore", 1 * MiB)
    before = rss(server)
    answers = await asyncio.gather(*(chunked_post(server, "/api/workshops/restore", 16 * MiB) for _ in range(6)),
                                   *(chunked_post(server, "/api/workshops/restore", 16 * MiB,
                                                  {"X-Admin-Key": "guess"}) for _ in range(6)))
    grown = rss(server) - before
    assert set(answers) <= {401, 403, 0}, answers
    assert await small_refusal(server, "/api/workshops/restore") == 401
    assert await small_refusal(server, "/api/workshops/restore", {"X-Admin-Key": "guess"}) in {401, 403}
    assert grown < MEMORY_BOUND, f"the server grew by {grown / MiB:.0f} MiB"


async def test_anonymous_restores_are_limited_per_hour_and_streamed(start):
    server = start({"COBOARD_RESTORES_PER_HOUR": "3"})
    # bodies are parsed in the server's heavy-work child process (server/workers.py), started at its first
    # heavy job: a fixed cost, counted before, so what is measured is what the restores add. The child runs
    # at SCHED_IDLE: on a busy machine its start took 5-12 s, once over 30 (test_upload_slots.py), hence 150
    workshop = server.create_workshop()
    warm = httpx.post(f"{server.base_url}/api/workshops/{workshop['workshop_id']}/responses?preview=true",
                      headers={"Authorization": f"Bearer {workshop['token']}"}, timeout=150,
                      files={"file": ("warm.csv", b"What is working well for you?\nTea\n", "text/csv")})
    assert warm.status_code == 200, warm.text
    before = rss(server)
    answers = []
    for _ in range(6):  # one after another: each read one is spooled to disk and refused as not an export
        answers.append(await chunked_post(server, "/api/workshops/restore", 16 * MiB))
    grown = rss(server) - before
    assert answers[:3] == [422, 422, 422] and set(answers[3:]) <= {429, 0}, answers
    assert grown < READ_BOUND, f"the server grew by {grown / MiB:.0f} MiB"  # before: 6 restores, +527 MB


def test_a_facilitator_restores_beyond_the_anonymous_limit_and_a_participant_cannot(start):
    server = start({"COBOARD_RESTORES_PER_HOUR": "1"})
    workshop = server.create_workshop()
    ada = server.join(workshop, "Ada")
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        export = http.get(f"/api/workshops/{workshop['workshop_id']}/export.json",
                          headers={"Authorization": f"Bearer {workshop['token']}"}).json()
        for _ in range(3):
            r = http.post("/api/workshops/restore", json=export,
                          headers={"Authorization": f"Bearer {workshop['token']}"})
            assert r.status_code == 201, r.text
        r = http.post("/api/workshops/restore", json=export, headers={"Authorization": f"Bearer {ada['token']}"})
        assert r.status_code == 403 and r.json()["code"] == "forbidden"
        assert http.post("/api/workshops/restore", json=export).status_code == 201  # the one anonymous restore
        r = http.post("/api/workshops/restore", json=export)
        assert r.status_code == 429 and r.json()["code"] == "rate_limited"


async def test_an_upload_over_the_limit_is_refused_while_it_streams(shared):
    server = shared
    workshop = server.create_workshop()
    path = f"/api/workshops/{workshop['workshop_id']}/responses"
    before = rss(server)
    answer = await chunked_post(server, path, 40 * MiB, {"Authorization": f"Bearer {workshop['token']}",
                                                         "Content-Type": "multipart/form-data; boundary=b"},
                                prefix=b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n')
    assert answer == 413
    assert rss(server) - before < MEMORY_BOUND
