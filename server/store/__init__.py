"""Storage: tables, engines (SQLite, PostgreSQL), the Store and migrations."""
from .store import StoredEvent, Store, Transaction, WorkshopNotFound, token_hash

__all__ = ["Store", "StoredEvent", "Transaction", "WorkshopNotFound", "token_hash"]
