"""Erasure and deletion (PROTOCOL.md "Personal data"): the name nowhere, the boards kept, nothing left."""
import io
import re
import sqlite3
import zipfile

import httpx
import orjson
import pytest
from pypdf import PdfReader

from tests.api.conftest import assert_error, bearer
from tests.api.data_helpers import do_op, do_ops, populated, records
from tests.api.test_cli import coboard
from tests.conftest import start_server, stop_server
from tests.realtime.client import connect

NAMES = ("Zephyrine", "Zephyrine Quill")  # as she joined, and after renaming herself
CHAT = "Ring me on zq-417, Zephyrine here"
THANKS = "Thanks Zephyrine for that"
NOTE_ABOUT_HER = "ZEPHYRINE QUILL said the 47 will be late; we will ask"


def named(blob: bytes) -> bool:
    text = blob.decode("utf-8", "replace").casefold()
    return "zephyrine" in text or "quill" in text or "zq-417" in text


def in_welsh(token: str) -> dict:
    from server.i18n import PAGE_LANGUAGE

    return {**bearer(token), PAGE_LANGUAGE: "cy"}


def pdf_text(blob: bytes) -> bytes:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(blob)).pages).encode()


def readable(blob: bytes) -> bytes:
    """What a file says, to search: a ZIP's (an XLSX's) members unpacked, a PDF's text, others as they are."""
    if blob.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(blob)) as z:
            return b" ".join(readable(z.read(n)) for n in z.namelist() if not n.endswith(".png"))
    if blob.startswith(b"%PDF"):
        return pdf_text(blob)
    return blob


def every_file(http, wid: str, token: str, state: dict, history: bool = True) -> dict[str, bytes]:
    """Every export, report, calendar and history file staff can fetch about the workshop, as `readable`
    (`history`: the whole picture history as one ZIP and one PDF too, HISTORY_FILES_PER_MINUTE allowing)."""
    paths = ["export.json", "export.xlsx", "export.zip", "responses.xlsx", "cards.pdf", "report.html", "report.pdf",
             "you-said-we-did.html", "you-said-we-did.pdf", "progress", "mop-up"]
    paths += ["snapshots.zip", "snapshots.pdf"] if history else []
    paths += [f"plans/{r['id']}/checkins.ics" for r in state["records"] if r["kind"] == "action_plan"]
    paths += [f"cards/{r['id']}/trail" for r in state["records"] if r["kind"] == "card" and r.get("type") == "data"]
    files = {}
    for path in paths:
        r = http.get(f"/api/workshops/{wid}/{path}", headers=bearer(token), timeout=60)
        assert r.status_code == 200, (path, r.status_code, r.text[:200])
        files[path] = readable(r.content)
    return files


def all_rows(db_path, workshop_id=None) -> dict[str, list]:
    """Every row of every table (of one workshop where the table has a workshop_id)."""
    with sqlite3.connect(db_path) as db:
        tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        rows = {}
        for t in tables:
            columns = [c[1] for c in db.execute(f"PRAGMA table_info({t})")]
            if workshop_id and "workshop_id" in columns:
                rows[t] = db.execute(f"SELECT * FROM {t} WHERE workshop_id = ?", (workshop_id,)).fetchall()
            elif workshop_id and t == "workshops":
                rows[t] = db.execute("SELECT * FROM workshops WHERE id = ?", (workshop_id,)).fetchall()
            elif not workshop_id:
                rows[t] = db.execute(f"SELECT * FROM {t}").fetchall()
        return rows


async def replay(server, wid, token) -> bytes:
    client, welcome = await connect(server.ws_url(wid), token, since=0)
    await client.close()
    assert welcome["t"] == "welcome" and "replay" in welcome, welcome
    return orjson.dumps(welcome)


