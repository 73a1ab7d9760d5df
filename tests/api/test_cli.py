"""`coboard import | export | restore` beside a running server on the same SQLite file."""
import json
import re
import subprocess
from pathlib import Path

from tests.conftest import COBOARD, start_server, stop_server

SAMPLE = Path(__file__).resolve().parents[2] / "server" / "demo" / "responses.csv"


def coboard(server, *args) -> subprocess.CompletedProcess:
    return subprocess.run([str(COBOARD), *args], env=server.env, capture_output=True, text=True, timeout=120,
                          cwd=server.log_path.parent)


def test_import_export_and_restore_from_the_command_line(tmp_path):
    server = start_server(tmp_path)
    try:
        workshop = server.create_workshop("Command line", "Sam")
        wid, token = workshop["workshop_id"], workshop["token"]
        before = server.state(wid, token)["seq"]
        done = coboard(server, "import", wid, str(SAMPLE))
        assert done.returncode == 0, done.stderr
        assert re.search(r"Imported \d+ answers \(cards: \d+; flagged for cleaning: \d+\)", done.stdout)
        # the running server catches up with what the command committed beside it
        state = server.state(wid, token)
        assert state["seq"] == before + 1
        cards = [r for r in state["records"] if r["kind"] == "card" and r["type"] == "data"]
        assert len(cards) > 50 and all(len(c["text"]) <= 170 for c in cards)
        again = coboard(server, "import", wid, str(SAMPLE))
        assert again.returncode != 0 and "already imported" in again.stderr

        out = tmp_path / "export.json"
        done = coboard(server, "export", wid, "-o", str(out))
        assert done.returncode == 0, done.stderr
        exported = json.loads(out.read_text())
        assert exported["workshop_id"] == wid and len(exported["records"]) == len(state["records"])

        done = coboard(server, "restore", str(out), "--port", server.base_url.rsplit(":", 1)[1])
        assert done.returncode == 0, done.stderr
        link = re.search(r"Facilitator link.*?(http\S+)", done.stdout).group(1)
        new_wid, new_token = re.search(r"/w/([^#]+)#token=(\S+)", link).groups()
        restored = server.state(new_wid, new_token)
        texts = sorted(r["text"] for r in restored["records"] if r["kind"] == "card")
        assert texts == sorted(r["text"] for r in state["records"] if r["kind"] == "card")

        bad = tmp_path / "bad.json"
        bad.write_text('{"format": "something else"}')
        done = coboard(server, "restore", str(bad))
        assert done.returncode != 0 and "not an export.json from Coboard" in done.stderr
        missing = coboard(server, "export", "w_nope")
        assert missing.returncode != 0 and "no workshop" in missing.stderr
    finally:
        stop_server(server)


def test_import_on_the_command_line_speaks_the_workshops_language_or_the_one_asked_for(tmp_path):
    """`coboard import` says why a file cannot be imported through the same catalogue as the upload page
    (issue 13): in the workshop's default language, else English; `--lang` to choose."""
    from server.i18n import gettext
    from .data_helpers import do_op

    picture = Path(__file__).parent / "data" / "picture.png.csv"
    not_a_sheet = "This file is not a spreadsheet we can read. Please upload a CSV or an Excel (.xlsx) file."
    server = start_server(tmp_path)
    try:
        workshop = server.create_workshop("Gwasanaethau dydd", "Siân")
        wid = workshop["workshop_id"]
        english = coboard(server, "import", wid, str(picture))
        assert english.returncode != 0 and english.stderr.strip() == f"Cannot import {picture}: {not_a_sheet}"
        do_op(server, wid, workshop["token"], "workshop.update", language="cy")
        welsh = coboard(server, "import", wid, str(picture))
        assert welsh.returncode != 0
        assert welsh.stderr.strip() == f"Ni ellir mewnforio {picture}: {gettext('cy', not_a_sheet)}", welsh.stderr
        asked = coboard(server, "import", wid, str(picture), "--lang", "en")
        assert asked.stderr.strip() == english.stderr.strip()
        done = coboard(server, "import", wid, str(SAMPLE))
        assert done.returncode == 0, done.stderr
        assert re.fullmatch(r"Mewnforiwyd \d+ o atebion \(cardiau: \d+; wedi’u nodi i’w glanhau: \d+\)\.\s*",
                            done.stdout), done.stdout
        again = coboard(server, "import", wid, str(SAMPLE))
        assert again.returncode != 0 and again.stderr.startswith("Ni fewnforiwyd dim: "), again.stderr
        assert "already imported" not in again.stderr
        missing = coboard(server, "import", "w_nope", str(SAMPLE), "--lang", "cy")
        assert missing.returncode != 0 and missing.stderr.strip() == "Does dim gweithdy 'w_nope' yn y gronfa ddata hon."
    finally:
        stop_server(server)


