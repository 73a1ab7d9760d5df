"""Who is online in a workshop: the connections this process holds, those other processes hold, and
how often each person came back with `since` (a connection that keeps dropping, for the hosts)."""
from collections import Counter


class Presence:
    def __init__(self):
        self.local: Counter = Counter()  # participant → connections held here
        self.remote: dict[str, Counter] = {}  # process → its connections per participant
        self.reconnects: Counter = Counter()
        self.version = 0  # moves whenever a connection here or elsewhere comes or goes

    def online_ids(self) -> set[str]:
        online = {pid for pid, n in self.local.items() if n > 0}
        for counts in self.remote.values():
            online |= {pid for pid, n in counts.items() if n > 0}
        return online

    def is_online(self, participant_id: str) -> bool:
        """Whether they have a connection here or elsewhere (one look per process, not a set of everyone)."""
        return self.local[participant_id] > 0 or any(c[participant_id] > 0 for c in self.remote.values())

    def arrive(self, participant_id: str, resumed: bool) -> bool:
        """A connection of this person opened here; True when they were not online before."""
        self.version += 1
        came_online = not self.is_online(participant_id)
        if came_online and resumed:
            self.reconnects[participant_id] += 1
        self.local[participant_id] += 1
        return came_online

    def leave(self, participant_id: str) -> bool:
        """A connection of this person closed here; True when that took them offline everywhere."""
        self.version += 1
        self.local[participant_id] -= 1
        if self.local[participant_id] > 0:
            return False
        del self.local[participant_id]
        return not self.is_online(participant_id)

    def on_remote(self, origin: str, counts: dict[str, int], replace: bool) -> list[tuple[str, bool]]:
        """Another process's connections changed (or it sent its whole list): who came or went."""
        self.version += 1
        before = self.online_ids()
        theirs = self.remote.setdefault(origin, Counter())
        if replace:
            theirs.clear()
        theirs.update(counts)
        after = self.online_ids()
        return [(pid, pid in after) for pid in sorted(before ^ after)]

    def forget(self, origin: str) -> list[tuple[str, bool]]:
        """A process that died without a word: the people it held are gone (unless here or elsewhere)."""
        if origin not in self.remote:
            return []
        changes = self.on_remote(origin, {}, replace=True)
        del self.remote[origin]
        return changes

    def frame(self, participant_id: str, online: bool) -> dict:
        return {"t": "presence", "participant_id": participant_id, "online": online,
                "reconnects": self.reconnects[participant_id]}
