"""A server process moves what its startup made out of the cycle collector's sight
(server/workers.py settle_collector), so the full collections that 300 people connecting set off
walk only what came after; an app made by a test run leaves the collector as it was. Each case
starts the app's lifespan (a real SQLite file) in a fresh interpreter, so nothing is frozen before."""
import json
import os
import subprocess
import sys
from pathlib import Path

from server import workers

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import asyncio, gc, json, sys
from server.app import create_app
from server.config import Settings

async def main(settle):
    app = create_app(Settings(), settle_collector=settle)
    async with app.router.lifespan_context(app):
        print(json.dumps([gc.get_freeze_count(), gc.get_threshold()[0]]))

asyncio.run(main(sys.argv[1] == "settle"))
"""


def started(tmp_path: Path, how: str) -> tuple[int, int]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / f'{how}.db'}"}
    done = subprocess.run([sys.executable, "-c", PROBE, how], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    frozen, young = json.loads(done.stdout.strip().splitlines()[-1])
    return frozen, young


def test_a_server_freezes_what_its_startup_made_and_an_app_of_a_test_does_not(tmp_path):
    frozen, young = started(tmp_path, "settle")
    assert frozen > 50_000  # modules, the app, catalogues, schemas: ~150,000 objects
    assert young == workers.YOUNG_COLLECTION
    frozen, young = started(tmp_path, "leave")
    assert frozen == 0
    assert young == 700  # Python's own
