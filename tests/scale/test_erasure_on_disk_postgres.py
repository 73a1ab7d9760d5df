"""Erasure and deletion on PostgreSQL leave no dead row version behind (docs/privacy.md "On disk"): after the
call answers, every tuple stored in the pages of the tables with workshop data (and their TOAST tables) is a
live row — read with pageinspect, as someone with the data files would — and none holds the erased name.
`coboard vacuum` then leaves no copy in the database's files either (pg_wal aside, as documented)."""
import asyncio
from pathlib import Path

import asyncpg
import httpx

from tests.api.conftest import bearer
from tests.api.test_cli import coboard
from tests.api.test_erasure_on_disk import CHAT, ERASED, HER_CARD, took_part
from tests.conftest import start_server, stop_server

TABLES = ("events", "records", "snapshots", "credentials", "workshops")


async def stored_tuples(url: str) -> dict[str, tuple[int, int, list[bytes]]]:
    """Each table's (and TOAST table's) live rows, tuples in its pages, and the bytes of those tuples."""
    db = await asyncpg.connect(url)
    try:
        await db.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
        relations = []
        for table in TABLES:
            relations.append(table)
            toast = await db.fetchval("SELECT reltoastrelid::regclass::text FROM pg_class "
                                      "WHERE oid = $1::regclass AND reltoastrelid <> 0", table)
            if toast:
                relations.append(toast)
        found = {}
        for rel in relations:
            live = await db.fetchval(f"SELECT count(*) FROM {rel}")
            data = [r["t_data"] or b"" for r in await db.fetch(
                "SELECT t_data FROM generate_series(0, (pg_relation_size($1::regclass) / "
                "current_setting('block_size')::int)::int - 1) AS b, heap_page_items(get_raw_page($1::text, b)) "
                "WHERE lp_flags = 1", rel)]
            found[rel] = (live, len(data), data)
        return found
    finally:
        await db.close()


async def files_naming(url: str, needles) -> list[str]:
    """The files of the database's own folder (base/<its oid>: tables, TOAST, indexes) holding a needle,
    once a checkpoint wrote every changed page to them."""
    db = await asyncpg.connect(url)
    try:
        await db.execute("CHECKPOINT")  # what the server changed, written to the files
        folder = Path(await db.fetchval("SELECT current_setting('data_directory')")) / "base" / str(
            await db.fetchval("SELECT oid FROM pg_database WHERE datname = current_database()"))
    finally:
        await db.close()
    return [p.name for p in folder.iterdir() if p.is_file() and any(n in p.read_bytes().lower() for n in needles)]


def dead_or_naming(found: dict, needles) -> dict:
    """The relations holding a dead tuple, or a tuple with one of the needles (in any case)."""
    return {rel: (live, stored, [n for n in needles if any(n in d.lower() for d in data)])
            for rel, (live, stored, data) in found.items()
            if stored != live or any(n in d.lower() for n in needles for d in data)}


def test_D3_D4_erasure_and_deletion_leave_no_dead_row_with_the_name_on_postgresql(tmp_path, postgres):
    url = postgres()
    server = start_server(tmp_path, {"DATABASE_URL": url})
    try:
        workshop, her = took_part(server)
        wid, token = workshop["workshop_id"], workshop["token"]
        before = asyncio.run(stored_tuples(url))
        assert any(n in d.lower() for _, _, data in before.values() for d in data for n in ERASED)  # it can see them

        done = httpx.post(f"{server.base_url}/api/workshops/{wid}/participants/{her['participant_id']}/erase",
                          headers=bearer(token), timeout=60)
        assert done.status_code == 200, done.text
        assert dead_or_naming(asyncio.run(stored_tuples(url)), ERASED) == {}

        kept = server.create_workshop("Kept", "Kim")
        gone = [*ERASED, HER_CARD.lower().encode(), CHAT.encode(), b"disk check"]
        deleted = httpx.delete(f"{server.base_url}/api/workshops/{wid}", headers=bearer(token), timeout=60)
        assert deleted.status_code == 204, deleted.text
        assert dead_or_naming(asyncio.run(stored_tuples(url)), gone) == {}

        # plain VACUUM frees the space without zeroing it: the bytes are still in the tables' files
        assert asyncio.run(files_naming(url, gone))
        # `coboard vacuum` rewrites the tables into new files: the database's own files hold none of it
        done = coboard(server, "vacuum")
        assert done.returncode == 0 and "Rebuilt the database" in done.stdout, done.stderr
        assert asyncio.run(files_naming(url, gone)) == []
        assert server.state(*[kept["workshop_id"], kept["token"]])["records"]  # and it goes on
    finally:
        stop_server(server)