@pytest.fixture
def zephyrine_took_part(server):
    """The whole journey, plus a person who renamed herself, chatted, wrote, voted, answered, led a plan."""
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        journey = populated(server, http)
    wid, token = journey["workshop_id"], journey["token"]
    zee = server.join(journey, NAMES[0], perspective="lived_experience")
    boards = journey["boards"]
    kind_staff = do_op(server, wid, token, "card.create", board_id=boards["ww"], type="theme", text="Kind staff")
    round_id = do_op(server, wid, token, "round.open", board_id=boards["ww"])["round_id"]
    poll = do_op(server, wid, token, "poll.create", question="Lunch?", options=["Yes", "No"], anonymous=False)
    answers = do_ops(server, wid, zee["token"], [
        ("participant.rename", {"name": NAMES[1]}),
        ("chat.send", {"text": CHAT}),
        ("card.create", {"board_id": boards["parking"], "type": "note", "text": "More buses on Sundays"}),
        ("vote.cast", {"round_id": round_id, "target_id": kind_staff["card_id"]}),
        ("poll.answer", {"poll_id": poll["poll_id"], "choices": [0]})])
    assert all(a["t"] == "ack" for a in answers), answers
    # other people name her in their own words: the facilitator's chat and card stay, her name goes (audit1214 A)
    do_op(server, wid, token, "chat.send", text=THANKS)
    do_op(server, wid, token, "card.create", board_id=boards["ww"], type="note", text=NOTE_ABOUT_HER)
    plan = next(r for r in records(server, journey, "action_plan"))
    do_op(server, wid, token, "plan.set_lead", plan_id=plan["id"], participant_id=zee["participant_id"])
    do_op(server, wid, token, "welcome.update", team=[{"name": NAMES[0], "role": "Recorder"}])
    do_op(server, wid, token, "round.close", round_id=round_id)
    # pictures: one of every board now, and the automatic ones when the activity changes
    assert httpx.post(f"{server.base_url}/api/workshops/{wid}/snapshots", json={},
                      headers=bearer(token)).status_code == 201
    do_op(server, wid, token, "workshop.update", activity="voting")
    return journey, zee


