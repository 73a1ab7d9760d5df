"""The agenda templates and the welcome board (issue: Day 1 on the board)."""
import pytest

from server.domain.agenda import DAY_1, DAY_2, STAGES, QUESTIONS
from server.domain.errors import Rejected

from .facilitation_helpers import Workshop


def test_a_new_workshop_has_the_guides_agendas_ways_of_working_and_a_parking_space():
    w = Workshop()
    workshop = w.state.workshop()
    assert [(i["day"], i["time"], i["title"]) for i in workshop["agenda"]][:3] == [
        (1, "10:00", "Welcome"), (1, "10:20", "Discuss the Working Together for Change approach"),
        (1, "10:35", "Local context")]
    assert workshop["agenda"][-1] == {"key": "finish_2", "day": 2, "time": "15:00", "title": "Finish", "boards": []}
    assert len(workshop["agenda"]) == len(DAY_1) + len(DAY_2)
    assert "Mobiles on silent" in workshop["ways_of_working"]["in_person"]
    assert "Use the chat and raise your hand" in workshop["ways_of_working"]["online"]
    assert [b["type"] for b in w.state.of_kind("board")].count("parking") == 1
    assert len(STAGES) == 8 and [q for q, _ in QUESTIONS] == ["ww", "nww", "iff"]


def test_agenda_update_edits_the_agenda_and_moves_to_the_next_activity():
    w = Workshop()
    w.run(w.fac, "agenda.update", items=[{"key": "welcome", "day": 1, "time": "09:30", "title": "Welcome",
                                          "boards": ["welcome"]},
                                         {"day": 1, "time": "09:50", "title": "Working Well theming", "boards": ["ww"]}])
    agenda = w.state.workshop()["agenda"]
    assert agenda[1]["key"] == "item_2" and agenda[0]["time"] == "09:30"
    w.run(w.fac, "workshop.update", activity="item_2")
    assert w.state.workshop()["activity"] == "item_2"
    for bad, field in (({"day": 3, "title": "x"}, "items.0.day"), ({"day": 1, "time": "25:00", "title": "x"}, "items.0.time"),
                       ({"day": 1, "title": " "}, "items.0.title"), ({"day": 1, "title": "x", "boards": ["moon"]}, "items.0.boards")):
        with pytest.raises(Rejected) as e:
            w.run(w.fac, "agenda.update", items=[bad])
        assert e.value.field == field
    with pytest.raises(Rejected) as e:
        w.run(w.host, "agenda.update", items=[])
    assert e.value.code == "forbidden"


def test_welcome_update_names_the_team_with_their_roles_and_the_parking_reviewer():
    w = Workshop()
    w.run(w.fac, "welcome.update", team=[{"name": "Roma", "role": "Recorder"}, {"name": "Ali", "role": "Idea Seeder"}],
          parking_reviewer="Kirsty", ways_of_working={"in_person": ["Equal space"], "online": ["Cameras on if you can"]})
    workshop = w.state.workshop()
    assert workshop["team"][1] == {"name": "Ali", "role": "Idea Seeder"}
    assert workshop["parking_reviewer"] == "Kirsty"
    assert workshop["ways_of_working"]["online"] == ["Cameras on if you can"]
    with pytest.raises(Rejected) as e:
        w.run(w.fac, "welcome.update", team=[{"name": "Bo", "role": "Boss"}])
    assert e.value.code == "invalid"


def test_parking_review_anyone_adds_to_the_parking_space_and_staff_mark_items_reviewed():
    w = Workshop()
    parking = next(b for b in w.state.of_kind("board") if b["type"] == "parking")
    item = w.run(w.people[0], "card.create", board_id=parking["id"], type="note",
                 text="What about transport in the evenings?").result["card_id"]
    with pytest.raises(Rejected) as e:
        w.run(w.people[1], "parking.review", card_id=item, response="ok")
    assert e.value.code == "forbidden"
    w.run(w.host, "parking.review", card_id=item, response="Bus company invited to the next meeting")
    card = w.get(item)
    assert card["reviewed"] and card["response"] == "Bus company invited to the next meeting"
