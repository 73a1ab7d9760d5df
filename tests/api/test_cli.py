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
        assert re.search(r"Imported \d+ answers as \d+ cards", done.stdout)
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
