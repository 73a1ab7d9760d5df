"""The current records of one workshop, held in memory, changed only by applying a Change."""
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Iterator

from .errors import Change, Rejected


@dataclass
class OpContext:
    """What a rule may not make up itself: the time, fresh ids and chance (for random tables)."""

    now: str
    new_id: Callable[[str], str]
    rng: random.Random = field(default_factory=random.Random)

    def later(self, seconds: int) -> str:
        """The ISO time `seconds` after now."""
        moment = datetime.fromisoformat(self.now.replace("Z", "+00:00")) + timedelta(seconds=seconds)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class WorkshopState:
    workshop_id: str
    records: dict[str, dict] = field(default_factory=dict)
    # the key anonymous answers are filed under (anonymous.py); never a record, never sent or stored
    ballot_key: bytes = field(default=b"", repr=False)

    def get(self, record_id: str) -> dict | None:
        return self.records.get(record_id)

    def require(self, record_id, kind: str, what: str, field_name: str) -> dict:
        """The record of that kind, or `not_found` naming the field the id came in."""
        record = self.records.get(record_id) if isinstance(record_id, str) else None
        if record is None or record["kind"] != kind:
            raise Rejected("not_found", f"That {what} is not here any more. It may have been deleted.", field_name)
        return record

    def of_kind(self, kind: str) -> Iterator[dict]:
        return (r for r in self.records.values() if r["kind"] == kind)

    def workshop(self) -> dict:
        return next(self.of_kind("workshop"))

    def main_room(self) -> dict:
        return next(r for r in self.of_kind("room") if r["type"] == "main")

    def cards_on(self, board_id: str) -> Iterator[dict]:
        return (r for r in self.records.values() if r["kind"] == "card" and r["board_id"] == board_id)

    def data_cards_in(self, theme_id: str) -> Iterator[dict]:
        return (r for r in self.records.values()
                if r["kind"] == "card" and r["type"] == "data" and r.get("theme_id") == theme_id)

    def apply(self, change: Change) -> None:
        for record in change.deleted:
            self.records.pop(record["id"], None)
        for record in change.put:
            self.records[record["id"]] = record


def revise(record: dict, **fields) -> dict:
    """A new version of a record: the changed fields, `v` raised by one."""
    return {**record, **fields, "v": record["v"] + 1}
