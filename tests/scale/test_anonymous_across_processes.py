"""Anonymous answers on two processes sharing PostgreSQL (issue 12, server/ballot_secret.py): with the same
COBOARD_BALLOT_SECRET on both, a person is found again whichever process they reach (a change on the
other process is a change, a second questionnaire answer there is a `conflict`), the close counts people;
nothing of the secret is in the database, and a process started without one refuses to start. On the
shared pair of processes (conftest `pair`), which have the same secret."""
import asyncio

import asyncpg
import httpx
import orjson
import pytest

from tests.conftest import start_server


def rows(url: str, query: str, *args):
    async def fetch():
        db = await asyncpg.connect(url)
        try:
            return await db.fetch(query, *args)
        finally:
            await db.close()
    return asyncio.run(fetch())


def op(server, wid: str, token: str, name: str, **args) -> dict:
    r = httpx.post(f"{server.base_url}/api/workshops/{wid}/ops", headers={"Authorization": f"Bearer {token}"},
                   json={"op": name, "id": f"{name}-{id(args)}", "args": args}, timeout=30)
    assert r.status_code in (200, 409), r.text
    return r.json()


def test_one_ballot_secret_across_two_processes_on_postgresql(tmp_path, pair, redis_url):
    a, b = pair
    url = a.env["DATABASE_URL"]
    w = a.create_workshop()
    wid, fac = w["workshop_id"], w["token"]
    ada, ben, cy = (a.join(w, name)["token"] for name in ("Ada", "Ben", "Cy"))
    qid = op(a, wid, fac, "poll.create", question="Tea or coffee?", options=["Tea", "Coffee"])["result"]["poll_id"]
    fid = op(a, wid, fac, "feedback.open")["result"]["feedback_id"]
    assert op(a, wid, ada, "poll.answer", poll_id=qid, choices=[0])["t"] == "ack"
    assert op(b, wid, ada, "poll.answer", poll_id=qid, choices=[1])["t"] == "ack"  # changed, on the other process
    assert op(b, wid, ben, "poll.answer", poll_id=qid, choices=[1])["t"] == "ack"
    assert op(a, wid, cy, "poll.answer", poll_id=qid, choices=[0])["t"] == "ack"
    assert op(a, wid, ada, "feedback.answer", feedback_id=fid, equals=4)["t"] == "ack"
    again = op(b, wid, ada, "feedback.answer", feedback_id=fid, equals=1)
    assert again["t"] == "err" and again["code"] == "conflict", again
    assert op(b, wid, fac, "poll.close", poll_id=qid)["t"] == "ack"
    poll = next(r for r in b.state(wid, fac)["records"] if r["id"] == qid)
    assert poll["answered"] == 3 and poll["counts"] == [1, 2]  # Ada's change counted once, as a change

    assert rows(url, "SELECT name FROM server_secrets") == []
    opened = poll["created_at"]
    stored = rows(url, "SELECT at, put, deleted FROM events WHERE workshop_id = $1 AND op = 'poll.answer'", wid)
    assert len(stored) == 4 and {r["at"] for r in stored} == {opened}
    [close] = rows(url, "SELECT deleted FROM events WHERE workshop_id = $1 AND op = 'poll.close'", wid)
    assert len(orjson.loads(close["deleted"])) == 1  # Ada's first answer, removed at the close

    (tmp_path / "server2").mkdir()
    with pytest.raises(RuntimeError) as refused:  # a process with no secret: it says so, and stops
        start_server(tmp_path / "server2", {"DATABASE_URL": url, "REDIS_URL": redis_url, "COBOARD_BALLOT_SECRET": ""})
    assert "COBOARD_BALLOT_SECRET" in str(refused.value)
