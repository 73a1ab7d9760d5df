"""Database engines: the only module that knows SQLite from PostgreSQL."""
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def async_url(database_url: str) -> str:
    """The URL with the async driver picked for it (aiosqlite or asyncpg)."""
    url = make_url(database_url)
    if url.drivername in ("sqlite", "sqlite+pysqlite", "sqlite+aiosqlite"):
        if url.database and url.database != ":memory:":
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        return str(url.set(drivername="sqlite+aiosqlite"))
    if url.drivername in ("postgresql", "postgres", "postgresql+asyncpg", "postgresql+psycopg2"):
        return str(url.set(drivername="postgresql+asyncpg"))
    raise ValueError(f"DATABASE_URL must be sqlite:///… or postgresql://…, not {url.drivername}")


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_path(engine: AsyncEngine) -> str | None:
    """The SQLite file behind an engine (None for PostgreSQL or an in-memory database)."""
    if not is_sqlite(engine) or engine.url.database in (None, "", ":memory:"):
        return None
    return engine.url.database


def make_engine(database_url: str, sqlite_synchronous: str = "FULL") -> AsyncEngine:
    url = async_url(database_url)
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30})
        _tune_sqlite(engine, sqlite_synchronous)
        return engine
    return create_async_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


def _tune_sqlite(engine: AsyncEngine, synchronous: str) -> None:
    # WAL lets readers (state, replay, exports) run while one op commits. BEGIN IMMEDIATE takes
    # the write lock at the start, so two processes on one file cannot both read a stale seq.
    # secure_delete: an erased name must not stay in the file's free space (docs/privacy.md "On disk").
    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # what is deleted or replaced is overwritten with zeros
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def upsert(engine: AsyncEngine, table, rows: list[dict], keys: list[str], update: list[str]):
    """INSERT … ON CONFLICT (keys) DO UPDATE SET update — the same statement in both dialects."""
    insert = sqlite.insert if is_sqlite(engine) else postgresql.insert
    stmt = insert(table).values(rows)
    return stmt.on_conflict_do_update(index_elements=keys, set_={c: stmt.excluded[c] for c in update})


def lock_workshop_row(engine: AsyncEngine, select_stmt):
    """SQLite holds the write lock from BEGIN IMMEDIATE; PostgreSQL locks the workshop's row."""
    return select_stmt if is_sqlite(engine) else select_stmt.with_for_update()
