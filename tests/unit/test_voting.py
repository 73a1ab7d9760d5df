"""Dot voting rules V1–V6 (docs/rules.md), including properties over random cast/retract sequences."""
import itertools
import pickle
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit.gate_helpers import join_workshop, new_workshop
from server.domain.errors import Rejected
from server.domain.gate import apply_op
from server.domain.state import OpContext, WorkshopState
from server.domain.views import visible
from server.domain.voting import results


def fresh(voters: int = 3, themes: int = 3):
    ids = itertools.count()
    ctx = OpContext("2026-11-26T10:00:00.000Z", lambda p: f"{p}{next(ids)}")
    state = WorkshopState("w")
    change = new_workshop("w", "Voting", None, "Sam", "CODE", ctx)
    state.apply(change)
    fac = state.get(change.result["participant_id"])
    people = []
    for i in range(voters):
        c = join_workshop(state, f"P{i}", None, ctx)
        state.apply(c)
        people.append(state.get(c.result["participant_id"]))
    nww = next(b for b in state.of_kind("board") if b["type"] == "nww")
    theme_ids = []
    for i in range(themes):
        c = apply_op(state, fac, "card.create", {"board_id": nww["id"], "type": "theme", "text": f"I am {i}"}, ctx)
        state.apply(c)
        theme_ids.append(c.result["card_id"])
    return state, ctx, fac, people, nww, theme_ids


def run(state, ctx, actor, op, **args):
    change = apply_op(state, state.get(actor["id"]), op, args, ctx)
    state.apply(change)
    return change


def open_round(state, ctx, fac, board, **settings_):
    return run(state, ctx, fac, "round.open", board_id=board["id"], **settings_).result["round_id"]


def test_V1_three_dots_a_person_by_default():
    state, ctx, fac, (ada, *_), nww, themes = fresh()
    rid = open_round(state, ctx, fac, nww)
    for t in themes:
        run(state, ctx, ada, "vote.cast", round_id=rid, target_id=t)
    with pytest.raises(Rejected) as e:
        run(state, ctx, ada, "vote.cast", round_id=rid, target_id=themes[0])
    assert e.value.code == "vote_limit"
    assert "3 dots" in e.value.message


def test_V2_at_most_two_dots_on_one_theme():
    state, ctx, fac, (ada, *_), nww, themes = fresh()
    rid = open_round(state, ctx, fac, nww)
    run(state, ctx, ada, "vote.cast", round_id=rid, target_id=themes[0])
    run(state, ctx, ada, "vote.cast", round_id=rid, target_id=themes[0])
    with pytest.raises(Rejected) as e:
        run(state, ctx, ada, "vote.cast", round_id=rid, target_id=themes[0])
    assert e.value.code == "vote_target_limit"
    assert e.value.message == "You already put 2 dots on this theme."


def test_a_refused_dot_says_one_dot_not_1_dots_in_english_and_welsh():
    """With one dot a person (or one a card) the refusal uses the catalogue's plural forms, not "1 dots"."""
    state, ctx, fac, (ada, *_), nww, themes = fresh()
    rid = open_round(state, ctx, fac, nww, per_person=1, per_target=1)
    run(state, ctx, ada, "vote.cast", round_id=rid, target_id=themes[0])
    with pytest.raises(Rejected) as e:
        run(state, ctx, ada, "vote.cast", round_id=rid, target_id=themes[1])
    assert e.value.code == "vote_limit"
    assert e.value.message == "You have used your 1 dot. Take it back to move it."
    assert e.value.said("cy") == "Rydych chi wedi defnyddio’ch 1 dot. Cymerwch hi’n ôl i’w symud."
    state, ctx, fac, (ada, *_), nww, themes = fresh()
    rid = open_round(state, ctx, fac, nww, per_person=3, per_target=1)
    run(state, ctx, ada, "vote.cast", round_id=rid, target_id=themes[0])
    with pytest.raises(Rejected) as e:
        run(state, ctx, ada, "vote.cast", round_id=rid, target_id=themes[0])
    assert e.value.code == "vote_target_limit"
    assert e.value.message == "You already put 1 dot on this theme."
    assert e.value.said("cy") == "Rydych chi eisoes wedi rhoi 1 dot ar y thema hon."
    assert pickle.loads(pickle.dumps(e.value)).said("cy") == e.value.said("cy")  # whole across processes


