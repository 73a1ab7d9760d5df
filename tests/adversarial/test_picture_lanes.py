"""Heavy pictures never stall another workshop's picture (issue 12). Found in an audit: 8 `snapshots.zip`
asked at once made another workshop's single `snapshot.png` wait 82 s: every picture, big or small, waited
in one queue of the heavy-work pool. Now the whole history as one file is drawn in a lane of its own
(server/workers.py `HISTORY`), one board's picture in another (`PICTURE`), and the same file of the same
workshop asked twice at once is drawn once and shared (`heavy(..., once=…)`).

Figures are ratios measured within one run, not timings: the machine is shared."""
import asyncio
import statistics
import time

import httpx

NOTES = 150  # a busy theming board
SHOTS = 4    # pictures in each workshop's history: one ZIP draws them all (about 1 s each on a loaded machine)


def busy_history(http: httpx.Client, server) -> tuple[dict, dict]:
    """A workshop with a board of NOTES notes, and an export of it whose history holds SHOTS pictures of
    that board: each restore of it is a workshop whose ZIP draws them all."""
    made = server.create_workshop()
    auth = {"Authorization": f"Bearer {made['token']}"}
    export = http.get(f"/api/workshops/{made['workshop_id']}/export.json", headers=auth).json()
    board = next(r for r in export["records"] if r["kind"] == "board" and r["type"] == "ww")
    facilitator = next(r for r in export["records"] if r["kind"] == "participant")
    export["records"] += [{"id": f"c_note{i}", "kind": "card", "v": 1, "board_id": board["id"], "type": "note",
                           "text": f"A thought about what works, number {i}", "x": 0.5, "y": 0.5,
                           "created_by": facilitator["id"], "created_at": "2026-01-01T10:00:00.000Z"}
                          for i in range(NOTES)]
    restored = http.post("/api/workshops/restore", json=export, headers=auth)
    assert restored.status_code == 201, restored.text[:300]
    first = restored.json()
    auth = {"Authorization": f"Bearer {first['token']}"}
    base = f"/api/workshops/{first['workshop_id']}"
    assert http.post(f"{base}/snapshots", json={"board_id": board["id"]}, headers=auth).status_code == 201
    export = http.get(f"{base}/export.json", headers=auth).json()
    shot = export["snapshots"][0]
    export["snapshots"] = [dict(shot, id=f"n_{i}", taken_at=f"2026-01-01T10:{i:02d}:00.000Z") for i in range(SHOTS)]
    return first, export


def restore(http: httpx.Client, export: dict, token: str) -> dict:
    r = http.post("/api/workshops/restore", json=export, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 201, r.text[:300]
    return r.json()


def quiet_board(server) -> tuple[dict, str]:
    """Another workshop and its first board: the single picture that must stay fast."""
    other = server.create_workshop()
    state = server.state(other["workshop_id"], other["token"])
    return other, next(r for r in state["records"] if r["kind"] == "board")["id"]


def history_file(client: httpx.AsyncClient, workshop: dict, ext: str = "zip", token: str | None = None):
    return client.get(f"/api/workshops/{workshop['workshop_id']}/snapshots.{ext}",
                      headers={"Authorization": f"Bearer {token or workshop['token']}"})


async def timed(request) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    response = await request
    return response, time.monotonic() - start


def test_another_workshops_picture_stays_fast_while_8_zips_are_drawn(shared):
    server = shared
    with httpx.Client(base_url=server.base_url, timeout=120) as http:
        first, export = busy_history(http, server)
        workshops = [restore(http, export, first["token"]) for _ in range(8)]  # 8 workshops, 8 different files
        other, board = quiet_board(server)
    picture = f"/api/workshops/{other['workshop_id']}/boards/{board}/snapshot.png"
    as_other = {"Authorization": f"Bearer {other['token']}"}

    async def scenario():
        async with httpx.AsyncClient(base_url=server.base_url, timeout=300) as client:
            await client.get(picture, headers=as_other)  # warm: fonts, the lane's thread
            idle = [(await timed(client.get(picture, headers=as_other)))[1] for _ in range(5)]
            alone, one_zip = await timed(history_file(client, workshops[0]))  # the same file as each of the 8
            assert alone.status_code == 200
            zips = [asyncio.create_task(timed(history_file(client, w))) for w in workshops]
            await asyncio.sleep(0.3)  # the zips are under way
            during = []
            while len(during) < 5 and not all(z.done() for z in zips):
                r, took = await timed(client.get(picture, headers=as_other))
                assert r.status_code == 200
                during.append((took, not all(z.done() for z in zips)))  # was it still under load when answered?
            done = await asyncio.gather(*zips)
            return idle, one_zip, during, done

    idle, one_zip, during, done = asyncio.run(scenario())
    assert [r.status_code for r, _ in done] == [200] * 8
    zips_took = max(took for _, took in done)
    under_load = [took for took, loaded in during if loaded]
    report = (f"idle {statistics.median(idle) * 1000:.0f} ms, one zip alone {one_zip:.2f} s, 8 zips {zips_took:.2f} s, "
              f"pictures during them {[round(t * 1000) for t, _ in during]} ms")
    print(report)
    # before: the first picture waited behind the zips in one queue, several times one zip's own time
    assert during and during[0][0] < 0.25 * one_zip, report
    assert len(under_load) >= 3, report  # measured while the zips were still being drawn
    assert statistics.median(under_load) < 0.25 * one_zip, report
    assert statistics.median(under_load) < 30 * max(statistics.median(idle), 0.02), report


def test_the_same_zip_asked_by_8_people_at_once_is_drawn_once_and_shared(shared):
    server = shared
    with httpx.Client(base_url=server.base_url, timeout=120) as http:
        first, export = busy_history(http, server)
        workshop = restore(http, export, first["token"])
        people = [server.join(workshop, f"Person {i}") for i in range(8)]

    async def scenario():
        async with httpx.AsyncClient(base_url=server.base_url, timeout=300) as client:
            alone, one_zip = await timed(history_file(client, workshop))
            assert alone.status_code == 200
            start = time.monotonic()
            answers = await asyncio.gather(*(history_file(client, workshop, token=p["token"]) for p in people))
            return one_zip, time.monotonic() - start, answers

    one_zip, together, answers = asyncio.run(scenario())
    assert [r.status_code for r in answers] == [200] * 8
    assert len({r.content for r in answers}) == 1  # one drawing, the same bytes for all
    # before: 8 drawings, each in its turn (about 4 times one zip's time on 2 threads)
    assert together < 2.5 * one_zip, f"one zip {one_zip:.2f} s, 8 at once {together:.2f} s"
