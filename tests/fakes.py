"""In-process stand-ins for the hub's parts tests: a store in memory and a connection that keeps what
it is sent. MemoryStore passes the same Store contract suite as SQLite and PostgreSQL
(tests/contracts/store.py), so a hub test against it tests what the real stores do.
"""
import copy

from server.domain.state import WorkshopState
from server.store import Behind, StoredEvent, WorkshopNotFound, token_hash


class MemoryStore:
    """The Store interface (server/store/store.py), kept in dicts: one process, no durability."""

    def __init__(self):
        self.seqs: dict[str, int] = {}
        self.records: dict[str, dict[str, dict]] = {}
        self.events: dict[str, list[dict]] = {}
        self.tokens: dict[str, tuple[str, str]] = {}
        self.secrets: dict[str, bytes] = {}
        self.commits = 0  # how many transactions (group commit: one per batch)

    async def commit(self, workshop_id: str, expected_seq: int, entries, create: bool = False, on_behind=None,
                     bulk: bool = False) -> int:
        if create:
            if workshop_id in self.seqs:
                raise ValueError(f"workshop {workshop_id} exists already")
            self.seqs[workshop_id], self.records[workshop_id], self.events[workshop_id] = 0, {}, []
        if workshop_id not in self.seqs:
            raise WorkshopNotFound(workshop_id)
        if self.seqs[workshop_id] != expected_seq:
            missed = await self.events_since(workshop_id, expected_seq)
            if on_behind is None:
                raise Behind(missed)
            entries, expected_seq = await on_behind(missed), self.seqs[workshop_id]
        seq = expected_seq
        for entry in entries:
            seq += 1
            change = entry.change
            self.events[workshop_id].append(copy.deepcopy({
                "seq": seq, "op": entry.op, "actor_id": entry.actor_id, "args": entry.args, "put": change.put,
                "deleted": change.deleted, "at": entry.at, "client_op": entry.client_op, "result": change.result}))
            for record in change.deleted:
                self.records[workshop_id].pop(record["id"], None)
            for record in change.put:
                self.records[workshop_id][record["id"]] = copy.deepcopy(record)
            for held, (wid, pid) in list(self.tokens.items()):
                if wid == workshop_id and pid in entry.revoke:
                    del self.tokens[held]
            for token, participant_id in entry.credentials:
                self.tokens[token_hash(token)] = (workshop_id, participant_id)
        self.seqs[workshop_id] = seq
        self.commits += 1
        return seq

    async def load(self, workshop_id: str):
        if workshop_id not in self.seqs:
            return None
        return WorkshopState(workshop_id, copy.deepcopy(self.records[workshop_id])), self.seqs[workshop_id]

    async def current_seq(self, workshop_id: str) -> int | None:
        return self.seqs.get(workshop_id)

    async def workshop_language(self, workshop_id: str) -> str | None:
        language = self.records.get(workshop_id, {}).get(workshop_id, {}).get("language")
        return language if isinstance(language, str) else None

    async def events_since(self, workshop_id: str, since: int) -> list[StoredEvent]:
        return [StoredEvent(e["seq"], e["op"], e["actor_id"], e["at"], copy.deepcopy(e["put"]),
                            copy.deepcopy(e["deleted"]), e["client_op"], copy.deepcopy(e["result"]))
                for e in self.events.get(workshop_id, []) if e["seq"] > since]

    async def recent_client_ops(self, workshop_id: str, limit: int):
        ops = [e for e in self.events.get(workshop_id, []) if e["client_op"] is not None]
        return [(e["actor_id"], e["client_op"], e["seq"], e["result"]) for e in reversed(ops)][:limit]

    async def member_for_token(self, token: str):
        return self.tokens.get(token_hash(token))

    async def rewrite_events(self, workshop_id: str, rewrite, chunk: int = 2000) -> int:
        changed = 0
        for i, e in enumerate(self.events.get(workshop_id, [])):
            new = rewrite(copy.deepcopy(e))
            if any(new[k] != e[k] for k in ("args", "put", "deleted")):
                self.events[workshop_id][i] = {**e, **{k: copy.deepcopy(new[k]) for k in ("args", "put", "deleted")}}
                changed += 1
        return changed

    async def last_activity(self) -> dict:
        return {wid: (events[-1]["at"] if events else None) for wid, events in self.events.items()}

    async def workshop_records(self) -> dict:
        return {wid: copy.deepcopy(r) for wid, recs in self.records.items() for r in recs.values()
                if r["kind"] == "workshop"}

    async def delete_workshop(self, workshop_id: str) -> dict[str, int]:
        gone = {"events": len(self.events.pop(workshop_id, [])), "records": len(self.records.pop(workshop_id, {}))}
        held = [t for t, (wid, _) in self.tokens.items() if wid == workshop_id]
        for t in held:
            del self.tokens[t]
        gone["credentials"], gone["workshops"] = len(held), int(self.seqs.pop(workshop_id, None) is not None)
        return gone

    async def clear_old_copies(self, wait: float = 30.0) -> bool:  # nothing of it on any disk
        return True

    in_memory = True

    async def old_secret(self, name: str) -> bytes | None:
        return self.secrets.get(name)

    async def drop_old_secret(self, name: str) -> None:
        self.secrets.pop(name, None)

    async def has_credential(self, token_hash_: str) -> bool:
        return token_hash_ in self.tokens

    async def event_log(self, workshop_id: str) -> list[dict]:
        return copy.deepcopy(self.events.get(workshop_id, []))

    async def ping(self) -> None:
        return None

    async def close(self) -> None:
        return None


class FakeConnection:
    """The small socket interface the hub sends to: `participant_id`, `send`, `close_soon`."""

    def __init__(self, participant_id: str):
        self.participant_id = participant_id
        self.sent: list[str] = []
        self.closed: tuple[int, str] | None = None

    def send(self, payload) -> None:  # a str, or a wire.Outgoing shared by several connections
        if self.closed is None:
            self.sent.append(str(payload))

    def close_soon(self, code: int, reason: str) -> None:
        self.closed = (code, reason)

    def frames(self) -> list[dict]:
        import orjson
        return [orjson.loads(p) for p in self.sent]
