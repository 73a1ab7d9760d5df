"""The op pipeline of one workshop: queue → decide in order through the gate → store the batch in one
transaction (group commit) → ack → hand each event on for fan-out.

Ops are ordered by the hub's asyncio lock here and by the workshop row's lock in the database, so
several processes can share a workshop: when another process moved the workshop on, the batch is
undone, the missed events are taken, and the batch is decided again.
"""
import asyncio
import logging
import random
from collections import deque
from dataclasses import dataclass
from typing import Callable

from ..clock import op_context
from ..protocol.limits import ANSWERS_TOGETHER, ANSWERS_WAIT
from ..domain import gate
from ..domain.errors import Change, Rejected
from ..domain.gate import Checked
from ..store import Behind, Entry, StoredEvent
from ..heavy_jobs import READS, Decided, Excerpt, RemoteChecked, decide_packed
from ..workers import HEAVY_OPS, SLICE_RECORDS, collector_paused, heavy, in_process, is_stopping, stop_signal, stopping
from .failures import internal, storing_failed

MAX_BATCH = 64  # ops stored in one transaction at most
_SHUFFLE = random.SystemRandom()  # the order a batch of anonymous answers is stored in
APPLY_STEP = 100  # records of a heavy op's slice applied to the live state between two turns of the loop
COMMIT_TRIES = 50
log = logging.getLogger("coboard.hub")


@dataclass
class Pending:
    """An op waiting in its workshop's queue; `done` gets (seq, change) or the reason it was refused."""

    actor_id: str | None
    checked: Checked
    on_commit: Callable | None
    credential: str | None
    create: bool
    done: asyncio.Future
    client_op: str | None = None  # the client's op id, op and args, fingerprinted (see repeats.py)
    decided: tuple | None = None  # (seq, ctx, change or Rejected) decided ahead in the heavy-work pool
    on_refuse: Callable | None = None  # told the reason at once, in the batch's order (see refuse)

    def refuse(self, reason: BaseException) -> None:
        if self.done.done():  # a connection that went away no longer waits
            return
        if self.on_refuse is not None and isinstance(reason, Rejected):
            self.on_refuse(reason)
        self.done.set_exception(reason)

    @property
    def op(self) -> str:
        return self.checked.name

    @property
    def key(self) -> tuple | None:
        return (self.actor_id, self.client_op) if self.client_op is not None and self.actor_id is not None else None


class _NoLongerFits(Exception):
    """Another process changed what a heavy op being stored in slices was decided on."""


@dataclass
class _Decided:
    pending: Pending
    change: Change
    entry: Entry
    before: list | None  # the records before the op, for observers that asked for them


