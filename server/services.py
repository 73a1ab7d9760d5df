"""The composition root: the one place that builds the store, bus, hubs, snapshots and observers.

`create_app` (the server) and the CLI commands (`import`, `restore`, `export`, `demo` seeding)
both use `open_services`, so a command run beside a server works on the same parts as the
server does, wired the same way.
"""
import asyncio
from contextlib import asynccontextmanager
from dataclasses import dataclass

from . import workers
from .ballot_secret import ballot_secret
from .bus import build_bus
from .config import Settings
from .exports.history import AutoSnapshots, Said
from .realtime.hub import Hubs
from .store import Store
from .store.engine import make_engine, sqlite_path
from .store.migrate import upgrade
from .store.snapshots import SnapshotStore


@dataclass
class Services:
    settings: Settings
    store: Store
    bus: object
    hubs: Hubs
    snapshots: SnapshotStore
    said: Said  # stored pictures drawn again in another language (api/snapshots.py)


@asynccontextmanager
async def open_services(settings: Settings, *, with_bus: bool = True):
    """Migrate the database, then build every part; `with_bus=False` keeps a command's fan-out in process.

    A running server on the same database notices a command's changes at its next op on that
    workshop (it catches up from the event log).
    """
    workers.configure(settings.heavy_workers)
    await asyncio.to_thread(upgrade, settings.database_url)
    engine = make_engine(settings.database_url, settings.sqlite_synchronous)
    store = Store(engine, settings.sqlite_synchronous)
    bus = build_bus(settings.redis_url if with_bus else None)
    hubs = Hubs(store, bus, settings)
    hubs.ballot_secret = await ballot_secret(settings, store, sqlite_path(engine))
    snapshots = SnapshotStore(engine)
    hubs.observers.append(AutoSnapshots(snapshots))
    said = Said()
    hubs.let_go.append(said.forget)
    services = Services(settings, store, bus, hubs, snapshots, said)
    await bus.start(hubs)
    try:
        yield services
    finally:
        await hubs.close_all()
        workers.shutdown_processes()
        await bus.close()
        await store.close()
        await engine.dispose()
