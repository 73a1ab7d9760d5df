"""The Store: load a workshop, commit decided ops atomically (events + records), read events since a seq.

No commit of workshop content happens anywhere else: the op pipeline hands a batch of decided ops to
`commit()`, and everything it writes lands together or not at all (see writers.py).
"""
import asyncio
import itertools
import secrets

import orjson
import sqlalchemy as sa
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ..clock import now_iso
from ..domain.state import WorkshopState
from .engine import is_sqlite, sqlite_path
from .pg_writer import PgWriter
from .tables import CredentialRow, EventRow, RecordRow, WorkshopRow
from .writers import Entry, SqliteWriter, SqlWriter, StoredEvent, dumps, token_hash

workshops, events, records, credentials = (WorkshopRow.__table__, EventRow.__table__, RecordRow.__table__,
                                           CredentialRow.__table__)
server_secrets = sa.table("server_secrets", sa.column("name"), sa.column("value"))  # migration 0004
# The statements of every hello and every welcome batch, built once: building a select() with its
# comparisons makes SQLAlchemy objects each time (a tenth of the event loop's samples while 300 people
# connect), though the SQL it compiles to is cached anyway.
_MEMBERS_FOR_TOKENS = (select(credentials.c.token_hash, credentials.c.workshop_id, credentials.c.participant_id)
                       .where(credentials.c.token_hash.in_(sa.bindparam("hashes", expanding=True))))
_CURRENT_SEQ = select(workshops.c.seq).where(workshops.c.id == sa.bindparam("workshop_id"))
_WORKSHOP_RECORD = select(records.c.data).where(records.c.workshop_id == sa.bindparam("workshop_id"),
                                                records.c.id == sa.bindparam("workshop_id"))


class _TokenLookups:
    """Tokens looked up together: while one query is in flight, the tokens asked for meanwhile wait and
    go in the next one (`WHERE token_hash IN (…)`), as group commit does for writes.

    A room connecting at once is hundreds of hellos within a second. Asked one at a time, each lookup is
    a pool checkout, a statement and a reset, every step a hop to the driver's thread and back: about
    0.5 ms of CPU a lookup on SQLite, and with more than the pool's connections waiting, overflow
    connections (each its own thread) opened and closed again. Together it is one query (about 30 µs a
    token). A lookup alone starts at once: it waits for nobody.
    """

    MOST = 500  # tokens in one query (SQLite's variable limit is far above)

    def __init__(self, engine: AsyncEngine):
        self.engine = engine
        self.waiting: dict[str, list[asyncio.Future]] = {}  # token hash → its askers
        self.running: asyncio.Task | None = None

    async def member(self, hashed: str) -> tuple[str, str] | None:
        loop = asyncio.get_running_loop()
        if self.running is not None and self.running.get_loop() is not loop:  # a store used by a new loop:
            self.running, self.waiting = None, {}  # whoever waited in the old one went with it
        future = loop.create_future()
        self.waiting.setdefault(hashed, []).append(future)
        if self.running is None or self.running.done():
            self.running = loop.create_task(self._run())
        return await future

    async def _run(self) -> None:
        while self.waiting:
            hashes = list(itertools.islice(self.waiting, self.MOST))
            askers = [(h, self.waiting.pop(h)) for h in hashes]
            try:
                async with self.engine.connect() as conn:
                    found = {h: (wid, pid) for h, wid, pid in await conn.execute(_MEMBERS_FOR_TOKENS,
                                                                                  {"hashes": hashes})}
            except Exception as failed:  # the database away: every asker of this query is told
                for _, futures in askers:
                    for f in futures:
                        if not f.done():
                            f.set_exception(failed)
                continue
            except BaseException:  # cancelled (the loop is closing): so are the askers
                for _, futures in askers + list(self.waiting.items()):
                    for f in futures:
                        f.cancel()
                self.waiting = {}
                raise
            for h, futures in askers:
                for f in futures:
                    if not f.done():
                        f.set_result(found.get(h))


def _tables_with_workshop_id(sync_conn) -> list[str]:
    inspector = sa.inspect(sync_conn)
    return [name for name in inspector.get_table_names()
            if any(c["name"] == "workshop_id" for c in inspector.get_columns(name))]


