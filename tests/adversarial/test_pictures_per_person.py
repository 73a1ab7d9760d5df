"""On-demand pictures per minute, per person (issue 12): drawing a PNG or PDF costs, and so does
storing a snapshot, so one member asking in a loop gets `rate_limited` while others still get theirs."""
import time

import httpx

from server.protocol.limits import PICTURES_PER_MINUTE, SNAPSHOTS_PER_MINUTE


def spend(ask, per_minute: int, ok: int) -> httpx.Response:
    """`per_minute` asks answered `ok`, then asking again until refused (429): what refills meanwhile (one every
    60 / per_minute s, which on a busy machine the loop may outlast) goes through, nothing more."""
    start = time.monotonic()
    first = [ask(i).status_code for i in range(per_minute)]
    assert first == [ok] * per_minute, first
    more = []
    while len(more) < per_minute and (not more or more[-1].status_code != 429):
        more.append(ask(len(first) + len(more)))
    codes, refilled = [r.status_code for r in more], (time.monotonic() - start) * per_minute / 60 + 1
    assert codes[-1] == 429 and set(codes) <= {ok, 429} and codes.count(ok) <= refilled, codes
    return more[-1]


def test_pictures_and_snapshots_on_demand_are_limited_per_person(shared):
    server = shared
    workshop = server.create_workshop()
    eve, ada = server.join(workshop, "Eve"), server.join(workshop, "Ada")
    base = f"{server.base_url}/api/workshops/{workshop['workshop_id']}"
    with httpx.Client(timeout=30) as http:
        state = server.state(workshop["workshop_id"], eve["token"])
        board = next(r for r in state["records"] if r["kind"] == "board")["id"]
        as_eve = {"Authorization": f"Bearer {eve['token']}"}
        refused = spend(lambda i: http.get(f"{base}/boards/{board}/snapshot.{'png' if i % 2 else 'pdf'}",
                                           headers=as_eve), PICTURES_PER_MINUTE, 200)
        assert refused.json()["code"] == "rate_limited" and "wait" in refused.json()["message"]
        # the SVG is not drawn by the server: still answered
        assert http.get(f"{base}/boards/{board}/snapshot.svg", headers=as_eve).status_code == 200
        # another person is not affected
        as_ada = {"Authorization": f"Bearer {ada['token']}"}
        assert http.get(f"{base}/boards/{board}/snapshot.png", headers=as_ada).status_code == 200
        # snapshots kept on demand: SNAPSHOTS_PER_MINUTE a person
        as_host = {"Authorization": f"Bearer {workshop['token']}"}
        spend(lambda i: http.post(f"{base}/snapshots", json={"board_id": board}, headers=as_host),
              SNAPSHOTS_PER_MINUTE, 201)
