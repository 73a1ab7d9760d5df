"""The Investment Grid: G1 quadrant boundaries, G2 codes travel, G3 merges keep every code."""
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.unit.gate_helpers import join_workshop, new_workshop
from server.domain.errors import Rejected
from server.domain.grid import quadrant
from server.domain.gate import apply_op
from server.domain.state import OpContext, WorkshopState


@pytest.mark.parametrize("impact,effort,expected", [
    (0.5, 0.0, "quick_win"), (1.0, 0.4999, "quick_win"), (0.5, 0.5, "major_project"), (1.0, 1.0, "major_project"),
    (0.0, 0.0, "fill_in"), (0.4999, 0.4999, "fill_in"), (0.0, 0.5, "thankless_task"), (0.4999, 1.0, "thankless_task"),
])
def test_G1_quadrant_boundaries(impact, effort, expected):
    assert quadrant(impact, effort) == expected


@given(st.floats(0, 1), st.floats(0, 1))
def test_G1_every_point_has_exactly_the_quadrant_of_its_halves(impact, effort):
    top, right = impact >= 0.5, effort >= 0.5
    assert quadrant(impact, effort) == {(True, False): "quick_win", (True, True): "major_project",
                                        (False, False): "fill_in", (False, True): "thankless_task"}[(top, right)]


@pytest.fixture
def grid_setup():
    ids = itertools.count()
    ctx = OpContext("2026-11-26T10:00:00.000Z", lambda p: f"{p}{next(ids)}")
    state = WorkshopState("w")
    change = new_workshop("w", "Grid", None, "Sam", "CODE", ctx)
    state.apply(change)
    fac = change.result["participant_id"]
    c = join_workshop(state, "Ada", None, ctx)
    state.apply(c)
    ada = c.result["participant_id"]

    def run(actor_id, op, **args):
        change = apply_op(state, state.get(actor_id), op, args, ctx)
        state.apply(change)
        return change

    tables = [run(fac, "room.create", type="table").result["room_id"] for _ in range(2)]
    boards = [run(fac, "board.create", type="ideas", room_id=t).result["board_id"] for t in tables]
    run(fac, "room.assign", participant_id=ada, room_id=tables[0])
    return state, fac, ada, run, boards


def test_G2_ideas_carry_table_and_hat_codes_to_the_grid(grid_setup):
    state, fac, ada, run, (b1, b2) = grid_setup
    i1 = run(ada, "card.create", board_id=b1, type="idea", hat="T", text="A buddy scheme").result["card_id"]
    i2 = run(fac, "card.create", board_id=b2, type="idea", hat="R", text="Free buses").result["card_id"]
    assert state.get(i1)["code"] == "1T" and state.get(i2)["code"] == "2R"
    copies = run(fac, "grid.add", card_ids=[i1, i2]).result["card_ids"]
    assert [state.get(c)["code"] for c in copies] == ["1T", "2R"]
    assert all(state.get(c)["quadrant"] is None for c in copies)
    with pytest.raises(Rejected) as e:
        run(fac, "grid.add", card_ids=[i1])
    assert e.value.code == "conflict"
    with pytest.raises(Rejected) as e:
        run(ada, "grid.add", card_ids=[i2])
    assert e.value.code == "forbidden"


def test_grid_place_derives_the_quadrant_and_refuses_out_of_range(grid_setup):
    state, fac, ada, run, (b1, _) = grid_setup
    idea = run(ada, "card.create", board_id=b1, type="idea", hat="C", text="Community cafe").result["card_id"]
    (on_grid,) = run(fac, "grid.add", card_ids=[idea]).result["card_ids"]
    run(ada, "grid.place", card_id=on_grid, impact=0.8, effort=0.2)
    assert state.get(on_grid)["quadrant"] == "quick_win"
    for impact, effort, field in ((1.2, 0.5, "impact"), (0.5, -0.1, "effort")):
        with pytest.raises(Rejected) as e:
            run(ada, "grid.place", card_id=on_grid, impact=impact, effort=effort)
        assert (e.value.code, e.value.field) == ("invalid", field)
    with pytest.raises(Rejected) as e:
        run(ada, "grid.place", card_id=idea, impact=0.5, effort=0.5)  # still on the table board
    assert e.value.code == "invalid"