def test_V1_V2_limits_are_settings_of_the_round():
    state, ctx, fac, (ada, *_), nww, themes = fresh()
    rid = open_round(state, ctx, fac, nww, per_person=5, per_target=5)
    for _ in range(5):
        run(state, ctx, ada, "vote.cast", round_id=rid, target_id=themes[0])
    assert state.get(rid)["tallies"] == {themes[0]: 5}


@pytest.mark.parametrize("per_person,per_target", [(0, 1), (3, 0), (2, 3), (21, 2)])
def test_round_open_settings_out_of_range_are_refused(per_person, per_target):
    state, ctx, fac, _, nww, _ = fresh()
    with pytest.raises(Rejected) as e:
        open_round(state, ctx, fac, nww, per_person=per_person, per_target=per_target)
    assert e.value.code == "invalid"


def test_V3_one_open_round_per_board():
    state, ctx, fac, _, nww, _ = fresh()
    open_round(state, ctx, fac, nww)
    with pytest.raises(Rejected) as e:
        open_round(state, ctx, fac, nww)
    assert e.value.code == "conflict"


def test_V4_after_close_nothing_changes():
    state, ctx, fac, (ada, *_), nww, themes = fresh()
    rid = open_round(state, ctx, fac, nww)
    run(state, ctx, ada, "vote.cast", round_id=rid, target_id=themes[0])
    run(state, ctx, fac, "round.close", round_id=rid)
    for op in ("vote.cast", "vote.retract"):
        with pytest.raises(Rejected) as e:
            run(state, ctx, ada, op, round_id=rid, target_id=themes[0])
        assert e.value.code == "vote_closed"
    with pytest.raises(Rejected) as e:
        run(state, ctx, fac, "round.close", round_id=rid)
    assert e.value.code == "vote_closed"
    assert state.get(rid)["tallies"] == {themes[0]: 1}


def test_only_staff_open_and_close_and_projectors_never_vote():
    state, ctx, fac, (ada, bob, *_), nww, themes = fresh()
    with pytest.raises(Rejected) as e:
        open_round(state, ctx, ada, nww)
    assert e.value.code == "forbidden"
    rid = open_round(state, ctx, fac, nww)
    with pytest.raises(Rejected) as e:
        run(state, ctx, ada, "round.close", round_id=rid)
    assert e.value.code == "forbidden"
    run(state, ctx, fac, "participant.set_role", participant_id=bob["id"], role="projector")
    with pytest.raises(Rejected) as e:
        run(state, ctx, bob, "vote.cast", round_id=rid, target_id=themes[0])
    assert e.value.code == "forbidden"


def test_vote_cast_only_on_themes_of_the_round_board():
    state, ctx, fac, (ada, *_), nww, themes = fresh()
    ww = next(b for b in state.of_kind("board") if b["type"] == "ww")
    other = run(state, ctx, fac, "card.create", board_id=ww["id"], type="theme", text="I like it").result["card_id"]
    data = run(state, ctx, fac, "card.create", board_id=nww["id"], type="data", text="an answer").result["card_id"]
    rid = open_round(state, ctx, fac, nww)
    for target in (other, data):
        with pytest.raises(Rejected) as e:
            run(state, ctx, ada, "vote.cast", round_id=rid, target_id=target)
        assert e.value.code == "invalid" and e.value.field == "target_id"