class Pipeline:
    """`hub` gives the live workshop, the store, the bus, the repeats, the observers and `deliver`."""

    def __init__(self, hub):
        self.hub = hub
        self.queue: deque[Pending] = deque()
        self.writer: asyncio.Task | None = None
        self.slice_records = getattr(hub.settings, "slice_records", SLICE_RECORDS)
        failing = getattr(hub.settings, "fail_ops", "") or ""
        self.failing_ops = frozenset(filter(None, failing.split(",")))  # COBOARD_FAIL_OPS, for tests
        self.held: list[Pending] = []  # anonymous answers waiting for their batch (below)
        self.release_at: asyncio.TimerHandle | None = None
        self.answers_together = getattr(hub.settings, "answers_together", ANSWERS_TOGETHER)
        self.answers_wait = getattr(hub.settings, "answers_wait", ANSWERS_WAIT)

    def submit(self, pending: Pending) -> None:
        if self._anonymous_answer(pending):
            self._hold(pending)
            return
        if self.held and pending.op.split(".")[0] in ("poll", "feedback"):
            self.release_held()  # a close (or any change of a poll) comes after the answers sent before it
        self.queue.append(pending)
        self._write()

    def _write(self) -> None:
        if self.writer is None or self.writer.done():
            self.writer = asyncio.create_task(self._write_queued())

    # ---- anonymous answers go in batches (D2) ------------------------------------------------------
    # Each answer still gets its own seq (one per op), but not the moment it came: the answers are held
    # until ANSWERS_TOGETHER of them are waiting or ANSWERS_WAIT seconds after the first, then stored
    # together in one transaction in a random order. So the place of an answer in the log (its seq,
    # which staff read in a replay and an operator next to its stored choices) no longer says which of
    # the people seen answering it was. Nothing is acked before it is stored: the person's ack simply
    # comes with the batch. A close of the poll (any poll or questionnaire op) releases them first.

    def _anonymous_answer(self, p: Pending) -> bool:
        if p.op == "feedback.answer":
            return True
        if p.op != "poll.answer":
            return False
        poll = self.hub.live.state.get(getattr(p.checked.args, "poll_id", None))
        return bool(poll and poll.get("anonymous"))

    def _hold(self, p: Pending) -> None:
        if any(h.actor_id == p.actor_id for h in self.held):
            self.release_held()  # a person's own answers stay in their order: their change comes after
        self.held.append(p)
        if len(self.held) >= self.answers_together:
            self.release_held()
        elif self.release_at is None:
            self.release_at = asyncio.get_running_loop().call_later(self.answers_wait, self.release_held)

    def release_held(self) -> None:
        if self.release_at is not None:
            self.release_at.cancel()
            self.release_at = None
        held, self.held = self.held, []
        if held:
            _SHUFFLE.shuffle(held)
            self.queue.extend(held)
            self._write()

    def busy(self) -> bool:
        return bool(self.queue) or bool(self.held) or (self.writer is not None and not self.writer.done())

    async def _write_queued(self) -> None:
        while self.queue:
            batch = [self.queue.popleft()]
            while (self.queue and len(batch) < MAX_BATCH and not batch[0].create and not self.queue[0].create
                   and batch[0].op not in HEAVY_OPS and self.queue[0].op not in HEAVY_OPS):
                batch.append(self.queue.popleft())  # a workshop's first op goes alone, and so does a heavy one
            async with self.hub.lock:
                try:
                    self.hub.take_inbox_now()  # what other processes committed meanwhile, before deciding
                    await self._commit_batch(batch)
                except BaseException as e:
                    answer = e if isinstance(e, Rejected) else storing_failed(e)
                    for p in batch:
                        p.refuse(answer)
                    if not isinstance(e, Exception):  # cancelled (the server stopping): nothing queued is stored
                        while self.queue:
                            self.queue.popleft().done.cancel()
                        raise

    def _decide(self, batch: list[Pending]):
        """Each op against the state the ops before it left; the state is changed as it goes."""
        state = self.hub.live.state
        decided, refused, undo, repeated = [], [], [], []
        wants_before = {op for o in self.hub.observers for op in getattr(o, "ops", ())}
        for p in batch:
            if (answer := self.hub.repeats.answered(p.key)) is not None:  # learnt while catching up
                repeated.append((p, answer))
                continue
            try:
                actor = None
                if p.actor_id is not None:
                    actor = state.get(p.actor_id)
                    if actor is None:
                        raise Rejected("unauthorized", "You are no longer a member of this workshop.")
                ctx = op_context()
                before = list(state.records.values()) if p.op in wants_before else None
                if p.op in self.failing_ops:
                    raise RuntimeError(f"{p.op} fails on purpose (COBOARD_FAIL_OPS)")
                if p.decided is not None and p.decided[0] == self.hub.live.seq and len(batch) == 1:
                    _, ctx, change = p.decided  # decided ahead against this very state
                    if isinstance(change, Exception):
                        raise change
                elif isinstance(p.checked, RemoteChecked):  # decided against a state that moved on since
                    raise Rejected("conflict", "The workshop is very busy just now. Please try again.")
                else:
                    change = gate.decide(state, actor, p.checked, ctx)
                credentials = [(p.credential, change.result["participant_id"])] if p.credential else []
            except Rejected as r:
                refused.append((p, r))
                continue
            except Exception:  # a bug in a rule refuses that op only, with an answer
                log.exception("op %s failed inside the gate", p.op)
                refused.append((p, internal()))
                continue
            undo.append([(r["id"], state.records.get(r["id"])) for r in change.put + change.deleted])
            state.apply(change)
            # an anonymous answer is stored with no actor and no client op id (server/domain/anonymous.py)
            entry = Entry(p.op, None if change.anonymous else p.actor_id, p.checked.logged(), change,
                          change.at or ctx.now, credentials, None if change.anonymous else p.client_op, change.revoke)
            decided.append(_Decided(p, change, entry, before))
        return decided, refused, undo, repeated

    async def _commit_batch(self, batch: list[Pending]) -> None:
        hub, live = self.hub, self.hub.live
        attempt: dict = {}

        def decide_now() -> list[Entry]:
            attempt["decided"], attempt["refused"], attempt["undo"], attempt["repeated"] = self._decide(batch)
            return [d.entry for d in attempt["decided"]]

        async def on_behind(missed: list[StoredEvent]) -> list[Entry]:
            """Another process moved the workshop on: take its ops, then decide ours again."""
            live.undo(attempt["undo"])
            hub.take_remote(missed)
            return decide_now()

        if len(batch) == 1 and batch[0].op in HEAVY_OPS:
            # one pause from the decision to the last slice: between the two, the collector walked every
            # record just unpacked while the loop waited (py-spy, bench/heavy.py)
            with collector_paused():
                await self._decide_ahead(batch[0])
                if self._sliceable(batch[0]) and await self._commit_in_slices(batch[0]):
                    return
        entries = decide_now()
        for tries in range(COMMIT_TRIES):
            try:
                if entries:
                    await hub.store.commit(hub.workshop_id, live.seq, entries, batch[0].create, on_behind)
                break
            except Behind as behind:
                entries = await on_behind(behind.events)
                await asyncio.sleep(random.uniform(0, 0.002 * (tries + 1)))  # let the other writer finish
            except BaseException:
                live.undo(attempt["undo"])
                raise
        else:
            live.undo(attempt["undo"])
            raise Rejected("conflict", "The workshop is very busy just now. Please try again.")
        outcomes = {id(p): ("repeated", answer) for p, answer in attempt["repeated"]}
        outcomes.update((id(p), ("refused", reason)) for p, reason in attempt["refused"])
        outcomes.update((id(d.pending), ("decided", d)) for d in attempt["decided"])
        for p in batch:  # answered in the order they came, so one connection's answers keep its order
            what, outcome = outcomes[id(p)]
            if what == "repeated":  # committed earlier, by another process: its answer
                seq, result = outcome
                hub.repeats.settled(p.key, p)
                if p.on_commit:
                    p.on_commit(seq, Change(result=result))
                if not p.done.done():
                    p.done.set_result((seq, Change(result=result)))
            elif what == "refused":
                hub.repeats.settled(p.key, p)
                p.refuse(outcome)
            else:
                await self._committed(outcome)

    def _sliceable(self, p: Pending) -> bool:
        hub = self.hub
        # SQLite and PostgreSQL alike: on SQLite the other workshops' commits take turns between the slices
        # (one writer); on PostgreSQL no one statement of 100,000 rows is built and serialised on the loop,
        # or holds the workshop's row and a pooled connection for seconds.
        if p.decided is None or p.client_op is not None:
            return False
        seq, _, change = p.decided
        return (seq == hub.live.seq and isinstance(change, Change) and p.op not in self.failing_ops
                and self.slice_records > 0 and len(change.put) + len(change.deleted) > self.slice_records)

    async def _commit_in_slices(self, p: Pending) -> bool:
        """See `_store_slices`. When the server is told to stop, the caller is answered `stopping()` (503,
        nothing changed) there and then, and the slices then leave nothing: the one being stored is
        finished and those stored are taken back, however long that takes (the services' closing waits
        for it, Hubs.close_all). Before, the caller waited for the undo, and one that outlasted uvicorn's
        graceful timeout (5 s) was cancelled: a bare 500."""
        told: list[bool] = []

        def on_stop(_) -> None:
            told.append(True)
            p.refuse(stopping())

        signal = stop_signal()
        signal.add_done_callback(on_stop)
        try:
            return await self._store_slices(p, told)
        finally:
            signal.remove_done_callback(on_stop)

    async def _store_slices(self, p: Pending, told: list) -> bool:
        """A heavy op decided ahead, stored as consecutive events of at most `slice_records` records.

        The hub's lock is held throughout, so no other op of this process comes between the slices; its
        answer comes once, after the last slice. Each slice is an ordinary event (replay applies them in
        turn). Another process may commit to the workshop between two slices (or while the op was being
        decided): each slice is then written under the workshop's row lock after taking those events,
        and only if none of them changed what the op read or is still to write (`_still_fits`); the
        slices only add the op's own records, so nothing another process committed is written over.
        When the op no longer fits, or a slice cannot be stored, the slices already stored are undone by
        one more event of the same op (a restore: the new workshop is deleted), so the op leaves nothing
        behind; only when the database refuses that too do the stored slices stay (logged). False:
        nothing stored, decide again the usual way.
        """
        hub, live = self.hub, self.hub.live
        _, ctx, change = p.decided
        parts = slices(change, self.slice_records)
        logged = p.checked.logged()
        credentials = [(p.credential, change.result["participant_id"])] if p.credential else []
        stored: list[list[tuple[str, dict | None]]] = []  # for each stored slice, its records before
        ahead: set[str] | None = None  # ids the slices not yet stored write (built once another process wrote)
        for i, part in enumerate(parts):
            if is_stopping():  # told to stop (SIGTERM): the slice being stored was finished; take back those
                if stored:     # stored, rather than be cancelled at uvicorn's graceful timeout half-way through
                    await self._undo_slices(p, stored, ctx)
                p.refuse(stopping())
                return True
            last = i == len(parts) - 1
            entry = Entry(p.op, None if change.anonymous else p.actor_id, {**logged, "part": i + 1, "parts": len(parts)}, part, ctx.now,
                          credentials if last else [], None, part.revoke)
            before = [(r["id"], live.state.records.get(r["id"])) for r in part.put + part.deleted]

            def catch_up(missed: list[StoredEvent]) -> None:
                """Takes what another process committed, then this slice again — if the op still fits."""
                nonlocal before, ahead
                live.undo([before])
                hub.take_remote(missed)
                if ahead is None:
                    ahead = {r["id"] for later in parts[i:] for r in later.put + later.deleted}
                if not self._still_fits(p, missed, ahead):
                    raise _NoLongerFits()
                before = [(r["id"], live.state.records.get(r["id"])) for r in part.put + part.deleted]
                live.state.apply(part)

            async def on_behind(missed: list[StoredEvent]) -> list[Entry]:  # PostgreSQL: maybe holding the row lock
                catch_up(missed)
                return [entry]

            try:
                await apply_in_steps(live.state, part)
                for tries in range(COMMIT_TRIES):
                    try:
                        # bulk: the other workshops' live ops waiting for SQLite's one writer go first
                        seq = await hub.store.commit(hub.workshop_id, live.seq, [entry], p.create and i == 0,
                                                     on_behind, bulk=True)
                        break
                    except Behind as behind:  # a writer that cannot call back under its lock (SQLite)
                        catch_up(behind.events)
                else:
                    raise Rejected("conflict", "The workshop is very busy just now. Please try again.")
            except _NoLongerFits:
                if not stored:
                    return False  # nothing stored: decided again against the state as it is now
                await self._undo_slices(p, stored, ctx)
                p.refuse(Rejected("conflict", "The workshop is very busy just now. Please try again."))
                return True
            except BaseException as e:
                live.undo([before])
                if stored:
                    await self._undo_slices(p, stored, ctx)
                if not isinstance(e, Exception):
                    raise
                p.refuse(e if isinstance(e, Rejected) else storing_failed(e))
                return True
            stored.append(before)
            if ahead is not None:
                ahead.difference_update(r["id"] for r in part.put + part.deleted)
            event = StoredEvent(seq, p.op, p.actor_id, ctx.now, part.put, part.deleted)
            live.append(event)
            if last:
                hub.repeats.settled(p.key, p)
                if p.on_commit and not told:
                    p.on_commit(event.seq, change)
            hub.deliver(event, change.notices if last else ())
            try:
                await hub.bus.publish(hub.workshop_id, event, change.notices if last else [])
            except Exception:
                log.exception("could not publish event %s of %s", event.seq, hub.workshop_id)
            await asyncio.sleep(0)
        if told:  # the stop came while the last slice was being stored, and its caller heard "nothing changed"
            await self._undo_slices(p, stored, ctx)
            return True
        if not p.done.done():
            p.done.set_result((live.seq, change))
        return True

    @staticmethod
    def _still_fits(p: Pending, missed: list[StoredEvent], ahead: set[str]) -> bool:
        """Whether a heavy op decided before these events (committed by another process) still holds:
        none of them touched a record of a kind its rule reads (heavy_jobs.READS), its actor, or a record
        its slices still to be stored write. (How many cards a board holds, which an import reads to
        place its cards, is left out: new cards elsewhere on a board only make its cards overlap.)"""
        reads = READS.get(p.op, ())
        for event in missed:
            for r in (*event.put, *event.deleted):
                if r.get("kind") in reads or r["id"] == p.actor_id or r["id"] in ahead:
                    return False
        return True

    async def _undo_slices(self, p: Pending, stored: list, ctx) -> None:
        """Takes back the slices of a heavy op already stored, after a later slice failed or no longer
        fitted: each record they wrote goes back to what it was, as it is now (another process may have
        changed it since), decided again under the row lock when another process wrote meanwhile."""
        hub, live = self.hub, self.hub.live
        if p.create:  # a restore: nobody knows the new workshop yet
            try:
                await hub.store.delete_workshop(hub.workshop_id)
            except Exception:
                log.exception("a restore was partly stored and could not be deleted: %s", hub.workshop_id)
            return

        def undoing() -> tuple[Change, Entry]:
            put, deleted, seen = [], [], set()
            for before in reversed(stored):
                for record_id, old in before:
                    if record_id in seen:
                        continue
                    seen.add(record_id)
                    now = live.state.records.get(record_id)
                    if old is None and now is not None:
                        deleted.append(now)
                    elif old is not None:
                        put.append({**old, "v": max(old["v"], (now or old)["v"]) + 1})
            undo = Change(put=put, deleted=deleted)
            return undo, Entry(p.op, p.actor_id, {**p.checked.logged(), "undone": True}, undo, ctx.now)

        undo, entry = undoing()

        async def on_behind(missed: list[StoredEvent]) -> list[Entry]:
            nonlocal undo, entry
            hub.take_remote(missed)
            undo, entry = undoing()
            return [entry]

        try:
            for _ in range(COMMIT_TRIES):
                try:
                    seq = await hub.store.commit(hub.workshop_id, live.seq, [entry], False, on_behind, bulk=True)
                    break
                except Behind as behind:
                    await on_behind(behind.events)
            else:
                raise RuntimeError("the workshop kept moving on")
        except Exception:
            log.exception("%s of %s was partly stored (%d slices) and could not be undone", p.op,
                          hub.workshop_id, len(stored))
            return
        live.state.apply(undo)
        event = StoredEvent(seq, p.op, p.actor_id, ctx.now, undo.put, undo.deleted)
        live.append(event)
        hub.deliver(event)
        try:
            await hub.bus.publish(hub.workshop_id, event, [])
        except Exception:
            log.exception("could not publish event %s of %s", event.seq, hub.workshop_id)

    async def _decide_ahead(self, p: Pending) -> None:
        """A heavy op's decision in the heavy-work pool. Only reads the state, which cannot change
        meanwhile (the hub's lock is held); `_decide` then applies it on the loop, as any other."""
        state = self.hub.live.state
        actor = state.get(p.actor_id) if p.actor_id is not None else None
        if p.actor_id is not None and actor is None:
            return  # _decide answers it
        ctx = op_context()
        if isinstance(p.checked, RemoteChecked):  # parsed and decided in a child process (heavy_jobs.py)
            seq = self.hub.live.seq
            try:
                # only what the op reads crosses: pickling every record held this process's GIL (the loop)
                out = await in_process(decide_packed, p.op, p.checked.packed, Excerpt.of(p.op, state, p.actor_id),
                                       p.actor_id, ctx.now)
            except Rejected as e:  # the server is stopping (workers.stopping): _decide answers it
                out = e
            except Exception:  # the child died, or a bug in a rule: _decide answers it
                log.exception("%s could not be decided in a child process", p.op)
                out = internal()
            if isinstance(out, Decided):
                p.checked.logged_args = out.logged
                with collector_paused():
                    out = await out.change()
            p.decided = (seq, ctx, out)
            return

        def decide():
            try:
                return gate.decide(state, actor, p.checked, ctx)
            except Exception as e:  # Rejected, or a bug: _decide answers it as for any op
                return e

        p.decided = (self.hub.live.seq, ctx, await heavy(decide))

    async def _committed(self, d: _Decided) -> None:
        hub, p, change = self.hub, d.pending, d.change
        event = StoredEvent(hub.live.seq + 1, p.op, d.entry.actor_id, d.entry.at, change.put, change.deleted,
                            d.entry.client_op, change.result)
        hub.live.append(event)
        # Published first: the bus's sender then runs before this turn's writes to our own connections
        # (the flusher is scheduled by the first ack or event queued), so the other processes start
        # their fan-out while we do ours, on the other core, instead of after it.
        try:
            await hub.bus.publish(hub.workshop_id, event, change.notices)
        except Exception:  # committed is committed: other processes catch up from the database
            log.exception("could not publish event %s of %s", event.seq, hub.workshop_id)
        if p.client_op is not None:
            hub.repeats.remember(p.actor_id, p.client_op, event.seq, change.result)
        hub.repeats.settled(p.key, p)
        for observe in hub.observers:
            if p.op in getattr(observe, "ops", ()):
                observe(hub, p.op, p.checked.logged(), event, d.before)
        if p.on_commit:
            p.on_commit(event.seq, change)
        hub.deliver(event, change.notices)
        if not p.done.done():
            p.done.set_result((event.seq, change))


