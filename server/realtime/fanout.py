"""Sending to the connections of a workshop: each event built once per distinct view, broadcasts,
a room's ephemeral traffic, notices to the staff.

A connection is anything with `participant_id`, `send(payload: str)` and `close_soon(code, reason)`.
"""
import orjson

from ..domain.roles import STAFF
from ..domain.views import event_view, lens, refreshed, through, view_key
from ..store import StoredEvent


def dumps(message: dict) -> str:
    return orjson.dumps(message).decode()


def event_payload(event: StoredEvent, viewer: dict, online) -> str:
    """The event as `viewer` sees it; when none of it is theirs, only its seq (so a gap still shows)."""
    put, gone = event_view(event.put, event.deleted, viewer, online)
    if not put and not gone:
        return dumps({"t": "ev", "seq": event.seq, "put": [], "del": []})
    return dumps({"t": "ev", "seq": event.seq, "op": event.op, "by": event.by, "at": event.at,
                  "put": put, "del": gone})


class FanOut:
    def __init__(self, live, presence):
        self.live, self.presence = live, presence
        self.connections: set = set()
        self.lenses: dict[str, tuple] = {}  # each connected person's role and seat, as last sent

    def saw(self, participant_id: str) -> None:
        """A connection of this person was just welcomed: it sees the workshop as they sit now."""
        person = self.live.state.records.get(participant_id)
        if person is not None:
            self.lenses[participant_id] = lens(person)

    def event(self, event: StoredEvent) -> None:
        """Every connection gets the event, in seq order, as its viewer may see it."""
        online = self.presence.online_ids()
        records = event.put + event.deleted
        payloads: dict[tuple, str] = {}
        people = self.live.state.records
        moved = self._moved(event, online) if any(r["kind"] == "participant" for r in event.put) else {}
        for conn in list(self.connections):
            viewer = people.get(conn.participant_id)
            if viewer is None:
                conn.close_soon(4403, "You are no longer a member of this workshop.")
                continue
            if moved and conn.participant_id in moved:
                conn.send(moved[conn.participant_id])
                continue
            key = view_key(viewer, records)
            payload = payloads.get(key)
            if payload is None:
                payload = payloads[key] = event_payload(event, viewer, online)
            conn.send(payload)

    def forget(self, participant_id: str) -> None:
        """Their last connection here went: nothing of theirs to keep right any more."""
        if not any(c.participant_id == participant_id for c in self.connections):
            self.lenses.pop(participant_id, None)

    def _moved(self, event: StoredEvent, online) -> dict[str, str]:
        """The event for each connected person whose role or seat it changed, with what that changes
        in the records it did not touch (a table's earlier chat, the staff's fields), so their
        screen is right without a reload."""
        people = self.live.state.records
        touched = {r["id"] for r in event.put} | {r["id"] for r in event.deleted}
        payloads = {}
        for record in event.put:
            pid = record["id"]
            if record["kind"] != "participant" or pid not in self.lenses:
                continue
            seen, now = self.lenses[pid], lens(record)
            if seen == now:
                continue
            self.lenses[pid] = now
            viewer = people.get(pid, record)
            put, gone = event_view(event.put, event.deleted, viewer, online)
            untouched = [r for rid, r in people.items() if rid not in touched]
            more_put, more_gone = refreshed(untouched, through(viewer, seen), viewer, online)
            payloads[pid] = dumps({"t": "ev", "seq": event.seq, "op": event.op, "by": event.by, "at": event.at,
                                   "put": put + more_put, "del": gone + more_gone})
        return payloads

    def broadcast(self, message: dict, to=None) -> None:
        payload = dumps(message)
        for conn in list(self.connections):
            if to is None or to(conn):
                conn.send(payload)

    def notify_staff(self, notice: dict) -> None:
        """A notice (such as someone entering the chill-out room) to every facilitator and host, at once."""
        people = self.live.state.records
        self.broadcast({"t": "notice", **notice},
                       to=lambda conn: (people.get(conn.participant_id) or {}).get("role") in STAFF)

    def to_room(self, room_id: str | None, message: dict, skip=None) -> None:
        """A message for the people in one room (ephemeral drags and typing)."""
        payload = dumps(message)
        people = self.live.state.records
        for conn in self.connections:
            if conn is skip:
                continue
            other = people.get(conn.participant_id)
            if other is not None and other.get("room_id") == room_id:
                conn.send(payload)
