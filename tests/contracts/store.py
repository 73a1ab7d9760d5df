"""The Store contract: one suite, run against every implementation (SQLite file, PostgreSQL, memory).

Subclass `StoreContract` beside a `store` fixture (an async generator yielding a fresh, empty
store); every test below then runs against it (tldraw's registerStorageContractTests).
"""
import asyncio
from contextlib import asynccontextmanager

import pytest

from server.domain.errors import Change
from server.store import Store
from server.store.engine import make_engine
from server.store.migrate import upgrade
from server.store import Behind, Entry, WorkshopNotFound, token_hash

NOW = "2026-01-01T10:00:00.000Z"


@asynccontextmanager
async def real_store(url: str):
    """A Store on a migrated database at `url` (SQLite file or PostgreSQL), closed afterwards."""
    await asyncio.to_thread(upgrade, url)
    engine = make_engine(url, "FULL")
    store = Store(engine, "FULL")
    try:
        yield store
    finally:
        await store.close()
        await engine.dispose()


def entry(op="card.update", put=(), deleted=(), actor="p1", credentials=(), client_op=None, result=None) -> Entry:
    return Entry(op, actor, {"op": op}, Change(put=list(put), deleted=list(deleted), result=result or {}), NOW,
                 list(credentials), client_op)


def record(rid: str, v: int = 1, kind: str = "card", **fields) -> dict:
    return {"id": rid, "kind": kind, "v": v, **fields}


