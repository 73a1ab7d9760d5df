"""On-demand pictures per minute, per person (issue 12): drawing a PNG or PDF costs, and so does
storing a snapshot, so one member asking in a loop gets `rate_limited` while others still get theirs."""
import httpx

from server.protocol.limits import PICTURES_PER_MINUTE, SNAPSHOTS_PER_MINUTE


def test_pictures_and_snapshots_on_demand_are_limited_per_person(shared):
    server = shared
    workshop = server.create_workshop()
    eve, ada = server.join(workshop, "Eve"), server.join(workshop, "Ada")
    base = f"{server.base_url}/api/workshops/{workshop['workshop_id']}"
    with httpx.Client(timeout=30) as http:
        state = server.state(workshop["workshop_id"], eve["token"])
        board = next(r for r in state["records"] if r["kind"] == "board")["id"]
        as_eve = {"Authorization": f"Bearer {eve['token']}"}
        drawn = [http.get(f"{base}/boards/{board}/snapshot.{'png' if i % 2 else 'pdf'}", headers=as_eve).status_code
                 for i in range(PICTURES_PER_MINUTE + 5)]
        assert drawn[:PICTURES_PER_MINUTE] == [200] * PICTURES_PER_MINUTE, drawn
        assert set(drawn[PICTURES_PER_MINUTE:]) == {429}, drawn
        refused = http.get(f"{base}/boards/{board}/snapshot.png", headers=as_eve)
        assert refused.json()["code"] == "rate_limited" and "wait" in refused.json()["message"]
        # the SVG is not drawn by the server: still answered
        assert http.get(f"{base}/boards/{board}/snapshot.svg", headers=as_eve).status_code == 200
        # another person is not affected
        as_ada = {"Authorization": f"Bearer {ada['token']}"}
        assert http.get(f"{base}/boards/{board}/snapshot.png", headers=as_ada).status_code == 200
        # snapshots kept on demand: SNAPSHOTS_PER_MINUTE a person
        as_host = {"Authorization": f"Bearer {workshop['token']}"}
        taken = [http.post(f"{base}/snapshots", json={"board_id": board}, headers=as_host).status_code
                 for _ in range(SNAPSHOTS_PER_MINUTE + 3)]
        assert taken[:SNAPSHOTS_PER_MINUTE] == [201] * SNAPSHOTS_PER_MINUTE and set(
            taken[SNAPSHOTS_PER_MINUTE:]) == {429}, taken
