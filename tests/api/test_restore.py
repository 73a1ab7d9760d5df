"""export.json and POST /api/workshops/restore give back the same workshop (issue 6)."""
import httpx
import pytest

from server.domain.errors import Rejected

from .conftest import assert_error
from .data_helpers import auth, populated, upload


def export(http, workshop) -> dict:
    r = http.get(f"/api/workshops/{workshop['workshop_id']}/export.json", headers=auth(workshop["token"]))
    assert r.status_code == 200, r.text
    return r.json()


def test_restore_round_trip_gives_back_every_record(server):
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        journey = populated(server, http)
        taken = http.post(f"/api/workshops/{journey['workshop_id']}/snapshots", headers=auth(journey["token"]),
                          json={"board_id": journey["boards"]["nww"]})
        assert taken.status_code == 201
        original = export(http, journey)
        r = http.post("/api/workshops/restore", json=original, headers=auth(journey["token"]))
        assert r.status_code == 201, r.text
        restored = r.json()
        assert set(restored) >= {"workshop_id", "join_code", "join_url", "participant_id", "token"}
        assert restored["workshop_id"] != journey["workshop_id"] and restored["token"] != journey["token"]
        assert restored["participant_id"] == journey["participant_id"]  # the facilitator, with a new token
        again = export(http, restored)

    def comparable(records, wid):
        return {r["id"] if r["kind"] != "workshop" else "workshop": r | ({"id": "workshop"} if r["kind"] == "workshop"
                                                                         else {}) for r in records}

    before = comparable(original["records"], journey["workshop_id"])
    after = comparable(again["records"], restored["workshop_id"])
    assert before.keys() == after.keys()
    for key in before:
        if key == "workshop":  # a restored workshop gets its own join code: the original may still be open
            assert before[key].pop("join_code") != after[key].pop("join_code")
            assert after[key].pop("ballot_origin") == journey["workshop_id"]  # its anonymous answers' key
        assert before[key] == after[key], key
    assert len(before) > 40
    assert [s["svg"] for s in again["snapshots"]] == [s["svg"] for s in original["snapshots"]]
    # The old token does not open the new workshop; the new one does.
    state = server.state(restored["workshop_id"], restored["token"])
    assert state["me"]["role"] == "facilitator"
    r = httpx.get(f"{server.base_url}/api/workshops/{restored['workshop_id']}/state", headers=auth(journey["token"]))
    assert_error(r, 403, "forbidden")


def test_export_json_is_for_the_facilitator(server, http, workshop):
    host = server.join(workshop, "Hana")
    assert_error(http.get(f"/api/workshops/{workshop['workshop_id']}/export.json", headers=auth(host["token"])),
                 403, "forbidden")


def test_restore_refuses_what_is_not_an_export(server, http, workshop):
    http.headers.update(auth(workshop["token"]))  # a facilitator restores
    assert_error(http.post("/api/workshops/restore", content=b"not json"), 422, "invalid")
    assert_error(http.post("/api/workshops/restore", json={"title": "x"}), 422, "invalid")
    good = export(http, workshop)
    no_facilitator = {**good, "records": [r for r in good["records"] if r["kind"] != "participant"]}
    body = assert_error(http.post("/api/workshops/restore", json=no_facilitator), 422, "invalid")
    assert "facilitator" in body["message"]
    twice = {**good, "records": good["records"] + good["records"][:1]}
    assert_error(http.post("/api/workshops/restore", json=twice), 422, "invalid")


def test_restore_needs_the_admin_key_when_set(tmp_path):
    from tests.conftest import start_server, stop_server

    server = start_server(tmp_path, {"COBOARD_ADMIN_KEY": "sesame"})
    try:
        with httpx.Client(base_url=server.base_url, timeout=10) as http:
            made = http.post("/api/workshops", json={"title": "T", "facilitator_name": "Sam"},
                             headers={"X-Admin-Key": "sesame"}).json()
            upload(http, made, b"What is working well for you?\nFriends\n")
            body = export(http, made)
            assert_error(http.post("/api/workshops/restore", json=body), 401, "unauthorized")
            assert_error(http.post("/api/workshops/restore", json=body, headers={"X-Admin-Key": "nope"}),
                         403, "forbidden")
            assert http.post("/api/workshops/restore", json=body, headers={"X-Admin-Key": "sesame"}).status_code == 201
    finally:
        stop_server(server)


def test_restore_refuses_an_over_large_body(server, http):
    r = http.post("/api/workshops/restore", content=b"{" + b" " * (20 * 1024 * 1024 + 10) + b"}",
                  headers={"Content-Type": "application/json"}, timeout=60)
    assert_error(r, 413, "too_large")