class StoreContract:
    async def test_a_new_workshop_is_stored_with_its_first_op(self, store):
        seq = await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop", title="T")],
                                                 actor=None, credentials=[("tok-1", "p1")])], create=True)
        assert seq == 1
        state, loaded_seq = await store.load("w1")
        assert loaded_seq == 1 and state.records["w1"]["title"] == "T"
        assert await store.current_seq("w1") == 1
        assert await store.member_for_token("tok-1") == ("w1", "p1")

    async def test_an_unknown_workshop_or_token_is_nothing(self, store):
        assert await store.load("nope") is None
        assert await store.current_seq("nope") is None
        assert await store.member_for_token("no-such-token") is None
        with pytest.raises(WorkshopNotFound):
            await store.commit("nope", 0, [entry()])

    async def test_tokens_asked_for_at_once_each_get_their_own_answer(self, store):
        """A room saying hello together: lookups at once (repeats and unknown tokens among them)."""
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop")], actor=None,
                                           credentials=[(f"tok-{i}", f"p{i}") for i in range(30)])], create=True)
        await store.commit("w2", 0, [entry("workshop.create", [record("w2", kind="workshop")], actor=None,
                                           credentials=[("tok-w2", "p1")])], create=True)
        asked = [f"tok-{i}" for i in range(30)] + ["tok-3", "tok-w2", "no-such-token", "tok-3", "tok-w2"]
        answers = await asyncio.gather(*(store.member_for_token(t) for t in asked))
        assert answers == ([("w1", f"p{i}") for i in range(30)]
                           + [("w1", "p3"), ("w2", "p1"), None, ("w1", "p3"), ("w2", "p1")])
        assert await store.member_for_token("tok-7") == ("w1", "p7")  # and one by itself afterwards

    async def test_a_workshops_language_is_read_without_loading_it(self, store):
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop", title="T")])],
                           create=True)
        assert await store.workshop_language("w1") is None  # none set
        await store.commit("w1", 1, [entry(put=[record("w1", v=2, kind="workshop", title="T", language="cy"),
                                                record("c1", language="en")])])
        assert await store.workshop_language("w1") == "cy"
        assert await store.workshop_language("nope") is None

    async def test_a_batch_becomes_consecutive_events_in_order(self, store):
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop")])], create=True)
        batch = [entry(put=[record("c1")]), entry(put=[record("c1", v=2, text="b")]), entry(deleted=[record("c1", v=2)])]
        assert await store.commit("w1", 1, batch) == 4
        events = await store.events_since("w1", 1)
        assert [e.seq for e in events] == [2, 3, 4]
        assert events[1].put == [record("c1", v=2, text="b")] and events[2].deleted == [record("c1", v=2)]
        assert [e.seq for e in await store.events_since("w1", 3)] == [4]
        state, seq = await store.load("w1")
        assert seq == 4 and "c1" not in state.records  # a record put and deleted in one batch is gone

    async def test_records_are_replaced_by_their_new_version(self, store):
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop"), record("c1", text="a")])],
                           create=True)
        await store.commit("w1", 1, [entry(put=[record("c1", v=2, text="b")])])
        state, _ = await store.load("w1")
        assert state.records["c1"] == record("c1", v=2, text="b")

    async def test_a_stale_seq_is_behind_with_the_missed_events_and_writes_nothing(self, store):
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop")])], create=True)
        await store.commit("w1", 1, [entry(put=[record("c1")])])
        with pytest.raises(Behind) as behind:
            await store.commit("w1", 1, [entry(put=[record("c2")])])
        assert [e.seq for e in behind.value.events] == [2]
        state, seq = await store.load("w1")
        assert seq == 2 and "c2" not in state.records

    async def test_batches_of_several_workshops_at_once_each_get_their_own_answer(self, store):
        """Committed at the same moment (SQLite puts them in one transaction): one behind and one for an
        unknown workshop are refused alone, writing nothing, and every other batch is stored."""
        for wid in ("w1", "w2", "w3"):
            await store.commit(wid, 0, [entry("workshop.create", [record(wid, kind="workshop")])], create=True)
        await store.commit("w2", 1, [entry(put=[record("c0")])])
        answers = await asyncio.gather(
            store.commit("w1", 1, [entry(put=[record("a1")]), entry(put=[record("a2")])]),
            store.commit("w2", 1, [entry(put=[record("b1")])]),  # w2 is at 2: behind
            store.commit("nowhere", 0, [entry(put=[record("n1")])]),
            store.commit("w3", 1, [entry(put=[record("d1")])]),
            return_exceptions=True)
        assert answers[0] == 3 and answers[3] == 2, answers
        assert isinstance(answers[1], Behind) and [e.seq for e in answers[1].events] == [2]
        assert isinstance(answers[2], WorkshopNotFound), answers[2]
        (s1, q1), (s2, q2), (s3, q3) = [await store.load(w) for w in ("w1", "w2", "w3")]
        assert (q1, q2, q3) == (3, 2, 2)
        assert {"a1", "a2"} <= set(s1.records) and "b1" not in s2.records and "d1" in s3.records
        assert await store.load("nowhere") is None

    async def test_behind_with_a_catch_up_decides_again_or_refuses(self, store):
        """A writer that can hold the lock calls on_behind and stores what it returns; others raise Behind."""
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop")])], create=True)
        await store.commit("w1", 1, [entry(put=[record("c1")])])
        seen = []

        async def on_behind(missed):
            seen.append([e.seq for e in missed])
            return [entry(put=[record("c3")])]

        try:
            seq = await store.commit("w1", 1, [entry(put=[record("c2")])], on_behind=on_behind)
        except Behind as behind:
            assert [e.seq for e in behind.events] == [2] and not seen
            return
        assert seen == [[2]] and seq == 3
        state, _ = await store.load("w1")
        assert "c3" in state.records and "c2" not in state.records

    async def test_client_ops_are_remembered_newest_first(self, store):
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop")])], create=True)
        await store.commit("w1", 1, [entry(client_op=f"fp{i}", result={"card_id": f"c{i}"}, actor="p1")
                                     for i in range(5)] + [entry()])
        recent = await store.recent_client_ops("w1", 3)
        assert recent == [("p1", "fp4", 6, {"card_id": "c4"}), ("p1", "fp3", 5, {"card_id": "c3"}),
                          ("p1", "fp2", 4, {"card_id": "c2"})]

    async def test_the_event_log_keeps_every_op_with_its_args(self, store):
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop")], actor=None)],
                           create=True)
        await store.commit("w1", 1, [entry("vote.cast", put=[record("d1", kind="vote")])])
        log = await store.event_log("w1")
        assert [(e["seq"], e["op"], e["args"]) for e in log] == [(1, "workshop.create", {"op": "workshop.create"}),
                                                                 (2, "vote.cast", {"op": "vote.cast"})]

    async def test_workshops_are_kept_apart(self, store):
        for wid in ("w1", "w2"):
            await store.commit(wid, 0, [entry("workshop.create", [record(wid, kind="workshop")])], create=True)
        await store.commit("w1", 1, [entry(put=[record("c1")])])
        assert await store.current_seq("w2") == 1
        assert await store.events_since("w2", 1) == []
        state, _ = await store.load("w2")
        assert "c1" not in state.records

    async def test_events_carry_the_clients_op_fingerprint_and_result(self, store):
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop")])], create=True)
        await store.commit("w1", 1, [entry(client_op="fp9", result={"card_id": "c9"})])
        (event,) = await store.events_since("w1", 1)
        assert (event.client_op, event.result) == ("fp9", {"card_id": "c9"})

    async def test_D1_a_revoking_entry_ends_the_persons_earlier_tokens_but_not_the_new_one(self, store):
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop")], actor=None,
                                           credentials=[("tok-fac", "p1")])], create=True)
        await store.commit("w1", 1, [entry("participant.join", actor=None, credentials=[("tok-old", "p2")]),
                                     entry("participant.join", actor=None, credentials=[("tok-other", "p3")])])
        revoking = entry("participant.link", [record("p2", kind="participant")], credentials=[("tok-new", "p2")])
        revoking.revoke = ["p2"]
        await store.commit("w1", 3, [revoking])
        assert await store.member_for_token("tok-old") is None
        assert await store.member_for_token("tok-new") == ("w1", "p2")
        assert await store.member_for_token("tok-other") == ("w1", "p3")
        assert await store.member_for_token("tok-fac") == ("w1", "p1")
        assert not await store.has_credential(token_hash("tok-old"))
        assert await store.has_credential(token_hash("tok-new"))

    async def test_D1_a_token_handed_out_earlier_in_the_same_batch_is_revoked_too(self, store):
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop")], actor=None,
                                           credentials=[("tok-fac", "p1")])], create=True)
        first = entry("participant.link", [record("p1", kind="participant")], credentials=[("tok-a", "p1")])
        second = entry("participant.link", [record("p1", v=2, kind="participant")], credentials=[("tok-b", "p1")])
        first.revoke, second.revoke = ["p1"], ["p1"]
        await store.commit("w1", 1, [first, second])
        assert [await store.member_for_token(t) for t in ("tok-fac", "tok-a", "tok-b")] == [None, None, ("w1", "p1")]

    async def test_D3_events_are_rewritten_in_place_keeping_seq_and_the_other_fields(self, store):
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop")], actor=None)],
                           create=True)
        await store.commit("w1", 1, [entry("chat.send", [record("m1", kind="chat", text="secret")]),
                                     entry(put=[record("c1", text="kept")])])

        def redact(event):
            return {**event, "put": [{**r, "text": ""} if r["kind"] == "chat" else r for r in event["put"]]}

        assert await store.rewrite_events("w1", redact, chunk=1) == 1
        log = await store.event_log("w1")
        assert [(e["seq"], e["op"], e["actor_id"]) for e in log] == [(1, "workshop.create", None),
                                                                     (2, "chat.send", "p1"), (3, "card.update", "p1")]
        assert log[1]["put"] == [record("m1", kind="chat", text="")] and log[2]["put"] == [record("c1", text="kept")]
        assert [e.put for e in await store.events_since("w1", 1)][0] == [record("m1", kind="chat", text="")]
        assert await store.rewrite_events("w1", redact) == 0

    async def test_D4_deleting_a_workshop_leaves_nothing_of_it_and_keeps_the_others(self, store):
        for wid, token in (("w1", "tok-1"), ("w2", "tok-2")):
            await store.commit(wid, 0, [entry("workshop.create", [record(wid, kind="workshop"), record(f"c-{wid}")],
                                              actor=None, credentials=[(token, "p1")])], create=True)
        gone = await store.delete_workshop("w1")
        assert gone["workshops"] == 1 and gone["events"] == 1 and gone["credentials"] == 1
        assert await store.load("w1") is None and await store.current_seq("w1") is None
        assert await store.events_since("w1", 0) == [] and await store.member_for_token("tok-1") is None
        assert (await store.load("w2"))[1] == 1 and await store.member_for_token("tok-2") == ("w2", "p1")

    async def test_D4_old_copies_are_cleared_after_a_deletion_and_the_store_goes_on(self, store):
        for wid in ("w1", "w2"):
            await store.commit(wid, 0, [entry("workshop.create", [record(wid, kind="workshop"), record(f"c-{wid}")],
                                              actor=None)], create=True)
        await store.delete_workshop("w1")
        assert await store.clear_old_copies() is True
        assert await store.clear_old_copies() is True  # again, with nothing new: as harmless
        assert await store.commit("w2", 1, [entry(put=[record("c-w2", v=2)])]) == 2
        assert (await store.load("w2"))[0].records["c-w2"]["v"] == 2

    async def test_D7_retention_reads_each_workshops_record_and_last_activity_without_loading_it(self, store):
        await store.commit("w1", 0, [entry("workshop.create", [record("w1", kind="workshop", title="T")], actor=None)],
                           create=True)
        later = Entry("card.update", "p1", {}, Change(put=[record("c1")]), "2026-02-01T10:00:00.000Z")
        await store.commit("w1", 1, [later])
        assert await store.last_activity() == {"w1": "2026-02-01T10:00:00.000Z"}
        assert (await store.workshop_records())["w1"]["title"] == "T"
