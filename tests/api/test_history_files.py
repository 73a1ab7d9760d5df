"""The whole picture history as one file (`snapshots.zip`, `snapshots.pdf`) is limited per person (issue 12):
each one draws every picture of the workshop, and 8 asked at once made another workshop's single picture
wait 82 s. A person gets HISTORY_FILES_PER_MINUTE of them (a PDF and a ZIP share one budget), then a
plain-language 429 with Retry-After, in their language; someone else in the workshop still gets theirs."""
import io
import zipfile

from server.protocol.limits import HISTORY_FILES_PER_MINUTE

from .conftest import assert_error, bearer


def test_the_whole_history_as_one_file_is_limited_per_person(server, http, workshop):
    wid = workshop["workshop_id"]
    eve, ada = server.join(workshop, "Eve"), server.join(workshop, "Ada")
    assert http.post(f"/api/workshops/{wid}/snapshots", headers=bearer(workshop["token"]), json={}).status_code == 201
    base = f"/api/workshops/{wid}/snapshots"
    got = [http.get(f"{base}.{'zip' if i % 2 else 'pdf'}", headers=bearer(eve["token"]), timeout=60)
           for i in range(HISTORY_FILES_PER_MINUTE)]
    assert [r.status_code for r in got] == [200] * HISTORY_FILES_PER_MINUTE
    refused = http.get(f"{base}.zip", headers=bearer(eve["token"]))
    body = assert_error(refused, 429, "rate_limited")
    assert "wait" in body["message"], body
    assert 1 <= int(refused.headers["Retry-After"]) <= 60 // HISTORY_FILES_PER_MINUTE + 1
    # the PDF shares the ZIP's budget
    assert_error(http.get(f"{base}.pdf", headers=bearer(eve["token"])), 429, "rate_limited")
    # said in the reader's language, from the catalogue
    welsh = http.get(f"{base}.zip", headers={**bearer(eve["token"]), "X-Coboard-Language": "cy"})
    said = assert_error(welsh, 429, "rate_limited")["message"]
    assert said != body["message"] and "arhoswch" in said.lower(), said
    # another person of the workshop is not affected
    theirs = http.get(f"{base}.zip", headers=bearer(ada["token"]), timeout=60)
    assert theirs.status_code == 200 and zipfile.ZipFile(io.BytesIO(theirs.content)).namelist()
    # single pictures have their own budget: still drawn for Eve
    shot = http.get(base, headers=bearer(eve["token"])).json()["snapshots"][0]
    assert http.get(f"{base}/{shot['id']}.png", headers=bearer(eve["token"])).status_code == 200


def test_the_budget_is_the_members_own_in_their_workshop(server, http, workshop):
    """A restored workshop keeps its people's ids: its facilitator does not spend the original one's budget."""
    wid, token = workshop["workshop_id"], workshop["token"]
    assert http.post(f"/api/workshops/{wid}/snapshots", headers=bearer(token), json={}).status_code == 201
    export = http.get(f"/api/workshops/{wid}/export.json", headers=bearer(token)).json()
    copy = http.post("/api/workshops/restore", json=export, headers=bearer(token))
    assert copy.status_code == 201, copy.text
    copy = copy.json()
    assert copy["participant_id"] == workshop["participant_id"]  # the same person id in both workshops
    for _ in range(HISTORY_FILES_PER_MINUTE):
        assert http.get(f"/api/workshops/{wid}/snapshots.zip", headers=bearer(token), timeout=60).status_code == 200
    assert_error(http.get(f"/api/workshops/{wid}/snapshots.zip", headers=bearer(token)), 429, "rate_limited")
    theirs = http.get(f"/api/workshops/{copy['workshop_id']}/snapshots.zip", headers=bearer(copy["token"]), timeout=60)
    assert theirs.status_code == 200
