"""Writing committed ops on PostgreSQL: a whole batch in one statement, one round trip.

The usual case — nobody else moved the workshop on — is a single prepared statement run in
autocommit: its first part moves the workshop's seq on only if it is still the one the batch
was decided against (which also takes the row's lock), and every other part writes only if that
happened. So a batch costs one round trip and one commit, however many ops it holds, and
asyncpg prepares the statement once per connection.

When the seq has moved (another process committed), the writer reads what it missed (one more
round trip, no lock held), lets the caller take it and decide again, and runs the statement again
against the new seq: up to CATCH_UP_TRIES times. Only then, or for a new workshop, does it take the
locked path: a transaction that locks the row (`SELECT … FOR UPDATE`), catches up and decides again
while holding it, then runs the same statement. That path always succeeds, but holds the row —
which every other process's commit to the workshop waits for — across several round trips and the
caller's decision on its event loop: with two processes taking turns on one workshop it was taken
for about half the batches, and a busy loop on one process stalled the other's commits
(bench/scale.py split; docs/operations.md).

The writer keeps its own asyncpg pool: no SQLAlchemy compilation, no ping on checkout and no
reset query on release on the hot path (the reads elsewhere go through SQLAlchemy as before).
"""
import asyncio
import logging

import asyncpg
import orjson
from sqlalchemy.engine import make_url

from ..domain.errors import Rejected
from ..i18n import N_
from .writers import Behind, Entry, StoredEvent, WorkshopNotFound, batch_arguments  # noqa: F401 (tests)

log = logging.getLogger("coboard.store")

# $1 workshop, $2 expected seq, $3 new seq; then the batch as arrays, one per column.
WRITE_BATCH = """
WITH moved AS (
    UPDATE workshops SET seq = $3 WHERE id = $1 AND seq = $2 RETURNING id
), logged AS (
    INSERT INTO events (workshop_id, seq, op, actor_id, args, put, deleted, at, client_op, result)
    SELECT $1, e.* FROM unnest($4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                               $10::text[], $11::text[], $12::text[]) AS e
    WHERE EXISTS (SELECT 1 FROM moved)
), kept AS (
    INSERT INTO records (workshop_id, id, kind, v, data)
    SELECT $1, r.* FROM unnest($13::text[], $14::text[], $15::int[], $16::text[]) AS r
    WHERE EXISTS (SELECT 1 FROM moved)
    ON CONFLICT (workshop_id, id) DO UPDATE SET kind = excluded.kind, v = excluded.v, data = excluded.data
), gone AS (
    DELETE FROM records WHERE workshop_id = $1 AND id = ANY($17::text[]) AND EXISTS (SELECT 1 FROM moved)
), revoked AS (
    -- every part of one statement sees the same snapshot: this never removes a token `joined` adds
    DELETE FROM credentials WHERE workshop_id = $1 AND participant_id = ANY($21::text[])
    AND EXISTS (SELECT 1 FROM moved)
), joined AS (
    INSERT INTO credentials (token_hash, workshop_id, participant_id, created_at)
    SELECT t.h, $1, t.p, t.a FROM unnest($18::text[], $19::text[], $20::text[]) AS t(h, p, a)
    WHERE EXISTS (SELECT 1 FROM moved)
)
SELECT count(*) FROM moved
"""
LOCK_SEQ = "SELECT seq FROM workshops WHERE id = $1 FOR UPDATE"
EVENTS_SINCE = ("SELECT seq, op, actor_id, at, put, deleted, client_op, result FROM events WHERE workshop_id = $1 AND seq > $2 "
                "ORDER BY seq")
UNAVAILABLE = N_("Your change could not be saved: the workshop's database is not answering just now. "
                 "Nothing was changed. Please try again in a moment.")
# What a database that is down, restarting or unreachable raises; anything else is a bug or bad data.
# Catching up without the row lock before taking it: each try is two round trips and fails only when
# yet another commit landed in between.
CATCH_UP_TRIES = 2
CONNECTION_ERRORS = (OSError, asyncio.TimeoutError, asyncpg.PostgresConnectionError, asyncpg.InterfaceError,
                     asyncpg.CannotConnectNowError, asyncpg.AdminShutdownError)