async def test_participant_erase_leaves_the_name_nowhere_and_the_boards_as_they_were(server, http, zephyrine_took_part):
    journey, zee = zephyrine_took_part
    wid, token, pid = journey["workshop_id"], journey["token"], zee["participant_id"]
    before = server.state(wid, token)
    assert named(orjson.dumps(before)) and named(await replay(server, wid, token))
    tallies_before = {r["id"]: r["tallies"] for r in before["records"] if r["kind"] == "round"}
    files_before = every_file(http, wid, token, before, history=False)  # the pictures are looked at one by one
    # what names her before: the check below can tell (the plan she leads, the exports, the report…)
    assert {"export.json", "export.xlsx", "export.zip", "report.html", "report.pdf"} <= {
        path for path, blob in files_before.items() if named(blob)}, sorted(
        path for path, blob in files_before.items() if named(blob))
    listed = http.get(f"/api/workshops/{wid}/snapshots", headers=bearer(token)).json()["snapshots"]
    pictures = {s["id"]: http.get(f"/api/workshops/{wid}/snapshots/{s['id']}.svg", headers=bearer(token)).content
                for s in listed}
    showing = {i for i, svg in pictures.items() if named(svg)}
    assert showing  # pictures that show her name, to be drawn again without it
    # the same pictures asked for in Welsh: drawn again from the log and kept by the server (history.Said)
    welsh = {i: http.get(f"/api/workshops/{wid}/snapshots/{i}.svg", headers=in_welsh(token)).content for i in pictures}
    assert all(b'lang="cy"' in svg[:400] for svg in welsh.values())
    assert {i for i, svg in welsh.items() if named(svg)} == showing

    done = http.post(f"/api/workshops/{wid}/participants/{pid}/erase", headers=bearer(token))
    assert done.status_code == 200, done.text
    assert done.json()["participant_id"] == pid and done.json()["events_redacted"] > 0
    # the boards still exist: every picture that showed her is drawn again (the same picture, kept), none dropped
    assert (done.json()["pictures_redrawn"], done.json()["pictures_dropped"]) == (len(showing), 0)
    assert {s["id"] for s in http.get(f"/api/workshops/{wid}/snapshots", headers=bearer(token)).json()[
        "snapshots"]} == {s["id"] for s in listed}

    # her token is refused, everywhere
    assert_error(http.get(f"/api/workshops/{wid}/state", headers=bearer(zee["token"])), 401, "unauthorized")
    state = server.state(wid, token)
    me = next(r for r in state["records"] if r["id"] == pid)
    assert me["name"] == "Erased person" and me["erased"] is True
    # what she put on the boards stays, unattributed, and the tallies are as they were
    assert any(r.get("text") == "More buses on Sundays" for r in state["records"])
    assert {r["id"]: r["tallies"] for r in state["records"] if r["kind"] == "round"} == tallies_before
    chat = next(r for r in state["records"] if r["kind"] == "chat" and r["by"] == pid)
    assert chat["text"] == "" and chat["by_name"] == "Erased person"
    # others' words that named her are kept, with "Erased person" where her name was (a lower-case "will" stays)
    texts = {r.get("text") for r in state["records"] if r["kind"] in ("chat", "card")}
    assert {"Thanks Erased person for that", "Erased person said the 47 will be late; we will ask"} <= texts

    # the name nowhere: state, a replay from 0, export.json, the report (HTML and PDF text), every picture
    assert not named(orjson.dumps(state))
    assert not named(await replay(server, wid, token))
    assert not named(http.get(f"/api/workshops/{wid}/export.json", headers=bearer(token)).content)
    assert not named(http.get(f"/api/workshops/{wid}/report.html", headers=bearer(token)).content)
    assert not named(pdf_text(http.get(f"/api/workshops/{wid}/report.pdf", headers=bearer(token)).content))
    # and every other file staff can fetch: the CSV and Excel exports, the printable cards, the calendars, the
    # whole picture history as one ZIP (its SVGs and index) or PDF
    assert [path for path, blob in every_file(http, wid, token, state).items() if named(blob)] == []
    shots = http.get(f"/api/workshops/{wid}/snapshots", headers=bearer(token)).json()["snapshots"]
    for shot in shots:
        svg = http.get(f"/api/workshops/{wid}/snapshots/{shot['id']}.svg", headers=bearer(token))
        assert svg.status_code == 200 and not named(svg.content), shot
        if b"More buses on Sundays" in pictures[shot["id"]]:  # drawn again as it was, her card still on it
            assert b"More buses on Sundays" in svg.content
        assert not named(pdf_text(http.get(f"/api/workshops/{wid}/snapshots/{shot['id']}.pdf",
                                           headers=bearer(token)).content))
        # in Welsh too: the copy said in Welsh before the erasure is not what is answered now
        cy = http.get(f"/api/workshops/{wid}/snapshots/{shot['id']}.svg", headers=in_welsh(token))
        assert cy.status_code == 200 and b'lang="cy"' in cy.content[:400] and not named(cy.content), shot
        assert not named(pdf_text(http.get(f"/api/workshops/{wid}/snapshots/{shot['id']}.pdf",
                                           headers=in_welsh(token)).content))
    for board in (r for r in state["records"] if r["kind"] == "board"):
        picture = http.get(f"/api/workshops/{wid}/boards/{board['id']}/snapshot.svg", headers=bearer(token))
        assert not named(picture.content), board["type"]
    # and the database itself: every column of every row of the workshop, the event log included
    assert not named(orjson.dumps(all_rows(server.db_path, wid), default=str))

    # vote recounts from the (redacted) log still match the tallies
    with sqlite3.connect(server.db_path) as db:
        puts = [orjson.loads(p) for (p,) in db.execute(
            "SELECT put FROM events WHERE workshop_id = ? ORDER BY seq", (wid,))]
        deleted = [orjson.loads(d) for (d,) in db.execute(
            "SELECT deleted FROM events WHERE workshop_id = ? ORDER BY seq", (wid,))]
    votes: dict[str, dict] = {}
    for put, gone in zip(puts, deleted):
        for r in gone:
            votes.pop(r["id"], None)
        for r in put:
            if r["kind"] == "vote":
                votes[r["id"]] = r
    for round_id, tallies in tallies_before.items():
        counted: dict[str, int] = {}
        for v in votes.values():
            if v["round_id"] == round_id:
                counted[v["target_id"]] = counted.get(v["target_id"], 0) + 1
        assert {k: n for k, n in tallies.items() if n} == counted

    # again is harmless; a link for an erased person is refused
    assert http.post(f"/api/workshops/{wid}/participants/{pid}/erase", headers=bearer(token)).status_code == 200
    assert_error(http.post(f"/api/workshops/{wid}/participants/{pid}/link", headers=bearer(token)), 409, "conflict")


