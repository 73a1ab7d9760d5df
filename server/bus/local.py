"""Fan-out between server processes, in-process flavour: there is no other process to tell."""
from ..store import StoredEvent


class LocalBus:
    """The default bus: one process serves every connection, so publishing has no one else to reach."""

    async def start(self, on_event) -> None:
        self.on_event = on_event

    async def publish(self, workshop_id: str, event: StoredEvent) -> None:
        return None

    async def close(self) -> None:
        return None
