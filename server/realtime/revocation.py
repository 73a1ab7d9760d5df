"""Tokens that stop working: after a new personal link or an erasure, the person's old connections close;
after a workshop is deleted, every connection to it closes and the process forgets it.

The credentials table is the one source of which tokens work. When an op that revokes tokens is
stored — in this process, or in another one whose event arrives over the bus — each connection
of the people it names checks the hash of the token it said hello with against the store, and
is closed (4401) when that token no longer works. HTTP calls check the store on every request,
so an old token is refused there at once. A long poll holds no token of its own: it is ended,
and its next request is checked like any other.

A hello to a workshop live here is checked from memory when the store vouched for the same token
before (a room reconnecting after a Wi-Fi blip asks the database nothing). That is right because
a token only stops working through an event (a new link, an erasure, a deletion), and every event
passes `after` here before anything newer is welcomed: it forgets the people's tokens and notes
when. A hello whose token was vouched for before a revocation of its person is refused once the
hub has caught up (`vouched_before_revocation`), whichever way its token was checked.
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
        self.vouched: dict[str, tuple[str, int]] = {}  # token hash → (participant, epoch the store vouched at)
        self.epoch = 0  # moves at each revocation
        self.revoked: dict[str, int] = {}  # participant → epoch of the last revocation of their tokens
        self.deleted = False  # the workshop was deleted: no token of it works

    # ---- tokens the store vouched for ----------------------------------------------------------

    def known(self, credential: str) -> tuple[str, int] | None:
        """(participant, epoch) of a token the store vouched for in this workshop, still good here."""
        return self.vouched.get(credential)

    def vouch(self, credential: str, participant_id: str, epoch: int) -> None:
        """The store said `credential` is `participant_id`'s, when the epoch was `epoch`."""
        if self.revoked.get(participant_id, -1) <= epoch:  # none of theirs revoked since the store looked
            self.vouched[credential] = (participant_id, epoch)

    def vouched_before_revocation(self, participant_id: str, epoch: int) -> bool:
        return self.deleted or self.revoked.get(participant_id, -1) > epoch

    def _forget(self, people) -> None:
        self.epoch += 1
        for pid in people:
            self.revoked[pid] = self.epoch
        self.vouched = {c: v for c, v in self.vouched.items() if v[0] not in people}

    def workshop_gone(self) -> None:
        """The workshop was deleted: its last op taken here, or every row of it found gone from the database
        (`coboard delete` beside us, which no bus tells: the op went with the rows). Nobody is let in again."""
        self.deleted = True
        self.vouched.clear()
        self.hub.live.recent.clear()
        for conn in list(self.hub.connections):
            conn.close_soon(DELETED_CODE, DELETED_REASON)
        if self.hub.forget is not None:
            self.hub.forget()

    def after(self, event: StoredEvent) -> None:
        if event.op == ERASING_OP:  # events kept in memory hold what the log no longer does: read the log
            self.hub.live.recent.clear()
            self.hub.drop_copies()
        if event.op == DELETING_OP:
            self.workshop_gone()
            return
        people = revoked_people(event)
        if not people:
            return
        self._forget(people)
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
