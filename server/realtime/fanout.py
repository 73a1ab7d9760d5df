"""Sending to the connections of a workshop: each event built once per distinct view, broadcasts,
a room's ephemeral traffic, notices to the staff.

A connection is anything with `participant_id`, `send(payload)` and `close_soon(code, reason)`;
`payload` is a str or a `wire.Outgoing` shared by every connection that gets it (`str(payload)`
is its text). Per recipient the work is one append: who sees which view is worked out once, and
kept until a connection comes or goes or a participant record changes (role, room).
"""
import asyncio

import orjson

from ..domain.roles import STAFF
from ..domain.views import PERSONAL, audience, event_view, lens, needs_personal_view, refreshed, through, view_key
from ..store import StoredEvent
from .wire import Outgoing

_PERSONAL = frozenset(PERSONAL)


def dumps(message: dict) -> str:
    return orjson.dumps(message).decode()


def event_message(event: StoredEvent, viewer: dict, online) -> dict:
    """The event as `viewer` sees it; when none of it is theirs, only its seq (so a gap still shows)."""
    put, gone = event_view(event.put, event.deleted, viewer, online)
    if not put and not gone:
        return {"t": "ev", "seq": event.seq, "put": [], "del": []}
    return {"t": "ev", "seq": event.seq, "op": event.op, "by": event.by, "at": event.at, "put": put, "del": gone}


def event_payload(event: StoredEvent, viewer: dict, online) -> str:
    return dumps(event_message(event, viewer, online))


class Connections(set):
    """The connections of a workshop here; `version` moves when one comes or goes, and `arrived[conn]`
    numbers each in the order they came (`arrivals`: the last number given)."""

    version = 0
    arrivals = 0

    def __init__(self):
        super().__init__()
        self.arrived: dict = {}

    def add(self, conn) -> None:
        if conn not in self:
            self.version += 1
            self.arrivals += 1
            self.arrived[conn] = self.arrivals
            super().add(conn)

    def discard(self, conn) -> None:
        if conn in self:
            self.version += 1
            self.arrived.pop(conn, None)
            super().discard(conn)


class _Groups:
    """The connections by audience (staff / public) and by room, with a viewer of each audience."""

    def __init__(self, connections, people):
        self.audiences: dict[str, tuple[dict, list]] = {}
        self.rooms: dict[str | None, list] = {}
        self.gone: list = []  # connections whose person is no longer a member
        for conn in connections:
            viewer = people.get(conn.participant_id)
            if viewer is None:
                self.gone.append(conn)
                continue
            group = self.audiences.get(audience(viewer))
            if group is None:
                self.audiences[audience(viewer)] = (viewer, [conn])
            else:
                group[1].append(conn)
            self.rooms.setdefault(viewer.get("room_id"), []).append(conn)


