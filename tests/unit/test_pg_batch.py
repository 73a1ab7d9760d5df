"""The PostgreSQL writer's batch: every event in order, each record written once as the batch left it."""
from hypothesis import given
from hypothesis import strategies as st

from server.domain.errors import Change
from server.store.pg_writer import batch_arguments
from server.store.writers import Entry

steps = st.lists(st.tuples(st.sampled_from(["put", "delete"]), st.sampled_from(["a", "b", "c"]),
                           st.integers(1, 9)), min_size=1, max_size=12)


def entry(kind: str, rid: str, v: int) -> Entry:
    record = {"id": rid, "kind": "card", "v": v, "text": f"{rid}{v}"}
    change = Change(put=[record]) if kind == "put" else Change(deleted=[record])
    return Entry("card.update", "p1", {"card_id": rid}, change, "2026-01-01T00:00:00Z")


@given(steps)
def test_records_are_written_as_applying_the_ops_one_by_one_would_leave_them(ops):
    table: dict[str, dict] = {}
    for kind, rid, v in ops:
        if kind == "put":
            table[rid] = {"id": rid, "kind": "card", "v": v, "text": f"{rid}{v}"}
        else:
            table.pop(rid, None)
    args = batch_arguments("w1", 10, [entry(*op) for op in ops])
    kept_ids, _, versions, _, gone = args[12:17]
    assert dict(zip(kept_ids, versions)) == {rid: r["v"] for rid, r in table.items()}
    assert set(gone) == {rid for _, rid, _ in ops} - set(table)
    assert not set(kept_ids) & set(gone)  # one statement may not upsert and delete the same row


@given(steps)
def test_every_op_is_its_own_event_with_the_next_seq(ops):
    args = batch_arguments("w1", 10, [entry(*op) for op in ops])
    assert args[1] == 10 and args[2] == 10 + len(ops)
    assert args[3] == list(range(11, 11 + len(ops)))
    assert len(args[4]) == len(ops)


def test_the_tokens_of_a_join_are_stored_only_as_hashes():
    e = entry("put", "p2", 1)
    e.credentials = [("secret-token", "p2")]
    hashes, participants = batch_arguments("w1", 0, [e])[17:19]
    assert participants == ["p2"] and hashes[0] != "secret-token" and len(hashes[0]) == 64
