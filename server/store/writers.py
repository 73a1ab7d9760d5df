"""Writing committed ops: many ops of one workshop in one transaction (group commit).

The pipeline decides a batch of ops against the cached state, then hands them here with the seq
it expects the database to be at. The writer locks the workshop (SQLite: BEGIN IMMEDIATE;
PostgreSQL: the workshop's row FOR UPDATE), checks that seq, writes every event and the records
it changed, moves the seq on and commits — or, when another process got there first, answers
`Behind` with the events to catch up on, and writes nothing.

SQLite is written from one dedicated thread with the standard sqlite3 module, so a whole batch
costs one hop between the event loop and that thread instead of one per statement.
"""
import asyncio
import hashlib
import logging
import os
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import orjson
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from ..domain.errors import Change
from .engine import lock_workshop_row, upsert
from .tables import CredentialRow, EventRow, RecordRow, WorkshopRow

workshops, events, records, credentials = (WorkshopRow.__table__, EventRow.__table__, RecordRow.__table__,
                                           CredentialRow.__table__)
log = logging.getLogger("coboard.store")


def dumps(value) -> str:
    return orjson.dumps(value).decode()


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class Entry:
    """One decided op, waiting to be stored as the next event."""

    op: str
    actor_id: str | None
    args: dict
    change: Change
    at: str
    credentials: list[tuple[str, str]] = field(default_factory=list)  # (token, participant_id)
    client_op: str | None = None
    revoke: list[str] = field(default_factory=list)  # participants whose earlier tokens stop working


class Behind(Exception):
    """The database is past the seq the batch was decided against: catch up with `events`, decide again."""

    def __init__(self, events):
        super().__init__(f"behind by {len(events)} events")
        self.events = events


class WorkshopNotFound(LookupError):
    pass


@dataclass
class StoredEvent:
    seq: int
    op: str
    by: str | None
    at: str
    put: list[dict]
    deleted: list[dict]
    # the client's op fingerprint and the op's result: another process that is sent the same op again
    # (a phone's outbox after a process died before acking) answers it instead of applying it twice
    client_op: str | None = None
    result: dict | None = None


def _rows(workshop_id: str, seq: int, entry: Entry):
    change = entry.change
    event = (workshop_id, seq, entry.op, entry.actor_id, dumps(entry.args), dumps(change.put),
             dumps(change.deleted), entry.at, entry.client_op, dumps(change.result) if entry.client_op else None)
    puts = [(workshop_id, r["id"], r["kind"], r["v"], dumps(r)) for r in change.put]
    gone = [(workshop_id, r["id"]) for r in change.deleted]
    tokens = [(token_hash(t), workshop_id, pid, entry.at) for t, pid in entry.credentials]
    revoked = [(workshop_id, pid) for pid in entry.revoke]
    return event, puts, gone, tokens, revoked


def batch_arguments(workshop_id: str, expected_seq: int, entries: list[Entry]) -> tuple:
    """A batch as columns: every event, and each record's last state in the batch (both writers).

    One statement cannot upsert a row twice nor upsert and delete it (PostgreSQL's one statement a
    batch, pg_writer.py), so a record put or deleted by several ops of the batch is written once, as
    the last op left it — what the table holds is only the current version; the events keep every
    step. SQLite writes the same columns with one executemany each instead of statements per op.
    """
    seqs, ops, actors, args, puts, deleteds, ats, client_ops, results = ([] for _ in range(9))
    last: dict[str, dict | None] = {}  # record id → its last version, None once deleted
    hashes, participants, created = [], [], []
    revoked: list[str] = []
    seq = expected_seq
    for entry in entries:
        seq += 1
        change = entry.change
        seqs.append(seq)
        ops.append(entry.op)
        actors.append(entry.actor_id)
        args.append(dumps(entry.args))
        puts.append(dumps(change.put))
        deleteds.append(dumps(change.deleted))
        ats.append(entry.at)
        client_ops.append(entry.client_op)
        results.append(dumps(change.result) if entry.client_op else None)
        for record in change.put:
            last[record["id"]] = record
        for record in change.deleted:
            last[record["id"]] = None
        if entry.revoke:  # tokens handed out earlier in this batch go too (one statement cannot see them)
            revoked.extend(p for p in entry.revoke if p not in revoked)
            keep = [i for i, p in enumerate(participants) if p not in entry.revoke]
            hashes, participants, created = ([xs[i] for i in keep] for xs in (hashes, participants, created))
        for token, participant_id in entry.credentials:
            hashes.append(token_hash(token))
            participants.append(participant_id)
            created.append(entry.at)
    kept = [r for r in last.values() if r is not None]
    gone = [rid for rid, r in last.items() if r is None]
    return (workshop_id, expected_seq, seq, seqs, ops, actors, args, puts, deleteds, ats, client_ops, results,
            [r["id"] for r in kept], [r["kind"] for r in kept], [r["v"] for r in kept], [dumps(r) for r in kept],
            gone, hashes, participants, created, revoked)