def test_after_a_restore_a_persons_second_feedback_answer_is_still_refused(server):
    """The key anonymous answers are filed under carries over a restore (domain/anonymous.py), so someone
    who answered before the export cannot answer again in the restored workshop; nothing in the export
    says who answered, and an export whose seal was edited gets a key of its own."""
    from .data_helpers import do_op

    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        w = server.create_workshop("Feedback over a restore", "Sam")
        ada, ben = server.join(w, "Ada"), server.join(w, "Ben")
        fid = do_op(server, w["workshop_id"], w["token"], "feedback.open", place="Leeds")["feedback_id"]
        do_op(server, w["workshop_id"], ada["token"], "feedback.answer", feedback_id=fid, equals=4, help="More tea")
        original = export(http, w)
        text = http.get(f"/api/workshops/{w['workshop_id']}/export.json", headers=auth(w["token"])).text
        assert ada["participant_id"] not in str([r for r in original["records"] if r["kind"] == "feedback_answer"])
        assert set(original["ballot"]) == {"origin", "seal"} and "Ada" in text  # her name, as a participant only

        r = http.post("/api/workshops/restore", json=original, headers=auth(w["token"]))
        assert r.status_code == 201, r.text
        restored = r.json()
        wid = restored["workshop_id"]

        def link(pid):
            got = http.post(f"/api/workshops/{wid}/participants/{pid}/link", headers=auth(restored["token"]))
            assert got.status_code == 201, got.text
            return got.json()["token"]

        from .data_helpers import do_ops
        (again,) = do_ops(server, wid, link(ada["participant_id"]),
                          [("feedback.answer", {"feedback_id": fid, "equals": 1})])
        assert again["t"] == "err" and again["code"] == "conflict", again  # Ada answered before the export
        do_op(server, wid, link(ben["participant_id"]), "feedback.answer", feedback_id=fid, equals=2)  # Ben had not
        state = server.state(wid, restored["token"])
        assert next(x for x in state["records"] if x["kind"] == "feedback")["answers"] == 2

        # an export with an edited seal borrows no key: the restored workshop files answers under its own
        forged = {**original, "ballot": {"origin": original["ballot"]["origin"], "seal": "0" * 64}}
        r = http.post("/api/workshops/restore", json=forged, headers=auth(w["token"]))
        assert r.status_code == 201, r.text
        other = r.json()
        workshop = next(x for x in server.state(other["workshop_id"], other["token"])["records"]
                        if x["kind"] == "workshop")
        assert "ballot_origin" not in workshop or workshop["ballot_origin"] is None
        forged_records = [dict(x) for x in original["records"]]
        for x in forged_records:
            if x["kind"] == "workshop":
                x["ballot_origin"] = "w_someone_else"
        r = http.post("/api/workshops/restore", json={**original, "records": forged_records, "ballot": None},
                      headers=auth(w["token"]))
        assert r.status_code == 201, r.text
        third = r.json()
        workshop = next(x for x in server.state(third["workshop_id"], third["token"])["records"]
                        if x["kind"] == "workshop")
        assert workshop.get("ballot_origin") is None  # a record cannot name the key it is filed under


def test_a_restore_is_checked_and_decided_in_a_heavy_work_child_not_a_thread_of_the_server(tmp_path):
    """What the HTTP restore does with a body read in a child (a Packed export), on the real services:
    with the server's heavy-work threads refusing every job, the restore still checks, decides and
    stores the workshop, its sealed anonymous answer opened in the child (the same key refuses a
    second answer). A thread of the server shares its GIL with the event loop; a child does not."""
    import asyncio

    import orjson

    from server import heavy_jobs, workers
    from server.api.workshops import open_workshop
    from server.config import Settings
    from server.exports.restore import export_document, restore_workshop
    from server.services import open_services

    async def scenario():
        async with open_services(Settings(database_url=f"sqlite:///{tmp_path / 'restore.db'}")) as services:
            first = await open_workshop(services, "Restored in a child", None, "Sam")
            hub = await services.hubs.get(first["workshop_id"])
            sam = first["participant_id"]
            _, opened = await hub.execute(sam, "feedback.open", {"place": "Leeds"})
            fid = opened.result["feedback_id"]
            await hub.execute(sam, "feedback.answer", {"feedback_id": fid, "equals": 4})
            packed = heavy_jobs.read_export(orjson.dumps(await export_document(hub, services.snapshots)))
            assert isinstance(packed, heavy_jobs.Packed)
            workers._executor().shutdown()  # every heavy() job of this process now fails
            try:
                restored = await restore_workshop(services, packed)
            finally:
                workers._pools.pop(workers.WORK, None)
            again = await services.hubs.get(restored["workshop_id"])
            assert {r["kind"] for r in again.state.records.values()} >= {"workshop", "participant", "feedback"}
            assert next(again.state.of_kind("feedback"))["answers"] == 1
            with pytest.raises(Rejected) as refused:
                await again.execute(restored["participant_id"], "feedback.answer", {"feedback_id": fid, "equals": 1})
            assert refused.value.code == "conflict"  # Sam answered before the export

    asyncio.run(scenario())
