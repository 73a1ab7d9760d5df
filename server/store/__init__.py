"""Storage: tables, engines (SQLite, PostgreSQL), the Store, its writers and migrations."""
from .store import Store, StoredEvent
from .writers import Behind, Entry, WorkshopNotFound, token_hash

__all__ = ["Behind", "Entry", "Store", "StoredEvent", "WorkshopNotFound", "token_hash"]