class Store:
    def __init__(self, engine: AsyncEngine, sqlite_synchronous: str = "FULL"):
        self.engine = engine
        self.tokens = _TokenLookups(engine)
        self._clearing: set[asyncio.Task] = set()  # clear_old_copies still under way after its caller left
        path = sqlite_path(engine)
        if path:
            self.writer = SqliteWriter(path, sqlite_synchronous, self.events_since)
        elif is_sqlite(engine):
            self.writer = SqlWriter(engine, self._events_since)
        else:
            self.writer = PgWriter(engine.url.render_as_string(hide_password=False))

    async def commit(self, workshop_id: str, expected_seq: int, entries: list[Entry], create: bool = False,
                     on_behind=None, bulk: bool = False) -> int:
        """Store decided ops as the events after `expected_seq`, atomically.

        When the database is past `expected_seq`, `on_behind(missed_events)` (if the writer can call it
        while holding the workshop's lock) returns the entries decided again; otherwise Behind is raised.
        `bulk`: a slice of a heavy op, which lets live ops waiting for the same writer go first.
        """
        return await self.writer.commit(workshop_id, expected_seq, entries, create, now_iso(), on_behind, bulk=bulk)

    async def close(self) -> None:
        for clearing in list(self._clearing):
            clearing.cancel()
        await self.writer.close()

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def load(self, workshop_id: str) -> tuple[WorkshopState, int] | None:
        """The workshop's current records and seq, read consistently in one transaction."""
        async with self.engine.connect() as conn:
            async with conn.begin():
                row = (await conn.execute(select(workshops.c.seq).where(workshops.c.id == workshop_id))).first()
                if row is None:
                    return None
                result = await conn.execute(select(records.c.data).where(records.c.workshop_id == workshop_id))
                state = WorkshopState(workshop_id, {})
                for (data,) in result:
                    record = orjson.loads(data)
                    state.records[record["id"]] = record
                return state, row.seq

    async def current_seq(self, workshop_id: str) -> int | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(_CURRENT_SEQ, {"workshop_id": workshop_id})).first()
        return row.seq if row else None

    async def workshop_language(self, workshop_id: str) -> str | None:
        """The default language its facilitator set for the workshop (its own record, by primary key), without
        loading the rest of it; None when there is no such workshop or no language set."""
        async with self.engine.connect() as conn:
            data = (await conn.execute(_WORKSHOP_RECORD, {"workshop_id": workshop_id})).scalar()
        language = orjson.loads(data).get("language") if data else None
        return language if isinstance(language, str) else None

    async def recent_client_ops(self, workshop_id: str, limit: int) -> list[tuple[str, str, int, dict]]:
        """(actor_id, client_op, seq, result) of the latest ops that carried a client's op id."""
        async with self.engine.connect() as conn:
            result = await conn.execute(
                select(events.c.actor_id, events.c.client_op, events.c.seq, events.c.result)
                .where(events.c.workshop_id == workshop_id, events.c.client_op.is_not(None))
                .order_by(events.c.seq.desc()).limit(limit))
            return [(actor, client_op, seq, orjson.loads(res or "{}")) for actor, client_op, seq, res in result]

    async def events_since(self, workshop_id: str, since: int) -> list[StoredEvent]:
        async with self.engine.connect() as conn:
            return await self._events_since(conn, workshop_id, since)

    async def _events_since(self, conn: AsyncConnection, workshop_id: str, since: int) -> list[StoredEvent]:
        result = await conn.execute(
            select(events.c.seq, events.c.op, events.c.actor_id, events.c.at, events.c.put, events.c.deleted,
                   events.c.client_op, events.c.result)
            .where(events.c.workshop_id == workshop_id, events.c.seq > since).order_by(events.c.seq))
        return [StoredEvent(seq, op, by, at, orjson.loads(put), orjson.loads(deleted), client_op,
                            orjson.loads(res) if res else None)
                for seq, op, by, at, put, deleted, client_op, res in result]

    async def member_for_token(self, token: str) -> tuple[str, str] | None:
        """(workshop_id, participant_id) of a token, or None (looked up with those asked for meanwhile)."""
        return await self.tokens.member(token_hash(token))

    async def workshops_with_join_code(self, code: str) -> list[str]:
        """The workshops whose join code is `code` (normalised: capitals and digits only).

        The code lives in the workshop record's JSON; LIKE narrows the rows of kind "workshop",
        then the parsed record is compared exactly.
        """
        if not code.isalnum():
            return []
        async with self.engine.connect() as conn:
            result = await conn.execute(
                select(records.c.workshop_id, records.c.data)
                .where(records.c.kind == "workshop", records.c.data.like(f'%"join_code":"{code}"%')))
            return [wid for wid, data in result if orjson.loads(data).get("join_code") == code]

    async def rewrite_events(self, workshop_id: str, rewrite, chunk: int = 2000) -> int:
        """Redact the stored events in place: `rewrite(event)` → the event as it should be stored.

        `event` is a dict of seq, op, actor_id, at, args, put, deleted; only args, put and deleted
        may change (seq and every other field are kept). Read and written a chunk at a time, each
        chunk in its own transaction; answers how many events changed.
        """
        changed, after = 0, 0
        while True:
            async with self.engine.begin() as conn:
                rows = (await conn.execute(
                    select(events.c.seq, events.c.op, events.c.actor_id, events.c.at, events.c.args, events.c.put,
                           events.c.deleted)
                    .where(events.c.workshop_id == workshop_id, events.c.seq > after)
                    .order_by(events.c.seq).limit(chunk))).all()
                for seq, op, actor_id, at, args, put, deleted in rows:
                    event = {"seq": seq, "op": op, "actor_id": actor_id, "at": at, "args": orjson.loads(args),
                             "put": orjson.loads(put), "deleted": orjson.loads(deleted)}
                    new = rewrite(event)
                    stored = {k: dumps(new[k]) for k in ("args", "put", "deleted")}
                    if stored != {"args": args, "put": put, "deleted": deleted}:
                        await conn.execute(update(events).where(events.c.workshop_id == workshop_id,
                                                                events.c.seq == seq).values(**stored))
                        changed += 1
            if len(rows) < chunk:
                return changed
            after = rows[-1][0]

    async def last_activity(self) -> dict[str, str | None]:
        """Every workshop's id with the time of its last stored event (for retention)."""
        async with self.engine.connect() as conn:
            result = await conn.execute(
                select(workshops.c.id, sa.func.max(events.c.at))
                .select_from(workshops.outerjoin(events, events.c.workshop_id == workshops.c.id))
                .group_by(workshops.c.id))
            return {wid: at for wid, at in result}

    async def last_activity_of(self, workshop_id: str) -> str | None:
        """The time of the workshop's last stored event."""
        async with self.engine.connect() as conn:
            return (await conn.execute(select(events.c.at).where(events.c.workshop_id == workshop_id)
                                       .order_by(events.c.seq.desc()).limit(1))).scalar()

    async def workshop_records(self) -> dict[str, dict]:
        """Every workshop's own record (its settings and dates), without loading the rest of it."""
        async with self.engine.connect() as conn:
            result = await conn.execute(select(records.c.workshop_id, records.c.data).where(records.c.kind == "workshop"))
            return {wid: orjson.loads(data) for wid, data in result}

    async def delete_workshop(self, workshop_id: str) -> dict[str, int]:
        """Every row of the workshop, in every table that has a `workshop_id` column, then the workshop's own.

        Tables are found in the database itself, so a table added later is deleted from too.
        Answers how many rows went from each table.
        """
        gone: dict[str, int] = {}
        async with self.engine.begin() as conn:
            for name in await conn.run_sync(_tables_with_workshop_id):
                table = sa.table(name, sa.column("workshop_id"))
                result = await conn.execute(sa.delete(table).where(table.c.workshop_id == workshop_id))
                gone[name] = result.rowcount
            result = await conn.execute(sa.delete(workshops).where(workshops.c.id == workshop_id))
            gone["workshops"] = result.rowcount
        return gone

    async def clear_old_copies(self, wait: float = 30.0) -> bool | None:
        """After an erasure or a deletion: no old copy of what went left in the database's own files.

        SQLite: the log emptied into the database file, whose freed space was zeroed as it was freed
        (secure_delete, engine.py); PostgreSQL: the dead row versions vacuumed away (docs/privacy.md
        "On disk" says what each leaves). True once done, False when it could not be done (logged),
        None when it is still under way after `wait` seconds (it goes on without the caller).
        """
        async with self.engine.connect() as conn:
            tables = [*await conn.run_sync(_tables_with_workshop_id), "workshops"]
        clearing = asyncio.ensure_future(self.writer.clear_old_copies(tables))
        self._clearing.add(clearing)
        clearing.add_done_callback(self._clearing.discard)
        try:
            return await asyncio.wait_for(asyncio.shield(clearing), wait)
        except asyncio.TimeoutError:
            return None

    async def rebuild(self) -> bool:
        """`coboard vacuum`: the database's files rewritten, so that nothing erased is left in their unused
        space either (SQLite: VACUUM; PostgreSQL: VACUUM FULL and a CHECKPOINT). Every workshop's ops wait
        while it runs (docs/privacy.md "On disk"). True once done."""
        async with self.engine.connect() as conn:
            tables = [*await conn.run_sync(_tables_with_workshop_id), "workshops"]
        return await self.writer.rebuild(tables)

    @property
    def in_memory(self) -> bool:
        """An in-memory SQLite database: one process holds it, and it ends with the process."""
        return is_sqlite(self.engine) and sqlite_path(self.engine) is None

    async def old_secret(self, name: str) -> bytes | None:
        """A secret an earlier version kept in the database (`server_secrets`, migration 0004), if any.
        Secrets are no longer kept there (server/ballot_secret.py): it is read once, to move it out."""
        query = select(server_secrets.c.value).where(server_secrets.c.name == name)
        async with self.engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return bytes.fromhex(row.value) if row else None

    async def drop_old_secret(self, name: str) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(sa.delete(server_secrets).where(server_secrets.c.name == name))

    async def has_credential(self, token_hash_: str) -> bool:
        """Whether a token (by its hash, as a live connection keeps it) still works."""
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(credentials.c.workshop_id)
                                      .where(credentials.c.token_hash == token_hash_))).first()
        return row is not None

    async def event_log(self, workshop_id: str) -> list[dict]:
        """Every event with its args: the audit trail (votes can be recounted from it)."""
        async with self.engine.connect() as conn:
            result = await conn.execute(select(events).where(events.c.workshop_id == workshop_id)
                                        .order_by(events.c.seq))
            return [{**row._mapping, "args": orjson.loads(row.args), "put": orjson.loads(row.put),
                     "deleted": orjson.loads(row.deleted)} for row in result]