def test_G3_merge_keeps_every_code_and_the_originals_leave(grid_setup):
    state, fac, ada, run, (b1, b2) = grid_setup
    i1 = run(ada, "card.create", board_id=b1, type="idea", hat="T", text="Buddies").result["card_id"]
    i2 = run(fac, "card.create", board_id=b2, type="idea", hat="C", text="Befrienders").result["card_id"]
    a, b = run(fac, "grid.add", card_ids=[i1, i2]).result["card_ids"]
    change = run(fac, "card.merge", card_ids=[a, b], text="Buddies and befrienders")
    merged = state.get(change.result["card_id"])
    assert merged["code"] == "1T+2C" and merged["merged_from"] == [a, b]
    assert {r["id"] for r in change.deleted} == {a, b}
    assert state.get(a) is None and state.get(b) is None
    with pytest.raises(Rejected):
        run(fac, "card.merge", card_ids=[i1, i2])  # on different boards


def test_L2_people_write_only_on_their_own_table_boards(grid_setup):
    state, fac, ada, run, (b1, b2) = grid_setup
    with pytest.raises(Rejected) as e:
        run(ada, "card.create", board_id=b2, type="idea", hat="T", text="Not my table")
    assert e.value.code == "forbidden" and "Table 2" in e.value.message


def test_G3_an_idea_merged_on_the_grid_is_still_on_it(grid_setup):
    """After two grid copies are merged, either table idea sent again is refused, naming the merged
    idea, and nothing changes (the merged card keeps only the first copy's `source_id`)."""
    state, fac, ada, run, (b1, b2) = grid_setup
    i1 = run(ada, "card.create", board_id=b1, type="idea", hat="T", text="Buddies").result["card_id"]
    i2 = run(fac, "card.create", board_id=b2, type="idea", hat="C", text="Befrienders").result["card_id"]
    a, b = run(fac, "grid.add", card_ids=[i1, i2]).result["card_ids"]
    run(fac, "card.merge", card_ids=[a, b])
    before = {k: dict(v) for k, v in state.records.items()}
    for idea, code in ((i2, "2C"), (i1, "1T")):
        with pytest.raises(Rejected) as e:
            run(fac, "grid.add", card_ids=[idea])
        assert (e.value.code, e.value.field) == ("conflict", "card_ids.0")
        assert e.value.message == f"Idea {code} is already on the grid, merged into 1T+2C."
    assert {k: dict(v) for k, v in state.records.items()} == before


def test_G3_an_idea_merged_on_its_table_board_after_one_part_went_to_the_grid_is_refused(grid_setup):
    state, fac, ada, run, (b1, _) = grid_setup
    i1 = run(ada, "card.create", board_id=b1, type="idea", hat="T", text="Buddies").result["card_id"]
    i2 = run(ada, "card.create", board_id=b1, type="idea", hat="R", text="Walks").result["card_id"]
    run(fac, "grid.add", card_ids=[i1])
    both = run(fac, "card.merge", card_ids=[i1, i2]).result["card_id"]
    before = {k: dict(v) for k, v in state.records.items()}
    with pytest.raises(Rejected) as e:
        run(fac, "grid.add", card_ids=[both])
    assert (e.value.code, e.value.message) == ("conflict", "Part of idea 1T+1R is already on the grid, as 1T.")
    assert {k: dict(v) for k, v in state.records.items()} == before


def test_G3_the_merged_refusal_in_welsh(grid_setup):
    state, fac, ada, run, (b1, b2) = grid_setup
    i1 = run(ada, "card.create", board_id=b1, type="idea", hat="T", text="Buddies").result["card_id"]
    i2 = run(fac, "card.create", board_id=b2, type="idea", hat="C", text="Befrienders").result["card_id"]
    run(fac, "card.merge", card_ids=run(fac, "grid.add", card_ids=[i1, i2]).result["card_ids"])
    with pytest.raises(Rejected) as e:
        run(fac, "grid.add", card_ids=[i2])
    assert e.value.said("cy") == "Mae syniad 2C ar y grid yn barod, wedi’i gyfuno yn 1T+2C."
