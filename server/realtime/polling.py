"""Members who reach the board by long-polling (networks that block WebSockets).

A Poller stands in the hub's connections like a socket does: the hub fans out to it, and it
keeps what is not an `ev` (presence, eph, notices) until its member polls again; `ev` frames are
not kept, because each poll reads them from the workshop's log after its `since`. A member who
polls counts as online while they poll, and goes offline 40 s after their last poll.
"""
import asyncio
import time
from collections import deque

KEPT_FRAMES = 500  # non-ev frames kept for a poller between polls; older ones are dropped (ephemeral)
SWEEP_EVERY = 1.0


class Poller:
    """One member's long-poll session in one workshop (a tab: `client` tells two tabs apart)."""

    def __init__(self, participant_id: str, client: str, settings, clock=time.monotonic):
        self.participant_id, self.client, self.clock = participant_id, client, clock
        self.kept: deque[str] = deque(maxlen=KEPT_FRAMES)
        self.wake = asyncio.Event()
        self.last_seen = clock()
        self.gone_after = settings.poll_gone_after  # seconds without a poll after which it is offline
        self.polling = 0  # polls waiting now
        self.closed: tuple[int, str] | None = None

    def send(self, payload) -> None:
        """What the hub sends (str or wire.Outgoing): `ev` frames only wake the poll (it reads them from the log)."""
        payload = str(payload)
        if not payload.startswith('{"t":"ev"'):
            self.kept.append(payload)
        self.wake.set()

    def close_soon(self, code: int, reason: str) -> None:
        self.closed = (code, reason)
        self.wake.set()

    def take_kept(self) -> list[str]:
        frames = list(self.kept)
        self.kept.clear()
        return frames

    def seen(self) -> None:
        self.last_seen = self.clock()

    def gone(self) -> bool:
        return self.polling == 0 and self.clock() - self.last_seen > self.gone_after


class Pollers:
    """Every poller of this process, by (workshop, participant, client); a sweeper takes the silent ones off."""

    def __init__(self, hubs):
        self.hubs = hubs
        self.by_key: dict[tuple[str, str, str], Poller] = {}
        self.sweeper: asyncio.Task | None = None

    async def get(self, hub, participant_id: str, client: str) -> Poller:
        key = (hub.workshop_id, participant_id, client)
        poller = self.by_key.get(key)
        if poller is None or poller.closed or poller not in hub.connections:
            poller = self.by_key[key] = Poller(participant_id, client, hub.settings)
            await hub.attach_poller(poller)
        if self.sweeper is None or self.sweeper.done():
            self.sweeper = asyncio.create_task(self._sweep())
        return poller

    def sweep_once(self) -> None:
        for key, poller in list(self.by_key.items()):
            if poller.gone() or poller.closed:
                del self.by_key[key]
                hub = self.hubs.hubs.get(key[0])
                if hub is not None:
                    hub.detach(poller)

    async def _sweep(self) -> None:
        while self.by_key:
            await asyncio.sleep(SWEEP_EVERY)
            self.sweep_once()
