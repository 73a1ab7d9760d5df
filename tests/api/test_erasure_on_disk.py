"""Erasure and deletion reach the disk (issue 12, docs/privacy.md "On disk"): after the call answers, no
file under the server's data folder — the SQLite database, its -wal and -shm, temporary files — holds a
copy of the erased bytes, not in a free page, not in an old page version in the log."""
import sqlite3
from pathlib import Path

import httpx

from tests.api.conftest import bearer
from tests.api.data_helpers import do_op, do_ops
from tests.api.test_cli import coboard
from tests.conftest import start_server, stop_server

NAMES = ("Xanthippe", "Xanthippe Vorhees")  # as she joined, and after renaming herself
CHAT = "ring me on xv-5521 after six"
THANKS = "Thanks Xanthippe for the lift"
HER_CARD = "Benches at the Ystrad bus stop"  # hers: stays on the board after her erasure
ABOUT_HER = "Xanthippe Vorhees said the 47 will be late"
ERASED = (b"xanthippe", b"vorhees", b"xv-5521")  # what must be on no disk after her erasure
KEPT = b"wrexham-kept-7781"  # a card of another workshop, which stays


def copies(root: Path, needles) -> dict[str, list[bytes]]:
    """Every file under root (its subfolders too) that holds one of the needles, in any case."""
    found = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        blob = path.read_bytes().lower()
        hits = [n for n in needles if n.lower() in blob]
        if hits:
            found[str(path.relative_to(root))] = hits
    return found


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def checkpoint(db_path: Path) -> None:
    """What the log holds copied into the database file, as any checkpoint would (so the file's pages,
    not only the log, hold the name before the erasure)."""
    with sqlite3.connect(db_path) as db:
        db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def took_part(server) -> tuple[dict, dict]:
    """A workshop where Xanthippe joined, renamed herself, chatted and wrote a card, and others named her."""
    workshop = server.create_workshop("Disk check", "Sam")
    wid, token = workshop["workshop_id"], workshop["token"]
    her = server.join(workshop, NAMES[0])
    nww = next(r["id"] for r in server.state(wid, token)["records"] if r["kind"] == "board" and r["type"] == "nww")
    answers = do_ops(server, wid, her["token"], [
        ("participant.rename", {"name": NAMES[1]}),
        ("chat.send", {"text": CHAT}),
        ("card.create", {"board_id": nww, "type": "note", "text": HER_CARD})])
    assert all(a["t"] == "ack" for a in answers), answers
    do_op(server, wid, token, "chat.send", text=THANKS)
    do_op(server, wid, token, "card.create", board_id=nww, type="note", text=ABOUT_HER)
    # a picture of every board (one shows her name), kept in the database
    assert httpx.post(f"{server.base_url}/api/workshops/{wid}/snapshots", json={},
                      headers=bearer(token), timeout=30).status_code == 201
    return workshop, her


def free_pages(db_path: Path) -> int:
    with sqlite3.connect(db_path) as db:
        return db.execute("PRAGMA freelist_count").fetchone()[0]


def own_server(tmp_path: Path):
    """A server whose data folder is tmp_path, its temporary files included (TMPDIR)."""
    (tmp_path / "tmp").mkdir()
    return start_server(tmp_path, extra_env={"TMPDIR": str(tmp_path / "tmp")})


def test_D3_an_erased_persons_name_and_chat_are_in_no_file_of_the_data_folder(tmp_path):
    server = own_server(tmp_path)
    try:
        workshop, her = took_part(server)
        wid, token = workshop["workshop_id"], workshop["token"]
        checkpoint(server.db_path)
        before = copies(tmp_path, ERASED)
        assert {"coboard.db", "coboard.db-wal"} <= set(before), before  # the test can see the bytes

        done = httpx.post(f"{server.base_url}/api/workshops/{wid}/participants/{her['participant_id']}/erase",
                          headers=bearer(token), timeout=60)
        assert done.status_code == 200, done.text

        assert copies(tmp_path, ERASED) == {}, files(tmp_path)
        # what she put on the board stays, unattributed (and the scan does read the database's bytes)
        texts = {r.get("text") for r in server.state(wid, token)["records"]}
        assert {HER_CARD, "Thanks Erased person for the lift"} <= texts
        assert copies(tmp_path, [HER_CARD.encode()])
    finally:
        stop_server(server)


def test_D4_a_deleted_workshops_names_cards_and_chat_are_in_no_file_of_the_data_folder(tmp_path):
    server = own_server(tmp_path)
    try:
        workshop, her = took_part(server)
        wid, token = workshop["workshop_id"], workshop["token"]
        other = server.create_workshop("Kept", "Kim")
        nww = next(r["id"] for r in server.state(other["workshop_id"], other["token"])["records"]
                   if r["kind"] == "board" and r["type"] == "nww")
        do_op(server, other["workshop_id"], other["token"], "card.create", board_id=nww, type="note",
              text=KEPT.decode())
        checkpoint(server.db_path)
        gone = [*ERASED, HER_CARD.encode(), b"disk check", CHAT.encode()]
        assert {"coboard.db", "coboard.db-wal"} <= set(copies(tmp_path, gone))

        deleted = httpx.delete(f"{server.base_url}/api/workshops/{wid}", headers=bearer(token), timeout=60)
        assert deleted.status_code == 204, deleted.text

        assert copies(tmp_path, gone) == {}, files(tmp_path)
        assert copies(tmp_path, [KEPT])  # the other workshop is still there, and read
        assert KEPT.decode() in {r.get("text") for r in server.state(other["workshop_id"], other["token"])["records"]}

        # `coboard vacuum` beside the running server rebuilds the file (its freed pages, zeroed, gone with it)
        assert free_pages(server.db_path) > 0
        done = coboard(server, "vacuum")
        assert done.returncode == 0 and "Rebuilt the database" in done.stdout, done.stderr
        assert free_pages(server.db_path) == 0 and (tmp_path / "coboard.db-wal").stat().st_size == 0
        assert copies(tmp_path, gone) == {} and copies(tmp_path, [KEPT])
        do_op(server, other["workshop_id"], other["token"], "chat.send", text="still here")  # and it goes on
    finally:
        stop_server(server)