class SqliteWriter:
    """One dedicated thread writes every workshop's batches, and what is waiting goes in one transaction.

    Each workshop's pipeline hands in one batch at a time; while the thread commits, the batches of
    other workshops wait. The thread then takes all of them at once: one BEGIN IMMEDIATE, each
    workshop's batch inside its own SAVEPOINT (checked against its seq, undone alone if it is
    behind or fails), and one COMMIT: one fsync for all of them. With ten busy workshops, a commit
    each cost ten fsyncs where one does; the thread spent most of its time in them while the event
    loop waited for acks (the server had under half a core).

    Live ops go first: a slice of a heavy op (`bulk`, an import's or a restore's) is committed alone,
    and only when no live op waits. A live op that arrives while a slice is written goes in the next
    transaction, ahead of every slice queued; so another workshop's op waits behind one slice at most,
    not behind one slice per heavy op queued plus their share of a joint transaction. A slice passed
    over BULK_PATIENCE times in a row goes next anyway, so a room that never pauses cannot starve it.

    A slice is not kept on SQLite's write lock while it goes to disk: it is committed without the fsync
    (synchronous=NORMAL, when FULL is set) and a second thread (`background`) then syncs the log, and
    only then is the slice answered. So a slice is stored, delivered and counted exactly as before, but a
    live op arriving meanwhile is written at once instead of waiting for the slice's fsync (a commit's
    largest part: 9 ms of a slice's 16 at the median under bench/heavy.py, 120 ms at worst). The log
    is written in order and its frames are chained by checksum, so a live op's own fsync can only
    make it durable with everything before it; nothing acked depends on the second thread.

    The log's checkpoints (copying it into the database file, with two fsyncs) happen in that second
    thread too, on a connection of its own (SQLite allows a checkpoint beside a writer), about as often
    as SQLite's own automatic checkpoint would run. Before, whichever commit crossed 1,000 pages of log
    ran it under the lock: every few slices, a live op waited for one.
    """

    one_writer = True  # one file, one writer at a time for every workshop (see pipeline.SLICE_RECORDS)
    BULK_PATIENCE = 8  # live transactions a waiting slice lets go first, in a row
    CHECKPOINT_BYTES = 2_000_000  # JSON written between two checkpoints: with their index entries about
                                  # the 1,000 pages of log after which SQLite's automatic checkpoint runs

    def __init__(self, path: str, synchronous: str, read_events):
        self.path, self.synchronous, self.read_events = path, synchronous, read_events
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coboard-sqlite-writer")
        self.conn: sqlite3.Connection | None = None
        # (future, loop, workshop_id, expected_seq, entries, create, now), live ops and slices apart
        self._waiting: list[tuple] = []
        self._bulk: list[tuple] = []
        self._passed_over = 0  # live transactions since the first waiting slice came or the last went
        self._guard = threading.Lock()
        self._draining = False
        # FULL or EXTRA: a slice's fsync can be made outside the lock (NORMAL or OFF: none is made anyway)
        self._sync_apart = str(synchronous).upper() in ("FULL", "EXTRA", "2", "3")
        self._lazy = False  # the writer's connection is at synchronous=NORMAL just now
        self.background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coboard-sqlite-sync")
        self._unchecked = 0  # bytes written since the last checkpoint
        self._checkpointer: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self.conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={self.synchronous}")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA secure_delete=ON")  # freed space overwritten with zeros (docs/privacy.md "On disk")
            conn.execute("PRAGMA wal_autocheckpoint=0")  # the background thread checkpoints (see the class)
            self.conn = conn
        return self.conn

    async def commit(self, workshop_id: str, expected_seq: int, entries: list[Entry], create: bool, now: str,
                     on_behind=None, bulk: bool = False) -> int:
        # The writer thread cannot call back into the event loop mid-transaction: a batch decided
        # against a stale seq is answered Behind and decided again (rare: another process, such as
        # `coboard import`, writing the same SQLite file).
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        with self._guard:
            (self._bulk if bulk else self._waiting).append((done, loop, workshop_id, expected_seq, entries, create, now))
            start = not self._draining
            self._draining = True
        if start:
            self.executor.submit(self._drain)
        outcome = await done
        if isinstance(outcome, int):
            return outcome
        raise Behind(await self.read_events(workshop_id, expected_seq))

    def _next(self) -> list[tuple]:
        """What the next transaction holds (the guard is held): every live op waiting, or one slice."""
        self._taking_slice = bool(self._bulk and (not self._waiting or self._passed_over >= self.BULK_PATIENCE))
        if self._taking_slice:
            self._passed_over = 0
            return [self._bulk.pop(0)]
        batches, self._waiting = self._waiting, []
        if self._bulk and batches:
            self._passed_over += 1
        return batches

    def _drain(self) -> None:
        """In the writer thread: commit what is waiting, live ops first, until nothing is."""
        while True:
            with self._guard:
                batches = self._next()
                if not batches:
                    self._draining = False
                    return
                apart = self._taking_slice and self._sync_apart
            try:
                if apart != self._lazy:  # set between transactions: it holds from the next COMMIT
                    self._connection().execute(f"PRAGMA synchronous={'NORMAL' if apart else self.synchronous}")
                    self._lazy = apart
                outcomes = self._commit_together([b[2:] for b in batches])
            except BaseException as e:  # the COMMIT itself failed: none of them is stored
                outcomes = [e] * len(batches)
            synced_apart = apart and isinstance(outcomes[0], int)
            if synced_apart:  # a slice committed: answered once it is on disk
                self.background.submit(self._synced, batches[0][:2], outcomes[0])
            if self._unchecked >= self.CHECKPOINT_BYTES:  # queued before a live op's answer
                self._unchecked = 0
                self.background.submit(self._checkpoint)
            if not synced_apart:
                _answer_all([(loop, done, outcome) for (done, loop, *_), outcome in zip(batches, outcomes)])

    def _synced(self, waiting: tuple, seq: int) -> None:
        """In the background thread: the log synced (a slice committed without its fsync), then the slice
        answered. A live op committed since then synced it already (cheap now)."""
        try:
            fd = os.open(self.path + "-wal", os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:  # the slice is in the database all the same; the op's next commit tries the disk again
            log.exception("could not sync SQLite's log after an import's slice")
        done, loop = waiting
        _answer(loop, done, seq)

    def _checkpoint_connection(self) -> sqlite3.Connection:
        if self._checkpointer is None:
            # timeout 0: a checkpoint never waits for the writer or a reader (see clear_old_copies)
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=0, check_same_thread=False)
            conn.execute("PRAGMA secure_delete=ON")
            self._checkpointer = conn
        return self._checkpointer

    def _checkpoint(self) -> None:
        """In the background thread: what the log holds copied into the database (PASSIVE: beside the
        writer and the readers, never waiting for them; what it cannot copy yet, the next one does)."""
        try:
            self._checkpoint_connection().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            log.exception("SQLite's checkpoint failed (the next one tries again)")

    CLEAR_SECONDS = 30.0  # how long an erasure keeps trying while readers are still in the log

    async def clear_old_copies(self, tables: list[str]) -> bool:
        """After an erasure or a deletion: every page of the log copied into the database file and the log
        cut to nothing (TRUNCATE), so the old versions of pages that held the erased name are in no file.

        In the background thread, on the checkpoint's own connection. A try that finds the writer in a
        transaction, or a reader still reading from the log, gives way at once (busy, no waiting) and is
        tried again a moment later: other workshops' commits wait at most for the copy of what the log
        gained since a PASSIVE checkpoint just before it (a few pages), never for a reader. True once the
        log is empty; False when readers kept it for CLEAR_SECONDS (the next erasure tries again).
        `tables`: what the erasure touched (every page of the log is copied, whatever it belongs to).
        """
        loop = asyncio.get_running_loop()
        deadline, pause = loop.time() + self.CLEAR_SECONDS, 0.005
        while not await loop.run_in_executor(self.background, self._truncate):
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.25)
        return True

    async def rebuild(self, tables: list[str]) -> bool:
        """`coboard vacuum`: the whole file rebuilt (VACUUM), then the log emptied, so that no unused part
        of a page keeps an old copy (docs/privacy.md "On disk": SQLite's rebalanced pages). On the writer's
        own connection, between two transactions: every workshop's commits wait while it runs."""
        await asyncio.get_running_loop().run_in_executor(self.executor, lambda: self._connection().execute("VACUUM"))
        return await self.clear_old_copies(tables)

    def _truncate(self) -> bool:
        try:
            c = self._checkpoint_connection()
            c.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()  # the bulk, beside the writer
            busy, _, _ = c.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            return busy == 0
        except sqlite3.OperationalError:  # locked: another checkpoint, or the log being opened
            return False

    def _commit_together(self, batches: list[tuple]) -> list:
        """Each batch's new seq, "behind", or the exception it raised (it alone undone).

        A batch alone in its transaction needs no savepoint: what it leaves undone, the transaction
        does (a savepoint and its release are two statements more per commit, most of them alone)."""
        c = self._connection()
        c.execute("BEGIN IMMEDIATE")
        try:
            if len(batches) == 1:
                outcome = self._try_write(c, *batches[0])
                c.execute("COMMIT" if isinstance(outcome, int) else "ROLLBACK")
                return [outcome]
            outcomes = []
            for batch in batches:
                c.execute("SAVEPOINT batch")
                outcome = self._try_write(c, *batch)
                if not isinstance(outcome, int):
                    c.execute("ROLLBACK TO batch")
                c.execute("RELEASE batch")
                outcomes.append(outcome)
            c.execute("COMMIT")
            return outcomes
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise

    def _try_write(self, c: sqlite3.Connection, *batch):
        try:
            return self._write(c, *batch)
        except Exception as e:
            return e

    def _write(self, c: sqlite3.Connection, workshop_id, expected_seq, entries, create, now):
        """The batch in one statement a table: its seq moved on only if still `expected_seq`, its events,
        each record as the batch left it, the tokens it revoked and handed out."""
        if create:
            c.execute("INSERT INTO workshops (id, seq, created_at) VALUES (?, 0, ?)", (workshop_id, now))
        seq = expected_seq + len(entries)
        if c.execute("UPDATE workshops SET seq = ? WHERE id = ? AND seq = ?", (seq, workshop_id, expected_seq)).rowcount != 1:
            if c.execute("SELECT 1 FROM workshops WHERE id = ?", (workshop_id,)).fetchone() is None:
                raise WorkshopNotFound(workshop_id)
            return "behind"
        (_, _, _, seqs, ops, actors, args, puts, deleteds, ats, client_ops, results, kept_ids, kinds, versions, data,
         gone, hashes, participants, created, revoked) = batch_arguments(workshop_id, expected_seq, entries)
        self._unchecked += sum(map(len, puts)) + sum(map(len, deleteds)) + sum(map(len, data))
        c.executemany("INSERT INTO events (workshop_id, seq, op, actor_id, args, put, deleted, at, client_op, result) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      zip([workshop_id] * len(seqs), seqs, ops, actors, args, puts, deleteds, ats, client_ops, results))
        if kept_ids:
            c.executemany("INSERT INTO records (workshop_id, id, kind, v, data) VALUES (?, ?, ?, ?, ?) "
                          "ON CONFLICT (workshop_id, id) DO UPDATE SET kind = excluded.kind, v = excluded.v, "
                          "data = excluded.data", zip([workshop_id] * len(kept_ids), kept_ids, kinds, versions, data))
        if gone:
            c.executemany("DELETE FROM records WHERE workshop_id = ? AND id = ?", ((workshop_id, rid) for rid in gone))
        if revoked:  # before the tokens handed out: batch_arguments keeps only those handed out after a revoke
            c.executemany("DELETE FROM credentials WHERE workshop_id = ? AND participant_id = ?",
                          ((workshop_id, pid) for pid in revoked))
        if hashes:
            c.executemany("INSERT INTO credentials (token_hash, workshop_id, participant_id, created_at) "
                          "VALUES (?, ?, ?, ?)", ((h, workshop_id, p, a) for h, p, a in zip(hashes, participants, created)))
        return seq

    async def close(self) -> None:
        def shut():
            if self.conn is not None:
                self.conn.close()
                self.conn = None
        await asyncio.get_running_loop().run_in_executor(self.executor, shut)
        self.executor.shutdown(wait=True)

        def shut_checkpointer():
            if self._checkpointer is not None:
                self._checkpointer.close()
                self._checkpointer = None
        await asyncio.get_running_loop().run_in_executor(self.background, shut_checkpointer)
        self.background.shutdown(wait=True)


def _answer(loop: asyncio.AbstractEventLoop, done: asyncio.Future, outcome) -> None:
    try:
        loop.call_soon_threadsafe(_settle, done, outcome)
    except RuntimeError:  # that loop is closed: nobody waits any more
        pass


def _answer_all(answers: list[tuple]) -> None:
    """Every batch of one transaction answered with one wake-up of each event loop, not one a batch."""
    by_loop: dict = {}
    for loop, done, outcome in answers:
        by_loop.setdefault(loop, []).append((done, outcome))
    for loop, settled in by_loop.items():
        try:
            loop.call_soon_threadsafe(_settle_all, settled)
        except RuntimeError:  # that loop is closed: nobody waits any more
            pass


def _settle_all(settled: list[tuple]) -> None:
    for done, outcome in settled:
        _settle(done, outcome)


def _settle(done: asyncio.Future, outcome) -> None:
    if done.done():  # the op's task was cancelled (its connection went away): the outcome stands
        return
    if isinstance(outcome, BaseException):
        done.set_exception(outcome)
    else:
        done.set_result(outcome)


class SqlWriter:
    """Through SQLAlchemy's async engine: an in-memory SQLite database (PostgreSQL has pg_writer.py)."""

    def __init__(self, engine: AsyncEngine, read_events_in):
        self.engine, self.read_events_in = engine, read_events_in

    async def commit(self, workshop_id: str, expected_seq: int, entries: list[Entry], create: bool, now: str,
                     on_behind=None, bulk: bool = False) -> int:
        async with self.engine.begin() as conn:
            if create:
                await conn.execute(workshops.insert().values(id=workshop_id, seq=0, created_at=now))
            row = (await conn.execute(lock_workshop_row(
                self.engine, select(workshops.c.seq).where(workshops.c.id == workshop_id)))).first()
            if row is None:
                raise WorkshopNotFound(workshop_id)
            if row.seq != expected_seq:
                missed = await self.read_events_in(conn, workshop_id, expected_seq)
                if on_behind is None:
                    raise Behind(missed)
                # We hold the workshop's row lock: nobody else can commit now, so catching up and
                # deciding again here always succeeds (no retry race between processes).
                entries = await on_behind(missed)
                expected_seq = row.seq
            seq = expected_seq
            for entry in entries:
                seq += 1
                event, puts, gone, tokens, revoked = _rows(workshop_id, seq, entry)
                await conn.execute(events.insert().values(dict(zip(
                    ("workshop_id", "seq", "op", "actor_id", "args", "put", "deleted", "at", "client_op", "result"),
                    event))))
                if puts:
                    await conn.execute(upsert(self.engine, records, [dict(zip(("workshop_id", "id", "kind", "v", "data"), p))
                                                                     for p in puts], ["workshop_id", "id"],
                                              ["kind", "v", "data"]))
                if gone:
                    await conn.execute(delete(records).where(records.c.workshop_id == workshop_id,
                                                             records.c.id.in_([g[1] for g in gone])))
                if revoked:
                    await conn.execute(delete(credentials).where(
                        credentials.c.workshop_id == workshop_id,
                        credentials.c.participant_id.in_([pid for _, pid in revoked])))
                if tokens:
                    await conn.execute(credentials.insert(), [dict(zip(
                        ("token_hash", "workshop_id", "participant_id", "created_at"), t)) for t in tokens])
            await conn.execute(update(workshops).where(workshops.c.id == workshop_id).values(seq=seq))
            return seq

    async def clear_old_copies(self, tables: list[str]) -> bool:  # an in-memory database has no files
        return True

    rebuild = clear_old_copies

    async def close(self) -> None:
        return None
