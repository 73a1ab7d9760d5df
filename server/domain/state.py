"""The current records of one workshop, held in memory, changed only by applying a Change."""
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable, Iterator

from ..i18n import Word
from .errors import Change, Rejected

_OS_RANDOM = random.SystemRandom()


@dataclass
class OpContext:
    """What a rule may not make up itself: the time, fresh ids and chance (for random tables)."""

    now: str
    new_id: Callable[[str], str]
    # One shared generator drawing from the OS: a fresh random.Random per op cost a getrandom()
    # and seeding its 2.5 KB state on every op (~4 % of the loop's samples under load) for the
    # few rules that shuffle. Tests hand in a seeded random.Random instead.
    rng: random.Random = field(default_factory=lambda: _OS_RANDOM)

    def later(self, seconds: int) -> str:
        """The ISO time `seconds` after now."""
        moment = datetime.fromisoformat(self.now.replace("Z", "+00:00")) + timedelta(seconds=seconds)
        return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Index:
    """Records grouped by a key (kind, board, theme…), each group in the order of the whole workshop."""

    def __init__(self, key: Callable[[dict], object]):
        self.key = key
        self.groups: dict[object, dict[str, dict]] = {}
        self.unsorted: set = set()  # groups a record moved into: put back in workshop order when read

    def add(self, record: dict, moved: bool) -> None:
        k = self.key(record)
        if k is None:
            return
        group = self.groups.get(k)
        if group is None:
            group = self.groups[k] = {}
        group[record["id"]] = record
        if moved:
            self.unsorted.add(k)

    def remove(self, record: dict) -> None:
        k = self.key(record)
        group = self.groups.get(k) if k is not None else None
        if group is not None:
            group.pop(record["id"], None)
            if not group:
                del self.groups[k]
                self.unsorted.discard(k)

    def get(self, k, order: dict[str, int]) -> dict[str, dict]:
        group = self.groups.get(k)
        if group is None:
            return {}
        if k in self.unsorted:
            self.unsorted.discard(k)
            group = self.groups[k] = dict(sorted(group.items(), key=lambda item: order[item[0]]))
        return group


def _kind(r: dict):
    return r["kind"]


def _board(r: dict):
    return r.get("board_id") if r["kind"] == "card" else None


def _theme(r: dict):
    return (r.get("theme_id"),) if r["kind"] == "card" and r.get("type") == "data" else None  # None too


def _author(r: dict):
    if r["kind"] != "card" or r.get("created_by") is None:
        return None
    return r.get("board_id"), r["created_by"]


def _voter(r: dict):
    if r["kind"] not in ("vote", "poll_answer") or r.get("voter_id") is None:  # anonymous answers: no voter
        return None
    return r.get("round_id") or r.get("poll_id"), r["voter_id"]


class Records(dict):
    """The records by id, with the indexes the rules look up (so no op's cost grows with the workshop).

    Every way of changing the dict keeps the indexes; each index gives its records in the order a
    scan of the whole dict would (tests/unit/test_state_indexes.py checks both after random ops).
    """

    def __init__(self, records=()):
        super().__init__()
        self.order: dict[str, int] = {}  # id → when it first came (a dict keeps that place on replace)
        self.next = 0
        self.indexes = {"kind": _Index(_kind), "board": _Index(_board), "theme": _Index(_theme),
                        "voter": _Index(_voter), "author": _Index(_author)}
        self.update(records)

    def __setitem__(self, record_id: str, record: dict) -> None:
        old = dict.get(self, record_id)
        if old is None:
            self.order[record_id] = self.next
            self.next += 1
        dict.__setitem__(self, record_id, record)
        for index in self.indexes.values():
            if old is None:
                index.add(record, moved=False)
            elif index.key(old) == index.key(record):
                index.add(record, moved=False)  # in its place: the same id in the same group
            else:
                index.remove(old)
                index.add(record, moved=True)

    def __delitem__(self, record_id: str) -> None:
        old = dict.pop(self, record_id)
        del self.order[record_id]
        for index in self.indexes.values():
            index.remove(old)

    _missing = object()

    def pop(self, record_id, default=_missing):
        if record_id in self:
            old = dict.__getitem__(self, record_id)
            del self[record_id]
            return old
        if default is Records._missing:
            raise KeyError(record_id)
        return default

    def popitem(self):
        record_id = next(reversed(self))
        return record_id, self.pop(record_id)

    def setdefault(self, record_id, default=None):
        if record_id not in self:
            self[record_id] = default
        return self[record_id]

    def update(self, other=(), **more) -> None:
        items = other.items() if hasattr(other, "items") else other
        for k, v in items:
            self[k] = v
        for k, v in more.items():
            self[k] = v

    def clear(self) -> None:
        dict.clear(self)
        self.order.clear()
        for index in self.indexes.values():
            index.groups.clear()
            index.unsorted.clear()

    def __copy__(self):
        return Records(self)

    def __deepcopy__(self, memo):
        import copy
        return Records({k: copy.deepcopy(v, memo) for k, v in self.items()})

    def __reduce__(self):
        return (Records, (dict(self),))

    def group(self, index: str, key) -> dict[str, dict]:
        return self.indexes[index].get(key, self.order)


@dataclass
class WorkshopState:
    workshop_id: str
    records: Records = field(default_factory=Records)
    # the key anonymous answers are filed under (anonymous.py); never a record, never sent or stored
    ballot_key: bytes = field(default=b"", repr=False)

    def __post_init__(self):
        if not isinstance(self.records, Records):
            self.records = Records(self.records)

    def get(self, record_id: str) -> dict | None:
        return self.records.get(record_id)

    def require(self, record_id, kind: str, what: str, field_name: str) -> dict:
        """The record of that kind, or `not_found` naming the field the id came in."""
        record = self.records.get(record_id) if isinstance(record_id, str) else None
        if record is None or record["kind"] != kind:
            raise Rejected("not_found", "That {what} is not here any more. It may have been deleted.", field_name,
                           what=Word(what))
        return record

    def of_kind(self, kind: str) -> Iterator[dict]:
        return iter(list(self.records.group("kind", kind).values()))

    def workshop(self) -> dict:
        return next(self.of_kind("workshop"))

    def main_room(self) -> dict:
        return next(r for r in self.of_kind("room") if r["type"] == "main")

    def cards_on(self, board_id: str) -> Iterator[dict]:
        return iter(list(self.records.group("board", board_id).values()))

    def card_count_on(self, board_id: str) -> int:
        return len(self.records.group("board", board_id))

    def data_cards_in(self, theme_id: str) -> Iterator[dict]:
        return iter(list(self.records.group("theme", (theme_id,)).values()))

    def data_card_count(self, theme_id: str) -> int:
        return len(self.records.group("theme", (theme_id,)))

    def card_count_by(self, board_id: str, person_id: str) -> int:
        """How many cards on that board that person made (L3)."""
        return len(self.records.group("author", (board_id, person_id)))

    def ballots_of(self, target_id: str, voter_id: str) -> list[dict]:
        """A person's votes in one round, or their answers to one poll (target: the round's or poll's id)."""
        return list(self.records.group("voter", (target_id, voter_id)).values())

    def apply(self, change: Change) -> None:
        for record in change.deleted:
            self.records.pop(record["id"], None)
        for record in change.put:
            self.records[record["id"]] = record


def revise(record: dict, **fields) -> dict:
    """A new version of a record: the changed fields, `v` raised by one."""
    return {**record, **fields, "v": record["v"] + 1}
