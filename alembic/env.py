"""Alembic environment: runs the migrations on our own async engine (SQLite or PostgreSQL)."""
import asyncio

from alembic import context
from sqlmodel import SQLModel

from server.config import Settings
from server.store import tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from server.store.engine import make_engine

target_metadata = SQLModel.metadata


def database_url() -> str:
    return context.config.attributes.get("database_url") or Settings().database_url


def run_offline() -> None:
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def _migrate(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # several `coboard serve` processes may start together: one migrates, the others wait
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(7262)")
        context.run_migrations()


async def run_online() -> None:
    engine = make_engine(database_url())
    async with engine.connect() as connection:
        await connection.run_sync(_migrate)
        await connection.commit()
    await engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    asyncio.run(run_online())
