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
