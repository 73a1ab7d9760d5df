"""Reflective feedback (seed 004): once a person, anonymous, results from 3 answers at the close, rounds over time
(F1–F5)."""
import json

import pytest

from server.domain.errors import Rejected
from server.domain.views import visible
from server.protocol.labels import FEEDBACK_RATINGS
from server.protocol.records import RECORDS

from .facilitation_helpers import Workshop


@pytest.fixture
def feedback():
    w = Workshop(people=["Ada", "Bob", "Cy", "Dee"])
    fid = w.run(w.fac, "feedback.open", place="Leeds").result["feedback_id"]
    return w, fid


FULL = {"equals": 4, "diversity": 5, "better_for_everyone": 3, "brave": 2, "realistic": 4, "opportunities": 5,
        "accessible": 3, "words": ["Collaborative", "engaging"], "self_word": "calm",
        "self_reason": "I was listened to", "satisfaction": 4, "help": "Shorter meetings",
        "more_less": "More of the small groups"}


def test_feedback_open_has_seed_004s_questions_with_the_place_name(feedback):
    w, fid = feedback
    f = w.get(fid)
    RECORDS["feedback"].model_validate(f)
    assert f["status"] == "open" and f["answers"] == 0 and f["results"] is None and f["number"] == 1
    assert list(f["questions"]) == list(FEEDBACK_RATINGS) and len(f["questions"]) == 7
    assert f["questions"]["better_for_everyone"] == "We are focused on making Leeds better for everyone"
    assert f["questions"]["equals"] == "We work together as equals"
    with pytest.raises(Rejected) as e:
        w.run(w.people[0], "feedback.open")
    assert e.value.code == "forbidden"


def test_feedback_answer_F1_once_a_person_and_F2_nothing_names_the_answerer(feedback):
    w, fid = feedback
    ada = w.people[0]
    change = w.run(ada, "feedback.answer", feedback_id=fid, **FULL)
    assert change.anonymous
    (answer,) = [r for r in change.put if r["kind"] == "feedback_answer"]
    RECORDS["feedback_answer"].model_validate(answer)
    text = json.dumps([*w.state.records.values()])
    person = w.get(ada)
    answer_text = json.dumps(answer)
    assert ada not in answer_text and "Ada" not in answer_text and "at" not in answer
    assert all(visible(answer, w.get(p)) is None for p in (w.fac, w.host, ada, w.people[1]))  # reaches nobody
    with pytest.raises(Rejected) as e:
        w.run(ada, "feedback.answer", feedback_id=fid, satisfaction=1)
    assert e.value.code == "conflict" and w.get(fid)["answers"] == 1
    assert person["name"] == "Ada" and text.count('"feedback_answer"') == 1


def test_F3_results_are_hidden_below_3_answers(feedback):
    w, fid = feedback
    w.run(w.people[0], "feedback.answer", feedback_id=fid, **FULL)
    w.run(w.people[1], "feedback.answer", feedback_id=fid, equals=2, words=["slow"], help="More breaks")
    assert w.get(fid)["answers"] == 2 and w.get(fid)["results"] is None
    w.run(w.people[2], "feedback.answer", feedback_id=fid, equals=3, words=["engaging", "Slow"], satisfaction=2,
          self_word="frustrated")
    assert w.get(fid)["answers"] == 3 and w.get(fid)["results"] is None  # F5: worked out at the close
    w.run(w.fac, "feedback.close", feedback_id=fid)
    r = w.get(fid)["results"]
    assert r["answers"] == 3
    assert r["ratings"]["equals"] == {"mean": 3.0, "count": 3, "counts": [0, 1, 1, 1, 0]}
    assert r["ratings"]["brave"] == {"mean": 2.0, "count": 1, "counts": [0, 1, 0, 0, 0]}
    assert r["satisfaction"]["mean"] == 3.0 and r["satisfaction"]["count"] == 2
    assert r["words"] == [{"word": "engaging", "count": 2}, {"word": "slow", "count": 2},
                          {"word": "collaborative", "count": 1}]
    assert r["self_words"] == [{"word": "calm", "count": 1}, {"word": "frustrated", "count": 1}]
    assert sorted(r["help"]) == ["More breaks", "Shorter meetings"] and r["more_less"] == ["More of the small groups"]


