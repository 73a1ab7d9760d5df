"""The tables: workshops (with their seq), the event log, current records, and member tokens.

JSON columns hold orjson text so SQLite and PostgreSQL store the same bytes.
"""
from typing import Optional

from sqlmodel import Field, SQLModel


class WorkshopRow(SQLModel, table=True):
    __tablename__ = "workshops"
    id: str = Field(primary_key=True)
    seq: int = 0
    created_at: str


class EventRow(SQLModel, table=True):
    """One applied op: the log used for resume, history, snapshots at a time and vote audits."""

    __tablename__ = "events"
    workshop_id: str = Field(primary_key=True, foreign_key="workshops.id")
    seq: int = Field(primary_key=True)
    op: str
    actor_id: Optional[str] = None
    args: str  # JSON
    put: str  # JSON: the records as they became
    deleted: str  # JSON: the records as they were just before they left
    at: str
    client_op: Optional[str] = None  # fingerprint of the client's op id, op and args: repeats are not re-applied
    result: Optional[str] = None  # JSON: the ack's result, to answer a repeat after a restart


class RecordRow(SQLModel, table=True):
    """The current version of a record; the event log holds how it got there."""

    __tablename__ = "records"
    workshop_id: str = Field(primary_key=True, foreign_key="workshops.id")
    id: str = Field(primary_key=True)
    kind: str = Field(index=True)
    v: int
    data: str  # JSON


class CredentialRow(SQLModel, table=True):
    """A member's token, stored only as its SHA-256."""

    __tablename__ = "credentials"
    token_hash: str = Field(primary_key=True)
    workshop_id: str = Field(index=True, foreign_key="workshops.id")
    participant_id: str
    created_at: str
