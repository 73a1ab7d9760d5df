"""The Store: load a workshop, commit an op atomically (event + records), read events since a seq.

No commit happens anywhere else: the op pipeline opens one transaction per op with
`transaction()`, and everything it writes lands together or not at all.
"""
import hashlib
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import AsyncIterator

import orjson
from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ..clock import now_iso
from ..domain.errors import Change
from ..domain.state import WorkshopState
from .engine import lock_workshop_row, upsert
from .tables import CredentialRow, EventRow, RecordRow, WorkshopRow

workshops, events, records, credentials = (WorkshopRow.__table__, EventRow.__table__, RecordRow.__table__,
                                           CredentialRow.__table__)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def dumps(value) -> str:
    return orjson.dumps(value).decode()


@dataclass
class StoredEvent:
    seq: int
    op: str
    by: str | None
    at: str
    put: list[dict]
    deleted: list[dict]


class WorkshopNotFound(LookupError):
    pass


class Transaction:
    """One op's transaction, holding the workshop's write lock; `seq` is the stored seq."""

    def __init__(self, conn: AsyncConnection, store: "Store", workshop_id: str, seq: int):
        self.conn, self.store, self.workshop_id, self.seq = conn, store, workshop_id, seq

    async def events_since(self, since: int) -> list[StoredEvent]:
        return await self.store._events_since(self.conn, self.workshop_id, since)

    async def write(self, op: str, actor_id: str | None, args, change: Change, at: str,
                    new_credentials: list[tuple[str, str]] = ()) -> int:
        """Store the op as event seq+1 with the records it changed; returns the new seq."""
        seq = self.seq + 1
        wid = self.workshop_id
        await self.conn.execute(events.insert().values(
            workshop_id=wid, seq=seq, op=op, actor_id=actor_id, args=dumps(args),
            put=dumps(change.put), deleted=dumps(change.deleted), at=at))
        if change.put:
            rows = [{"workshop_id": wid, "id": r["id"], "kind": r["kind"], "v": r["v"], "data": dumps(r)}
                    for r in change.put]
            await self.conn.execute(upsert(self.store.engine, records, rows, ["workshop_id", "id"],
                                           ["kind", "v", "data"]))
        if change.deleted:
            await self.conn.execute(delete(records).where(records.c.workshop_id == wid,
                                                          records.c.id.in_(change.del_ids)))
        for token, participant_id in new_credentials:
            await self.conn.execute(credentials.insert().values(
                token_hash=token_hash(token), workshop_id=wid, participant_id=participant_id, created_at=at))
        await self.conn.execute(update(workshops).where(workshops.c.id == wid).values(seq=seq))
        self.seq = seq
        return seq


class Store:
    def __init__(self, engine: AsyncEngine):
        self.engine = engine

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    @asynccontextmanager
    async def transaction(self, workshop_id: str, create: bool = False) -> AsyncIterator[Transaction]:
        """The workshop's write lock for one op; `create` makes the workshop's row in the same transaction."""
        async with self.engine.begin() as conn:
            if create:
                await conn.execute(workshops.insert().values(id=workshop_id, seq=0, created_at=now_iso()))
            row = (await conn.execute(lock_workshop_row(
                self.engine, select(workshops.c.seq).where(workshops.c.id == workshop_id)))).first()
            if row is None:
                raise WorkshopNotFound(workshop_id)
            yield Transaction(conn, self, workshop_id, row.seq)

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
            row = (await conn.execute(select(workshops.c.seq).where(workshops.c.id == workshop_id))).first()
        return row.seq if row else None

    async def events_since(self, workshop_id: str, since: int) -> list[StoredEvent]:
        async with self.engine.connect() as conn:
            return await self._events_since(conn, workshop_id, since)

    async def _events_since(self, conn: AsyncConnection, workshop_id: str, since: int) -> list[StoredEvent]:
        result = await conn.execute(
            select(events.c.seq, events.c.op, events.c.actor_id, events.c.at, events.c.put, events.c.deleted)
            .where(events.c.workshop_id == workshop_id, events.c.seq > since).order_by(events.c.seq))
        return [StoredEvent(seq, op, by, at, orjson.loads(put), orjson.loads(deleted))
                for seq, op, by, at, put, deleted in result]

    async def member_for_token(self, token: str) -> tuple[str, str] | None:
        """(workshop_id, participant_id) of a token, or None."""
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(credentials.c.workshop_id, credentials.c.participant_id)
                                      .where(credentials.c.token_hash == token_hash(token)))).first()
        return (row.workshop_id, row.participant_id) if row else None

    async def event_log(self, workshop_id: str) -> list[dict]:
        """Every event with its args: the audit trail (votes can be recounted from it)."""
        async with self.engine.connect() as conn:
            result = await conn.execute(select(events).where(events.c.workshop_id == workshop_id)
                                        .order_by(events.c.seq))
            return [{**row._mapping, "args": orjson.loads(row.args), "put": orjson.loads(row.put),
                     "deleted": orjson.loads(row.deleted)} for row in result]