async def apply_in_steps(state, change: Change, step: int = APPLY_STEP) -> None:
    """`state.apply(change)`, giving every other room a turn after each `step` records: each of a slice's
    500 records goes into five indexes (`Records`), all of it in one turn of the loop before. Only
    the hub holding the lock applies: this workshop's ops, welcomes and state reads wait for the lock,
    so none of them sees the slice half applied (as none sees the import half stored)."""
    for i in range(0, len(change.deleted), step):  # deletions first, as state.apply does
        state.apply(Change(deleted=change.deleted[i:i + step]))
        await asyncio.sleep(0)
    for i in range(0, len(change.put), step):
        state.apply(Change(put=change.put[i:i + step]))
        await asyncio.sleep(0)


def slices(change: Change, size: int) -> list[Change]:
    """One op's change as consecutive changes of at most `size` records: its deletions first, then its
    puts, its first put (an import's dataset, the record that names the whole) in the last slice with
    the result and notices, so a reader of the events sees the op complete when that record arrives."""
    head, rest, gone = change.put[:1], change.put[1:], change.deleted
    # by list slicing only: tagging and filtering each of 100,000 records held the loop in one go
    bounds = [(i, i + size) for i in range(0, len(gone) + len(rest), size)] or [(0, 0)]
    out = [Change(put=rest[max(a - len(gone), 0):max(b - len(gone), 0)], deleted=gone[a:b]) for a, b in bounds]
    if len(out[-1].put) + len(out[-1].deleted) + len(head) > size:
        out.append(Change())
    out[-1].put = out[-1].put + head
    out[0].revoke = list(change.revoke)
    out[-1].result, out[-1].anonymous = change.result, change.anonymous
    return out
