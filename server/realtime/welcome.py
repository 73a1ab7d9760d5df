"""Welcoming a connection: the full view of the workshop, or the events it missed since `since`."""
from ..domain.errors import Rejected
from ..domain.roles import STAFF
from ..domain.views import visible
from .fanout import dumps, event_message


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


async def welcome(hub, conn, since: int | None) -> str:
    """The welcome frame for `conn`, who has arrived (see `arrive`). Call under the hub's lock."""
    viewer = hub.live.state.get(conn.participant_id)
    if viewer is None:
        raise Rejected("unauthorized", "You are no longer a member of this workshop.")
    online = hub.presence.online_ids()
    frame = {"t": "welcome", "seq": hub.live.seq, "me": visible(viewer, viewer, online), "online": sorted(online)}
    if viewer["role"] in STAFF:
        frame["reconnects"] = dict(hub.presence.reconnects)
    missed = await replayable(hub, since)
    if missed is None:
        frame["records"] = view_of_state(hub.live, viewer, online)
    else:
        frame["replay"] = [event_message(e, viewer, online) for e in missed]
    return dumps(frame)