def test_F3_two_answers_at_the_close_show_no_results(feedback):
    w, fid = feedback
    for person in w.people[:2]:
        w.run(person, "feedback.answer", feedback_id=fid, equals=1)
    w.run(w.fac, "feedback.close", feedback_id=fid)
    assert w.get(fid)["answers"] == 2 and w.get(fid)["results"] is None


def test_F5_no_answer_can_be_told_by_when_it_came(feedback):
    """What everyone can read changes with an answer only by the count: no results one answer apart to compare,
    and the answer records, which no one receives, say nothing of their order either."""
    w, fid = feedback
    seen = []
    for i, person in enumerate(w.people):
        change = w.run(person, "feedback.answer", feedback_id=fid, equals=i + 1, words=[f"word{i}"],
                       help=f"Idea {i}")
        shown = [visible(r, w.get(w.fac)) for r in change.put]
        assert [r["kind"] for r in shown if r] == ["feedback"]  # staff see the questionnaire, not the answer
        (f,) = [r for r in shown if r]
        seen.append({k: v for k, v in f.items() if k not in ("answers", "v")})
        assert f["answers"] == i + 1
    assert all(s == seen[0] for s in seen) and seen[0]["results"] is None  # after each answer: the same, but the count
    answers = [r for r in w.state.records.values() if r["kind"] == "feedback_answer"]
    assert all(set(a) == {"id", "kind", "v", "feedback_id", "equals", "words", "help"} for a in answers)  # no time
    from server.domain.feedback import answers_to
    assert [a["id"] for a in answers_to(w.state, fid)] == sorted(a["id"] for a in answers)  # not the order given
    w.run(w.fac, "feedback.close", feedback_id=fid)
    r = w.get(fid)["results"]
    assert r["answers"] == 4 and r["ratings"]["equals"]["mean"] == 2.5 and sorted(r["help"]) == [
        f"Idea {i}" for i in range(4)]


def test_F3_free_text_comes_in_random_order(feedback):
    w, fid = feedback
    for i, person in enumerate(w.people):
        w.run(person, "feedback.answer", feedback_id=fid, help=f"Idea {i}")
    orders = set()
    for _ in range(8):  # the results are shuffled again with each computation
        from server.domain.feedback import results
        answers = [a for a in w.state.of_kind("feedback_answer")]
        orders.add(tuple(results(answers, w.ctx)["help"]))
    assert len(orders) > 1 and all(sorted(o) == [f"Idea {i}" for i in range(4)] for o in orders)


def test_feedback_answer_checks_every_answer(feedback):
    w, fid = feedback
    bad = [({"equals": 6}, "equals"), ({"satisfaction": 0}, "satisfaction"), ({"words": ["a"] * 5}, "words"),
           ({"words": ["x" * 31]}, "words"), ({"self_word": "x" * 31}, "self_word"),
           ({"help": "x" * 1001}, "help"), ({}, "feedback_id"), ({"words": ["  "], "help": " "}, "feedback_id")]
    for args, field in bad:
        with pytest.raises(Rejected) as e:
            w.run(w.people[0], "feedback.answer", feedback_id=fid, **args)
        assert (e.value.code, e.value.field) == ("invalid", field), args
    with pytest.raises(Rejected) as e:
        w.run(w.projector, "feedback.answer", feedback_id=fid, equals=3)
    assert e.value.code == "forbidden"
    assert w.get(fid)["answers"] == 0


def test_feedback_close_F4_then_no_answers_and_a_new_round_at_a_check_in(feedback):
    w, fid = feedback
    with pytest.raises(Rejected) as e:
        w.run(w.fac, "feedback.open")
    assert e.value.code == "conflict"
    w.run(w.host, "feedback.close", feedback_id=fid)
    with pytest.raises(Rejected) as e:
        w.run(w.people[0], "feedback.answer", feedback_id=fid, equals=3)
    assert e.value.code == "vote_closed"
    with pytest.raises(Rejected) as e:
        w.run(w.fac, "feedback.close", feedback_id=fid)
    assert e.value.code == "vote_closed"
    second = w.run(w.fac, "feedback.open").result["feedback_id"]
    assert w.get(second)["number"] == 2 and w.get(second)["place"] == "our area"
    w.run(w.people[0], "feedback.answer", feedback_id=second, equals=5)  # a new round: Ada answers again
    assert w.get(second)["answers"] == 1