def asyncpg_dsn(database_url: str) -> str:
    """The URL as asyncpg takes it (no `+driver` in the scheme)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _no_reset(_connection) -> None:
    # The writer leaves nothing behind on a connection (no session settings, no open
    # transaction): the pool's default reset would cost one more round trip per batch.
    return None


class PgWriter:
    def __init__(self, database_url: str, pool_size: int = 8):
        self.dsn, self.pool_size = asyncpg_dsn(database_url), pool_size
        self.pool: asyncpg.Pool | None = None
        self._opening = asyncio.Lock()
        self._vacuuming = asyncio.Lock()
        self._vacuums_asked = self._vacuumed = 0  # clear_old_copies: asked for, and covered by a finished VACUUM

    async def _pool(self) -> asyncpg.Pool:
        if self.pool is None:
            async with self._opening:
                if self.pool is None:
                    self.pool = await asyncpg.create_pool(self.dsn, min_size=1, max_size=self.pool_size,
                                                          reset=_no_reset, timeout=5, command_timeout=15)
        return self.pool

    async def commit(self, workshop_id: str, expected_seq: int, entries: list[Entry], create: bool, now: str,
                     on_behind=None, bulk: bool = False) -> int:  # bulk: PostgreSQL has no one writer to share
        try:
            pool = await self._pool()
            async with pool.acquire() as pg:
                if not create:
                    arguments = batch_arguments(workshop_id, expected_seq, entries)
                    if await pg.fetchval(WRITE_BATCH, *arguments):
                        return arguments[2]
                    for _ in range(CATCH_UP_TRIES if on_behind is not None else 0):
                        missed = await self._events_since(pg, workshop_id, expected_seq)
                        if not missed:  # not moved on: no such workshop (the locked path says so)
                            break
                        entries = await on_behind(missed)
                        expected_seq = missed[-1].seq
                        if not entries:
                            return expected_seq
                        arguments = batch_arguments(workshop_id, expected_seq, entries)
                        if await pg.fetchval(WRITE_BATCH, *arguments):
                            return arguments[2]
                return await self._commit_locked(pg, workshop_id, expected_seq, entries, create, now, on_behind)
        except CONNECTION_ERRORS as e:
            # Whether a batch cut off mid-way committed is not known here; the hub undoes its
            # cached state and catches up from the log at the next op, so either way nothing
            # is applied twice by this process.
            log.warning("database unavailable for a commit on %s: %s", workshop_id, type(e).__name__)
            raise Rejected("unavailable", UNAVAILABLE) from e

    async def _commit_locked(self, pg, workshop_id, expected_seq, entries, create, now, on_behind) -> int:
        async with pg.transaction():
            if create:
                await pg.execute("INSERT INTO workshops (id, seq, created_at) VALUES ($1, 0, $2)", workshop_id, now)
            seq = await pg.fetchval(LOCK_SEQ, workshop_id)
            if seq is None:
                raise WorkshopNotFound(workshop_id)
            if seq != expected_seq:
                missed = await self._events_since(pg, workshop_id, expected_seq)
                if on_behind is None:
                    raise Behind(missed)
                # We hold the workshop's row lock: nobody else can commit now, so catching up and
                # deciding again here always succeeds (no retry race between processes).
                entries = await on_behind(missed)
                expected_seq = seq
            if not entries:
                return expected_seq
            arguments = batch_arguments(workshop_id, expected_seq, entries)
            if not await pg.fetchval(WRITE_BATCH, *arguments):
                raise RuntimeError(f"workshop {workshop_id} moved on while its row was locked")
            return arguments[2]

    VACUUM_SECONDS = 3600.0  # a VACUUM of a large events table reads every page changed since the last one

    async def clear_old_copies(self, tables: list[str]) -> bool:
        """After an erasure or a deletion: VACUUM of the tables it touched, so the row versions it left
        dead (the erased name in them) are removed from the tables' pages and their TOAST tables.

        Outside a transaction (VACUUM cannot run in one), beside everyone's commits: plain VACUUM takes
        no lock that reads or writes wait for (VACUUM FULL would, on every workshop's events: not here;
        docs/privacy.md "On disk" says what VACUUM leaves and what an operator does about it). One at a
        time: a caller that asked while one ran waits for the next, which starts after its deletions
        (one VACUUM then serves every erasure asked for meanwhile, as in the retention job)."""
        self._vacuums_asked += 1
        asked = self._vacuums_asked
        async with self._vacuuming:
            if self._vacuumed >= asked:
                return True
            starting = self._vacuums_asked
            names = ", ".join('"' + t.replace('"', '""') + '"' for t in tables)
            try:
                pool = await self._pool()
                async with pool.acquire() as pg:
                    await pg.execute(f"VACUUM {names}", timeout=self.VACUUM_SECONDS)
            except (*CONNECTION_ERRORS, asyncpg.PostgresError) as e:
                log.warning("VACUUM after an erasure failed (%s): dead row versions stay until the next one "
                            "or autovacuum", type(e).__name__)
                return False
            self._vacuumed = starting
            return True

    async def rebuild(self, tables: list[str]) -> bool:
        """`coboard vacuum`: the tables rewritten into new files (VACUUM FULL), the old files' pages with
        them, then a CHECKPOINT (docs/privacy.md "On disk"). VACUUM FULL locks each table while it rewrites
        it: every workshop's ops wait. False (logged) when the database refused, e.g. not the tables' owner."""
        names = ", ".join('"' + t.replace('"', '""') + '"' for t in tables)
        try:
            pool = await self._pool()
            async with pool.acquire() as pg:
                await pg.execute(f"VACUUM FULL {names}", timeout=self.VACUUM_SECONDS)
                await pg.execute("CHECKPOINT", timeout=self.VACUUM_SECONDS)
        except (*CONNECTION_ERRORS, asyncpg.PostgresError) as e:
            log.warning("coboard vacuum: the database refused (%s: %s)", type(e).__name__, e)
            return False
        return True

    @staticmethod
    async def _events_since(pg, workshop_id: str, since: int) -> list[StoredEvent]:
        rows = await pg.fetch(EVENTS_SINCE, workshop_id, since)
        return [StoredEvent(r["seq"], r["op"], r["actor_id"], r["at"], orjson.loads(r["put"]),
                            orjson.loads(r["deleted"]), r["client_op"], orjson.loads(r["result"]) if r["result"] else None)
                for r in rows]

    async def close(self) -> None:
        if self.pool is not None:
            await self.pool.close()
            self.pool = None
