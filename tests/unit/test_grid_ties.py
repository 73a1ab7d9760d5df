"""G4: a tie at a table's cut-off for the Investment Grid is the facilitator's choice, never silent."""
import pytest

from server.domain.errors import Rejected

from .facilitation_helpers import Workshop


@pytest.fixture
def voted():
    """Two tables' ideas after a closed vote: Table 1 has 1T 3, 1C 2, 1R 1, 1X 1 (1R and 1X joint 3rd);
    Table 2 has 2T 2, 2C 1 (no tie: fewer ideas with dots than places)."""
    w = Workshop(people=["Ada", "Bob", "Cy", "Di"])
    tables = [w.run(w.fac, "room.create", type="table").result["room_id"] for _ in range(2)]
    boards = [w.run(w.fac, "board.create", type="ideas", room_id=t).result["board_id"] for t in tables]
    ideas = {}
    for n, (board, names) in enumerate(zip(boards, (["first", "second", "third", "fourth"], ["2T", "2C"])), 1):
        for name, hat in zip(names, "TCRT"):
            ideas[name] = w.run(w.fac, "card.create", board_id=board, type="idea", hat=hat,
                                text=f"Idea {name}").result["card_id"]
    rid = w.run(w.fac, "round.open", board_id=boards[0], board_ids=boards, per_person=3,
                per_target=2).result["round_id"]
    first, second, third, fourth = "first", "second", "third", "fourth"
    picks = {w.people[0]: [first, first, second], w.people[1]: [first, second, third],
             w.people[2]: [fourth, "2T", "2T"], w.people[3]: ["2C"]}
    for person, targets in picks.items():
        for code in targets:
            w.run(person, "vote.cast", round_id=rid, target_id=ideas[code])
    w.run(w.fac, "round.close", round_id=rid)
    return w, rid, ideas, (first, second, third, fourth)


def test_G4_a_tie_at_the_cut_off_sends_nothing_and_names_the_tied_ideas(voted):
    w, rid, ideas, (first, second, third, fourth) = voted
    before = len(w.state.records)
    with pytest.raises(Rejected) as e:
        w.run(w.fac, "grid.add_top", round_id=rid, per_table=3)
    assert e.value.code == "conflict" and e.value.field == "chosen"
    assert "Table 1: ideas 1R “Idea third” and 1T “Idea fourth” are joint 3rd with 1 dot each." in e.value.message
    assert "Choose which" in e.value.message and "Table 2" not in e.value.message
    assert len(w.state.records) == before  # nothing sent, no grid board made


def test_G4_the_facilitator_chooses_among_the_tied(voted):
    w, rid, ideas, (first, second, third, fourth) = voted
    copies = w.run(w.fac, "grid.add_top", round_id=rid, per_table=3, chosen=[ideas[fourth]]).result["card_ids"]
    assert sorted(w.get(c)["text"] for c in copies) == sorted(f"Idea {x}" for x in [first, second, fourth, "2T", "2C"])


def test_G4_the_facilitator_may_send_every_tied_idea(voted):
    w, rid, ideas, (first, second, third, fourth) = voted
    copies = w.run(w.fac, "grid.add_top", round_id=rid, per_table=3,
                   chosen=[ideas[third], ideas[fourth]]).result["card_ids"]
    assert sorted(w.get(c)["text"] for c in copies) == sorted(f"Idea {x}" for x in [first, second, third, fourth, "2T", "2C"])


def test_G4_only_tied_ideas_can_be_chosen(voted):
    w, rid, ideas, _ = voted
    with pytest.raises(Rejected) as e:
        w.run(w.fac, "grid.add_top", round_id=rid, per_table=3, chosen=[ideas["2T"]])
    assert (e.value.code, e.value.field) == ("invalid", "chosen.0")


def test_G4_no_tie_at_the_cut_off_needs_no_choice(voted):
    """With places for 2, Table 1's cut-off falls between 3 and 2 dots: no tie there, and none on Table 2."""
    w, rid, ideas, (first, second, _, _) = voted
    copies = w.run(w.fac, "grid.add_top", round_id=rid, per_table=2).result["card_ids"]
    assert sorted(w.get(c)["text"] for c in copies) == sorted(f"Idea {x}" for x in [first, second, "2T", "2C"])


def test_G4_when_every_tied_idea_fits_there_is_nothing_to_choose(voted):
    w, rid, ideas, _ = voted
    copies = w.run(w.fac, "grid.add_top", round_id=rid, per_table=4).result["card_ids"]
    assert len(copies) == 6
    assert w.run(w.fac, "grid.add_top", round_id=rid, per_table=4).put == []  # already there


def test_G4_a_tied_idea_sent_on_its_own_decides_the_tie(voted):
    w, rid, ideas, _ = voted
    w.run(w.fac, "grid.add", card_ids=[ideas["third"]])
    copies = w.run(w.fac, "grid.add_top", round_id=rid, per_table=3).result["card_ids"]
    assert sorted(w.get(c)["text"] for c in copies) == ["Idea 2C", "Idea 2T", "Idea first", "Idea second"]
    on_grid = {c.get("source_id") for c in w.state.of_kind("card") if c.get("source_id")}
    assert ideas["fourth"] not in on_grid


def test_G4_a_tie_is_said_all_in_welsh_to_a_welsh_reader(voted):
    """The tie sentence goes into the refusal as a Phrase: said in the reader's language, the table's
    default name, the "and", the place and the dots too; the ideas' codes and words as written."""
    w, rid, ideas, _ = voted
    with pytest.raises(Rejected) as e:
        w.run(w.fac, "grid.add_top", round_id=rid, per_table=3)
    welsh = e.value.said("cy")
    assert welsh.startswith("Grŵp 1: mae’r syniadau 1R “Idea third” a 1T “Idea fourth” yn 3ydd ar y cyd, gyda 1 dot yr un. ")
    assert welsh.endswith(" Dewiswch pa rai ohonyn nhw sy’n mynd i’r grid.")
    for english in ("Table", "ideas", " and ", "joint", "3rd", "dot each", "Choose"):
        assert english not in welsh, english
    assert "are joint 3rd with 1 dot each." in e.value.said("en")


def test_G3_top_ideas_merged_on_the_grid_are_not_sent_again(voted):
    """Sending the top ideas again after two of their grid copies were merged sends nothing: the
    second idea is on the grid inside the merged one (it was sent a second time)."""
    w, rid, ideas, (first, second, third, fourth) = voted
    copies = w.run(w.fac, "grid.add_top", round_id=rid, per_table=3, chosen=[ideas[fourth]]).result["card_ids"]
    by_text = {w.get(c)["text"]: c for c in copies}
    w.run(w.fac, "card.merge", card_ids=[by_text["Idea 2T"], by_text["Idea 2C"]])
    before = {k: dict(v) for k, v in w.state.records.items()}
    again = w.run(w.fac, "grid.add_top", round_id=rid, per_table=3, chosen=[ideas[fourth]])
    assert not again.put and {k: dict(v) for k, v in w.state.records.items()} == before
