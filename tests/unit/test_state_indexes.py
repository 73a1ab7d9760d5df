"""The workshop state's indexes (by kind, by board, by theme, by voter, by author) agree with a full scan of
the records, in the same order, after any sequence of puts, replacements and deletes."""
import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from server.domain.errors import Change
from server.domain.state import Records, WorkshopState

KINDS = ["card", "vote", "poll_answer", "board", "participant"]


def scan(state: WorkshopState, keep) -> list[str]:
    return [r["id"] for r in dict.values(state.records) if keep(r)]


def assert_indexes_agree(state: WorkshopState) -> None:
    """Every lookup the rules make through an index equals the scan it replaced."""
    records = list(dict.values(state.records))
    for kind in {r["kind"] for r in records} | {"nothing"}:
        assert [r["id"] for r in state.of_kind(kind)] == scan(state, lambda r: r["kind"] == kind)
    boards = {r.get("board_id") for r in records} | {"b-none"}
    for board in boards:
        assert [r["id"] for r in state.cards_on(board)] == scan(
            state, lambda r: r["kind"] == "card" and r.get("board_id") == board)
    for theme in {r.get("theme_id") for r in records} | {None, "t-none"}:
        assert [r["id"] for r in state.data_cards_in(theme)] == scan(
            state, lambda r: r["kind"] == "card" and r.get("type") == "data" and r.get("theme_id") == theme)
    for board in boards:
        for person in {r.get("created_by") for r in records} - {None} | {"p-none"}:
            assert state.card_count_by(board, person) == len(scan(
                state, lambda r: r["kind"] == "card" and r.get("board_id") == board and r.get("created_by") == person))
    for r in records:
        if r["kind"] in ("vote", "poll_answer") and r.get("voter_id") is not None:
            target = r.get("round_id") or r.get("poll_id")
            assert [b["id"] for b in state.ballots_of(target, r["voter_id"])] == scan(
                state, lambda b: b["kind"] in ("vote", "poll_answer")
                and (b.get("round_id") or b.get("poll_id")) == target and b.get("voter_id") == r["voter_id"])


def record(rid: str, kind: str, n: int) -> dict:
    r = {"id": rid, "kind": kind, "v": 1}
    if kind == "card":
        r.update(board_id=f"b{n % 3}", type="data" if n % 2 else "theme", theme_id=None if n % 4 < 2 else f"t{n % 3}",
                 created_by=None if n % 7 == 0 else f"p{n % 2}")  # erased or imported: nobody
    elif kind == "vote":
        r.update(round_id=f"r{n % 2}", voter_id=f"p{n % 3}", target_id="x")
    elif kind == "poll_answer":  # some anonymous: no voter in the record
        r.update(poll_id=f"q{n % 2}", **({"voter_id": f"p{n % 3}"} if n % 5 else {}))
    return r


step = st.tuples(st.sampled_from(["put", "put", "put", "delete", "change"]), st.integers(0, 11),
                 st.sampled_from(KINDS), st.integers(0, 23))


@settings(max_examples=300, deadline=None)
@given(st.lists(step, max_size=60))
def test_indexes_agree_with_a_full_scan_after_random_ops(steps):
    state = WorkshopState("w")
    for what, i, kind, n in steps:
        rid = f"r{i}"
        if what == "delete":
            state.apply(Change(deleted=[state.records[rid]] if rid in state.records else []))
        elif what == "change" and rid in state.records:  # a card moved to another board or theme
            state.apply(Change(put=[{**record(rid, state.records[rid]["kind"], n), "v": 2}]))
        else:
            state.apply(Change(put=[record(rid, kind, n)]))
        assert_indexes_agree(state)
    assert_indexes_agree(copy.deepcopy(state))


def test_every_way_of_changing_the_records_keeps_the_indexes():
    records = Records({"a": record("a", "card", 1), "b": record("b", "vote", 2)})
    state = WorkshopState("w", records)
    state.records["c"] = record("c", "card", 3)
    state.records.update({"d": record("d", "poll_answer", 4)})
    state.records.setdefault("e", record("e", "card", 5))
    del state.records["a"]
    state.records.pop("b")
    assert state.records.pop("zz", None) is None
    assert_indexes_agree(state)
    state.records.popitem()
    assert_indexes_agree(state)
    state.records.clear()
    assert list(state.of_kind("card")) == [] and state.ballots_of("q0", "p1") == []
    assert isinstance(WorkshopState("w", {"x": record("x", "card", 1)}).records, Records)