class FanOut:
    # Presence frames wait this long (seconds) for others to go with them: each connection here is
    # sent everyone who came or went meanwhile in one write. Told at once, 300 people connecting to
    # one board were one write per arrival to everyone already there (~45,000 writes, a fifth of
    # the server's CPU to connect them: bench/fanout.py idle); a tenth of a second later is no
    # later for a person.
    PRESENCE_WINDOW = 0.1
    # ...and go at once when this many wait: sending them is one append per frame per connection here,
    # all in one turn of the loop, which others' ops wait behind (300 frames to 300 people: 90,000 appends)
    PRESENCE_BATCH = 32

    def __init__(self, live, presence):
        self.live, self.presence = live, presence
        self.connections: Connections = Connections()
        self._coming: list[tuple] = []  # presence frames waiting: (frame, the last arrival it is for)
        self._telling: asyncio.TimerHandle | None = None
        self._told: asyncio.Future | None = None
        self._groups: _Groups | None = None
        self._groups_at = -1  # the connections' version the groups were made at
        self.lenses: dict[str, tuple] = {}  # each connected person's role and seat, as last sent

    def saw(self, participant_id: str) -> None:
        """A connection of this person was just welcomed: it sees the workshop as they sit now."""
        person = self.live.state.records.get(participant_id)
        if person is not None:
            self.lenses[participant_id] = lens(person)

    def forget(self, participant_id: str) -> None:
        """Their last connection here went: nothing of theirs to keep right any more."""
        if not any(c.participant_id == participant_id for c in self.connections):
            self.lenses.pop(participant_id, None)

    def invalidate(self) -> None:
        """A participant record changed (role, room, membership): work out the groups again."""
        self._groups = None

    def groups(self) -> _Groups:
        if self._groups is None or self._groups_at != self.connections.version:
            self._groups = _Groups(self.connections, self.live.state.records)
            self._groups_at = self.connections.version
            for conn in self._groups.gone:
                conn.close_soon(4403, "You are no longer a member of this workshop.")
            self._groups_at = self.connections.version  # those closed are in no group
        return self._groups

    def event(self, event: StoredEvent) -> None:
        """Every connection gets the event, in seq order, as its viewer may see it."""
        records = event.put + event.deleted
        kinds = {r["kind"] for r in records}
        if "participant" in kinds:
            self.invalidate()
        online = self.presence.online_ids() if "participant" in kinds else frozenset()
        moved = self._moved(event, online) if any(r["kind"] == "participant" for r in event.put) else {}
        if moved or "chat" in kinds or needs_personal_view(records):
            self._event_per_viewer(event, records, online, moved)
            return
        for viewer, conns in self.groups().audiences.values():
            payload = Outgoing(orjson.dumps(event_message(event, viewer, online)))
            for conn in conns:
                conn.send(payload)

    def _event_per_viewer(self, event: StoredEvent, records: list[dict], online, moved: dict) -> None:
        """Votes, poll answers, cards without their writer's name and a room's chat: built once per
        distinct key (view_key); only the people they belong to see them differently."""
        owners = {r.get("voter_id") for r in records if r["kind"] in _PERSONAL}
        owners |= {r.get("created_by") for r in records if r["kind"] == "card" and r.get("unnamed")}
        payloads: dict[tuple, Outgoing] = {}
        people = self.live.state.records
        for conn in list(self.connections):
            viewer = people.get(conn.participant_id)
            if viewer is None:
                conn.close_soon(4403, "You are no longer a member of this workshop.")
                continue
            if conn.participant_id in moved:
                conn.send(moved[conn.participant_id])
                continue
            key = view_key(viewer, records, owners)
            payload = payloads.get(key)
            if payload is None:
                payload = payloads[key] = Outgoing(orjson.dumps(event_message(event, viewer, online)))
            conn.send(payload)

    def _moved(self, event: StoredEvent, online) -> dict[str, Outgoing]:
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
            payloads[pid] = Outgoing(orjson.dumps({"t": "ev", "seq": event.seq, "op": event.op, "by": event.by,
                                                   "at": event.at, "put": put + more_put, "del": gone + more_gone}))
        return payloads

    def broadcast(self, message: dict, to=None) -> None:
        payload = Outgoing(orjson.dumps(message))
        for conn in list(self.connections):
            if to is None or to(conn):
                conn.send(payload)

    def tell_presence(self, frame: dict, here_then: int | None = None) -> None:
        """Someone came or went: told within PRESENCE_WINDOW, in order with the other presence frames,
        to the connections here now (or those that arrived by `here_then`, a Connections.arrivals)
        that are still here then."""
        here = self.connections.arrivals if here_then is None else here_then
        self._coming.append((Outgoing(orjson.dumps(frame)), here))
        if len(self._coming) >= self.PRESENCE_BATCH:
            self.presence_now()
        elif self._telling is None:
            self._telling = asyncio.get_running_loop().call_later(self.PRESENCE_WINDOW, self.presence_now)

    def presence_now(self) -> None:
        """Send the presence frames waiting, each connection its own in one write (the flusher's)."""
        if self._telling is not None:
            self._telling.cancel()
            self._telling = None
        coming, self._coming = self._coming, []
        if coming:
            arrived = self.connections.arrived
            for conn in list(self.connections):
                came = arrived.get(conn, 0)
                for payload, here_then in coming:  # not to those who came later: their welcome
                    if came <= here_then:  # was newer than the frame
                        conn.send(payload)
        told, self._told = self._told, None
        if told is not None and not told.done():
            told.set_result(None)

    async def presence_told(self) -> None:
        """Once the presence frames waiting now are sent (for tests: no sleeping)."""
        if self._telling is None:
            return
        if self._told is None:
            self._told = asyncio.get_running_loop().create_future()
        await self._told

    def notify_staff(self, notice: dict) -> None:
        """A notice (such as someone entering the chill-out room) to every facilitator and host, at once."""
        people = self.live.state.records
        self.broadcast({"t": "notice", **notice},
                       to=lambda conn: (people.get(conn.participant_id) or {}).get("role") in STAFF)

    def to_room(self, room_id: str | None, message: dict, skip=None) -> None:
        """A message for the people in one room (ephemeral drags and typing)."""
        payload = Outgoing(orjson.dumps(message))
        for conn in self.groups().rooms.get(room_id, ()):
            if conn is not skip:
                conn.send(payload)