def test_participant_erase_is_for_the_facilitator_and_never_the_last_one(server, http, workshop):
    wid = workshop["workshop_id"]
    ada = server.join(workshop, "Ada")
    assert_error(http.post(f"/api/workshops/{wid}/participants/{workshop['participant_id']}/erase",
                           headers=bearer(ada["token"])), 403, "forbidden")
    assert_error(http.post(f"/api/workshops/{wid}/participants/{workshop['participant_id']}/erase",
                           headers=bearer(workshop["token"])), 409, "conflict")
    assert_error(http.post(f"/api/workshops/{wid}/participants/p-nobody/erase",
                           headers=bearer(workshop["token"])), 404, "not_found")
    assert server.state(wid, ada["token"])["me"]["name"] == "Ada"


async def test_workshop_delete_leaves_no_row_of_it_in_any_table(server, http, zephyrine_took_part):
    journey, zee = zephyrine_took_part
    wid, token = journey["workshop_id"], journey["token"]
    other = server.create_workshop("Kept", "Kim")
    kept_before = all_rows(server.db_path, other["workshop_id"])
    socket, welcome = await connect(server.ws_url(wid), zee["token"])
    assert welcome["t"] == "welcome"
    assert_error(http.delete(f"/api/workshops/{wid}", headers=bearer(zee["token"])), 403, "forbidden")
    gone = http.delete(f"/api/workshops/{wid}", headers=bearer(token))
    assert gone.status_code == 204 and gone.content == b""
    assert await socket.wait_closed() == 4404
    rows = all_rows(server.db_path, wid)
    assert rows and all(not found for found in rows.values()), {t: len(r) for t, r in rows.items() if r}
    assert wid not in orjson.dumps(all_rows(server.db_path), default=str).decode()  # in no column of any row
    assert all_rows(server.db_path, other["workshop_id"]) == kept_before
    # every later call about it: 401 for its tokens, 404 otherwise
    assert_error(http.get(f"/api/workshops/{wid}/state", headers=bearer(token)), 401, "unauthorized")
    joined = http.post(f"/api/workshops/{wid}/join", json={"join_code": journey["join_code"], "name": "Late"})
    assert joined.status_code == 404
    page = http.get(f"/w/{wid}")  # its page too (the same shell, which then says so itself)
    assert page.status_code == 404 and "coboard-activity" not in page.text
    assert http.get(f"/w/{other['workshop_id']}").status_code == 200


def test_workshop_delete_and_erase_from_the_command_line(tmp_path):
    server = start_server(tmp_path)
    try:
        workshop = server.create_workshop("Command line", "Sam")
        wid = workshop["workshop_id"]
        ada = server.join(workshop, "Zephyrine")
        do_op(server, wid, ada["token"], "chat.send", text=CHAT)
        done = coboard(server, "erase", wid, ada["participant_id"])
        assert done.returncode == 0, done.stderr
        assert re.search(r"Erased: \d+ stored events redacted", done.stdout)
        assert not named(orjson.dumps(server.state(wid, workshop["token"])))
        assert not named(orjson.dumps(all_rows(server.db_path, wid), default=str))
        refused = coboard(server, "delete", wid)
        assert refused.returncode != 0 and "--yes" in refused.stderr
        done = coboard(server, "delete", wid, "--yes")
        assert done.returncode == 0, done.stderr
        assert all(not rows for rows in all_rows(server.db_path, wid).values())
        assert httpx.get(f"{server.base_url}/api/workshops/{wid}/state", headers=bearer(workshop["token"])).status_code == 401
        assert "Zephyrine" not in server.log()
    finally:
        stop_server(server)
