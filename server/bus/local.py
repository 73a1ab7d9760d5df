"""Fan-out between server processes, in-process flavour: there is no other process to tell."""
from ..store import StoredEvent


class LocalBus:
    """The default bus: one process serves every connection, so publishing has no one else to reach."""

    async def start(self, hubs) -> None:
        self.hubs = hubs

    async def subscribe(self, workshop_id: str) -> bool:
        """Nothing to hear from: every commit of the workshop is this process's own."""
        return True

    def unsubscribe(self, workshop_id: str) -> None:
        return None

    async def publish(self, workshop_id: str, event: StoredEvent, notices: list[dict]) -> None:
        return None

    def post_ephemeral(self, workshop_id: str, message: dict) -> None:
        return None

    def post_presence(self, workshop_id: str, participant_id: str, delta: int) -> None:
        return None

    def ask_presence(self, workshop_id: str) -> None:
        return None

    async def close(self) -> None:
        return None
