"""A workshop's records as this process holds them: the state, its seq and the latest events."""
from collections import deque

from ..domain.errors import Change
from ..domain.state import WorkshopState
from ..store import StoredEvent

RECENT_EVENTS = 2000  # kept in memory so most resumes need no database read


class LiveWorkshop:
    def __init__(self, state: WorkshopState, seq: int, recent: int = RECENT_EVENTS):
        self.state, self.seq = state, seq
        self.recent: deque[StoredEvent] = deque(maxlen=recent)

    def append(self, event: StoredEvent) -> None:
        """An event whose change is already in the state (decided here)."""
        self.seq = event.seq
        self.recent.append(event)

    def apply(self, event: StoredEvent) -> bool:
        """An event decided elsewhere: taken when it is the next one; False when it is not."""
        if event.seq != self.seq + 1:
            return False
        self.state.apply(Change(put=event.put, deleted=event.deleted))
        self.append(event)
        return True

    def undo(self, restored: list[list[tuple[str, dict | None]]]) -> None:
        """Put back records as they were before ops decided (and applied) but not stored."""
        for records in reversed(restored):
            for record_id, record in records:
                if record is None:
                    self.state.records.pop(record_id, None)
                else:
                    self.state.records[record_id] = record

    def recent_since(self, since: int) -> list[StoredEvent] | None:
        """The events after `since` when memory still holds all of them, else None."""
        if since == self.seq:
            return []
        if self.recent and self.recent[0].seq <= since + 1:
            return [e for e in self.recent if e.seq > since]
        return None
