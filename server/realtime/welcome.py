"""Welcoming a connection: the full view of the workshop, or the events it missed since `since`.

Hellos that arrive together (a room reconnecting) are welcomed with one `Welcomes`: each distinct
view of the records, and each missed event as each distinct viewer sees it, is built and encoded
once for the batch; a welcome is those bytes put together, with only its person's own votes, poll
answers and unnamed cards encoded for them. The bytes are what `dumps(frame)` of the whole frame
gives, in the same order.
"""
import orjson

from ..domain.errors import Rejected
from ..domain.roles import STAFF
from ..domain.views import PERSONAL, view_key, visible
from .fanout import event_message
from .wire import Outgoing

_NOBODY = object()  # the id of a viewer who owns no record (equal to no voter_id or created_by)


def _owner(record: dict):
    """Who sees this record differently from everyone else of their audience, if anyone."""
    kind = record["kind"]
    if kind in PERSONAL:
        return record.get("voter_id")
    if kind == "card" and record.get("unnamed"):
        return record.get("created_by")
    return None


class Welcomes:
    """The encoded views and replayed events of one batch of welcomes (the hub's lock is held)."""

    def __init__(self, hub):
        self.hub = hub
        self.online: set | None = None
        self.listed = b"[]"  # `online` as the welcome lists it: sorted, encoded
        self.version = -1  # the presence version `online` was read at
        self.views: dict[tuple, tuple] = {}  # (staff, room, table) → (each record as seen, or None; encoded)
        self.owned: dict | None = None  # person → [(position, record)] of the records they own
        self.events: dict[tuple, bytes] = {}  # (seq, view key) → the event as that view sees it

    def now_online(self) -> set:
        """Who is online, read (and listed) again only when someone came or went since: once for a batch,
        not a set, a sort and an encoding of everyone for each welcome."""
        presence = self.hub.presence
        if presence.version != self.version:
            self.version, online = presence.version, presence.online_ids()
            self._for(online)
        return self.online

    def _for(self, online) -> None:
        if online is not self.online and online != self.online:  # someone came or went meanwhile: start again
            self.online, self.views, self.events = set(online), {}, {}
            self.listed = orjson.dumps(sorted(self.online))

    def records(self, viewer: dict, online) -> bytes:
        """The JSON list of the records as `viewer` sees them (view_of_state's, encoded)."""
        self._for(online)
        records = self.hub.live.state.records
        key = (viewer["role"] in STAFF, viewer.get("room_id"), viewer.get("table_id"))
        view = self.views.get(key)
        if view is None:  # the records as anyone of this audience and seat sees them, encoded in one go
            anyone = {**viewer, "id": _NOBODY}
            shown = [visible(r, anyone, online) for r in records.values()]
            view = self.views[key] = (shown, orjson.dumps([v for v in shown if v is not None]))
        if self.owned is None:
            self.owned = {}
            for i, r in enumerate(records.values()):
                if (owner := _owner(r)) is not None:
                    self.owned.setdefault(owner, []).append((i, r))
        mine = self.owned.get(viewer["id"])
        if not mine:
            return view[1]
        shown = list(view[0])
        for i, r in mine:
            shown[i] = visible(r, viewer, online)
        return orjson.dumps([v for v in shown if v is not None])

    def replay(self, missed: list, viewer: dict, online) -> bytes:
        """The JSON list of the missed events as `viewer` sees them."""
        self._for(online)
        out = []
        for e in missed:
            key = (e.seq, view_key(viewer, e.put + e.deleted))
            encoded = self.events.get(key)
            if encoded is None:
                encoded = self.events[key] = orjson.dumps(event_message(e, viewer, online))
            out.append(encoded)
        return b"[" + b",".join(out) + b"]"


def view_of_state(live, viewer: dict, online) -> list[dict]:
    return [v for r in live.state.records.values() if (v := visible(r, viewer, online)) is not None]


async def replayable(hub, since: int | None):
    """The events after `since` (from memory, else the database), or None when a full view is needed."""
    live = hub.live
    if since is None or since > live.seq or live.seq - since > hub.settings.replay_limit:
        return None
    missed = live.recent_since(since)
    if missed is not None:
        return missed
    return await hub.store.events_since(hub.workshop_id, since)


def arrive(hub, conn, since: int | None) -> bool:
    """`conn`'s person is online from now (call under the hub's lock); whether they just came online."""
    if hub.live.state.get(conn.participant_id) is None:
        raise Rejected("unauthorized", "You are no longer a member of this workshop.")
    came_online = hub.presence.arrive(conn.participant_id, resumed=since is not None)
    hub.bus.post_presence(hub.workshop_id, conn.participant_id, +1)
    return came_online


async def welcome(hub, conn, since: int | None, welcomes: Welcomes | None = None) -> Outgoing:
    """The welcome frame for `conn`, who has arrived (see `arrive`). Call under the hub's lock."""
    viewer = hub.live.state.get(conn.participant_id)
    if viewer is None:
        raise Rejected("unauthorized", "You are no longer a member of this workshop.")
    welcomes = welcomes or Welcomes(hub)
    missed = await replayable(hub, since)
    online = welcomes.now_online()
    head = orjson.dumps({"t": "welcome", "seq": hub.live.seq, "me": visible(viewer, viewer, online)})
    # what dumps of the whole frame gives, in its order (t, seq, me, online, reconnects, records or replay):
    # the batch's list of who is online is encoded once, and each list goes in before the closing brace
    head = head[:-1] + b',"online":' + welcomes.listed
    if viewer["role"] in STAFF:
        head += b',"reconnects":' + orjson.dumps(dict(hub.presence.reconnects))
    if missed is None:
        name, body = b"records", welcomes.records(viewer, online)
    else:
        name, body = b"replay", welcomes.replay(missed, viewer, online)
    return Outgoing(parts=(head + b',"' + name + b'":', body, b"}"))
