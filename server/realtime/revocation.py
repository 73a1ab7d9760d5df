"""Tokens that stop working: after a new personal link or an erasure, the person's old connections close;
after a workshop is deleted, every connection to it closes and the process forgets it.

The credentials table is the one source of which tokens work. When an op that revokes tokens is
stored — in this process, or in another one whose event arrives over the bus — each connection
of the people it names checks the hash of the token it said hello with against the store, and
is closed (4401) when that token no longer works. HTTP calls check the store on every request,
so an old token is refused there at once. A long poll holds no token of its own: it is ended,
and its next request is checked like any other.
"""
import asyncio
import logging

from ..store import StoredEvent

# The ops whose Change carries `revoke` (server/domain/people.py, server/domain/erasure.py).
REVOKING_OPS = frozenset({"participant.link", "participant.erase"})
ERASING_OP, DELETING_OP = "participant.erase", "workshop.delete"
CLOSE_CODE = 4401
CLOSE_REASON = "This sign-in was replaced or withdrawn. Please use your new link."
DELETED_CODE, DELETED_REASON = 4404, "This workshop was deleted."
log = logging.getLogger("coboard.realtime")


def revoked_people(event: StoredEvent) -> set[str]:
    """Whose tokens the event may have revoked (the people it puts), or nobody."""
    if event.op not in REVOKING_OPS:
        return set()
    return {r["id"] for r in event.put if r.get("kind") == "participant"}


class Revocations:
    """Closes the connections of one hub whose tokens stopped working; keeps its checks referenced."""

    def __init__(self, hub):
        self.hub = hub
        self.checks: set[asyncio.Task] = set()

    def after(self, event: StoredEvent) -> None:
        if event.op == ERASING_OP:  # events kept in memory hold what the log no longer does: read the log
            self.hub.live.recent.clear()
        if event.op == DELETING_OP:
            for conn in list(self.hub.connections):
                conn.close_soon(DELETED_CODE, DELETED_REASON)
            if self.hub.forget is not None:
                self.hub.forget()
            return
        people = revoked_people(event)
        if not people:
            return
        task = asyncio.get_running_loop().create_task(self.close_revoked(people))
        self.checks.add(task)
        task.add_done_callback(self.checks.discard)

    async def close_revoked(self, people: set[str]) -> None:
        for conn in [c for c in list(self.hub.connections) if c.participant_id in people]:
            held = getattr(conn, "credential", None)
            try:
                still = held is not None and await self.hub.store.has_credential(held)
            except Exception:  # the database is away: close rather than keep a token that may be revoked
                log.warning("could not check a token after a revocation in %s", self.hub.workshop_id)
                still = False
            if not still:
                conn.close_soon(CLOSE_CODE, CLOSE_REASON)