def test_erase_and_delete_from_the_command_line_beside_a_running_server_leave_nothing_it_serves(tmp_path):
    """`coboard erase` / `coboard delete` on the SQLite file of a running server, which no bus tells: right
    after the command, the server's replay (HTTP events from 0, a socket resuming from 0), state and export
    hold the name nowhere, and a deleted workshop's members are refused even on a socket whose token the
    server had vouched for. Before: the replay from the server's memory still held the name (~1 s)."""
    import asyncio

    import httpx

    from tests.realtime.client import connect

    server = start_server(tmp_path)
    try:
        workshop = server.create_workshop("Beside", "Sam")
        wid, token = workshop["workshop_id"], workshop["token"]
        zed = server.join(workshop, "Zebedee Quux")
        auth = {"Authorization": f"Bearer {token}"}

        async def chat_and_stay():
            client, welcome = await connect(server.ws_url(wid), zed["token"], name="zed")
            assert welcome["t"] == "welcome", welcome
            assert (await client.op("chat.send", {"text": "Zebedee Quux says hello"}))["t"] == "ack"
            await client.close()
            fac, welcome = await connect(server.ws_url(wid), token, name="fac")  # vouched for from now on
            assert welcome["t"] == "welcome", welcome
            await fac.close()
            return welcome["seq"]

        seq = asyncio.run(chat_and_stay())
        with httpx.Client(base_url=server.base_url, timeout=30) as http:
            replay = http.get(f"/api/workshops/{wid}/events", params={"since": 0, "wait": 0}, headers=auth)
            assert "Zebedee" in replay.text and replay.json()["seq"] == seq  # from the server's memory
            done = coboard(server, "erase", wid, zed["participant_id"])
            assert done.returncode == 0, done.stderr
            replay = http.get(f"/api/workshops/{wid}/events", params={"since": 0, "wait": 0}, headers=auth)
            assert replay.status_code == 200 and replay.json()["seq"] > seq
            assert "Zebedee" not in replay.text and "Quux" not in replay.text
            assert "Zebedee" not in http.get(f"/api/workshops/{wid}/state", headers=auth).text
            assert "Zebedee" not in http.get(f"/api/workshops/{wid}/export.json", headers=auth).text

        async def resumed_from_0() -> list[str]:
            client, welcome = await connect(server.ws_url(wid), token, since=0, name="fac")
            await client.close()
            return [welcome["t"], str(welcome)]

        kind, said = asyncio.run(resumed_from_0())
        assert kind == "welcome" and "Zebedee" not in said and "Quux" not in said

        done = coboard(server, "delete", wid, "--yes")
        assert done.returncode == 0, done.stderr

        async def hello_after_delete():
            client, first = await connect(server.ws_url(wid), token, since=0, name="fac")
            code = await client.wait_closed()
            return first, code

        first, code = asyncio.run(hello_after_delete())
        assert first["t"] == "err" and code in (4401, 4404), (first, code)
        assert httpx.get(f"{server.base_url}/api/workshops/{wid}/events", params={"since": 0, "wait": 0},
                         headers=auth, timeout=10).status_code in (401, 404)
    finally:
        stop_server(server)