def test_vote_retract_takes_one_dot_back_and_nothing_to_take_back_is_invalid():
    state, ctx, fac, (ada, *_), nww, themes = fresh()
    rid = open_round(state, ctx, fac, nww)
    run(state, ctx, ada, "vote.cast", round_id=rid, target_id=themes[0])
    run(state, ctx, ada, "vote.retract", round_id=rid, target_id=themes[0])
    assert state.get(rid)["tallies"] == {}
    assert not list(state.of_kind("vote"))
    with pytest.raises(Rejected) as e:
        run(state, ctx, ada, "vote.retract", round_id=rid, target_id=themes[0])
    assert e.value.code == "invalid"


def test_V5_votes_reach_only_their_voter_and_V6_hidden_tallies_only_staff():
    state, ctx, fac, (ada, bob, *_), nww, themes = fresh()
    rid = open_round(state, ctx, fac, nww, hidden=True)
    change = run(state, ctx, ada, "vote.cast", round_id=rid, target_id=themes[0])
    vote = next(r for r in change.put if r["kind"] == "vote")
    assert visible(vote, ada) == vote
    assert visible(vote, bob) is None
    assert visible(vote, fac) is None
    round_ = state.get(rid)
    assert "tallies" not in visible(round_, bob) and "dots_used" not in visible(round_, bob)
    assert visible(round_, fac)["tallies"] == {themes[0]: 1}
    assert visible(round_, fac)["dots_used"] == {ada["id"]: 1}
    run(state, ctx, fac, "round.close", round_id=rid)
    assert visible(state.get(rid), bob)["tallies"] == {themes[0]: 1}


def test_round_abstain_is_recorded_and_can_be_undone():
    state, ctx, fac, (ada, *_), nww, _ = fresh()
    rid = open_round(state, ctx, fac, nww)
    run(state, ctx, ada, "round.abstain", round_id=rid)
    assert state.get(rid)["abstained"] == [ada["id"]]
    run(state, ctx, ada, "round.abstain", round_id=rid, abstain=False)
    assert state.get(rid)["abstained"] == []


def test_results_sorted_by_dots_with_ties_together():
    round_ = {"tallies": {"a": 3, "b": 5, "c": 3}}
    cards = [{"id": x} for x in "abcd"]
    assert [(dots, [c["id"] for c in group]) for dots, group in results(round_, cards)] == \
        [(5, ["b"]), (3, ["a", "c"]), (0, ["d"])]


moves = st.lists(st.tuples(st.sampled_from(["cast", "retract"]), st.integers(0, 5), st.integers(0, 3)),
                 max_size=80)


@settings(max_examples=150, deadline=None)
@given(moves=moves, per_person=st.integers(1, 5), per_target=st.integers(1, 3), close_at=st.integers(0, 80))
def test_V1_V2_V4_hold_over_any_cast_and_retract_sequence(moves, per_person, per_target, close_at):
    per_target = min(per_target, per_person)
    state, ctx, fac, people, nww, themes = fresh(voters=6, themes=4)
    rid = open_round(state, ctx, fac, nww, per_person=per_person, per_target=per_target)
    closed_tallies = None
    for i, (what, who, target) in enumerate(moves):
        if i == close_at:
            run(state, ctx, fac, "round.close", round_id=rid)
            closed_tallies = dict(state.get(rid)["tallies"])
        before = {k: dict(v) for k, v in state.records.items()}
        try:
            run(state, ctx, people[who], f"vote.{what}", round_id=rid, target_id=themes[target])
        except Rejected:
            assert state.records == before  # a refused op changes nothing
        votes = list(state.of_kind("vote"))
        per_voter = Counter(v["voter_id"] for v in votes)
        per_pair = Counter((v["voter_id"], v["target_id"]) for v in votes)
        assert all(n <= per_person for n in per_voter.values())
        assert all(n <= per_target for n in per_pair.values())
        round_ = state.get(rid)
        assert round_["tallies"] == dict(Counter(v["target_id"] for v in votes))
        assert round_["dots_used"] == dict(per_voter)
        if closed_tallies is not None:
            assert round_["tallies"] == closed_tallies
