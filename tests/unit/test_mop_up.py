"""The mop-up meeting: what was not chosen, what cuts across, ideas not taken forward, parking (M1–M5)."""
import pytest

from server.domain.errors import Rejected
from server.domain.mop_up import key_words, mop_up
from server.domain.progress import progress, status_words

from .facilitation_helpers import Workshop


@pytest.fixture
def workshop():
    """Themes on the three boards, one given to a table; ideas with dots, one planned; parking items."""
    w = Workshop(people=["Ada", "Bob"])
    boards = {b["type"]: b["id"] for b in w.state.of_kind("board")}

    def theme(board, text, *cards):
        t = w.run(w.fac, "card.create", board_id=boards[board], type="theme", text=text).result["card_id"]
        for words in cards:
            c = w.run(w.fac, "card.create", board_id=boards[board], type="data", text=words).result["card_id"]
            w.run(w.fac, "card.group", card_id=c, theme_id=t)
        return t

    ids = {
        "lonely": theme("nww", "I am lonely in the evenings", "No one visits", "Evenings are long", "I miss friends"),
        "bus": theme("nww", "I cannot get the bus", "The buses stop at six", "Buses are late"),
        "carers": theme("nww", "My carers change", "New carer every week"),
        "friends": theme("ww", "I see my friends at the club", "My friends visit on Sunday"),
        "transport": theme("iff", "I want transport at night", "Buses after six"),
        "garden": theme("ww", "I like the garden"),
    }
    table = w.run(w.fac, "room.create", type="table").result["room_id"]
    w.run(w.fac, "tables.give_themes", theme_ids=[ids["bus"]])
    idea_board = w.run(w.fac, "board.create", type="ideas", room_id=table).result["board_id"]
    ideas = {name: w.run(w.fac, "card.create", board_id=idea_board, type="idea", hat=hat, text=text).result["card_id"]
             for name, hat, text in (("bus", "T", "A late bus"), ("buddy", "C", "A buddy scheme"),
                                     ("taxi", "R", "Free taxis"))}
    rid = w.run(w.fac, "round.open", board_id=idea_board, per_person=3, per_target=2).result["round_id"]
    for person, picks in ((w.people[0], ("bus", "bus", "taxi")), (w.people[1], ("taxi", "taxi", "buddy"))):
        for pick in picks:
            w.run(person, "vote.cast", round_id=rid, target_id=ideas[pick])
    w.run(w.fac, "round.close", round_id=rid)
    copies = w.run(w.fac, "grid.add", card_ids=[ideas["bus"], ideas["buddy"]]).result["card_ids"]
    w.run(w.fac, "grid.place", card_id=copies[0], impact=0.9, effort=0.2)
    w.run(w.fac, "grid.place", card_id=copies[1], impact=0.2, effort=0.2)
    plan_board = w.run(w.fac, "board.create", type="action_plan", room_id=table).result["board_id"]
    plan = w.run(w.fac, "plan.create", board_id=plan_board, idea_id=copies[0]).result["plan_id"]
    parking = next(b["id"] for b in w.state.of_kind("board") if b["type"] == "parking")
    first = w.run(w.people[0], "card.create", board_id=parking, type="note", text="Ask about funding").result["card_id"]
    w.run(w.people[1], "card.create", board_id=parking, type="note", text="Who runs the club?")
    w.run(w.fac, "parking.review", card_id=first, reviewed=True, response="The council will say in May")
    return w, ids, ideas, plan


def test_M1_themes_not_chosen_most_cards_first_without_the_tables_theme(workshop):
    w, ids, *_ = workshop
    rows = mop_up(w.state)["themes_not_chosen"]
    assert [r["theme_id"] for r in rows] == [ids["lonely"], ids["carers"], ids["friends"], ids["transport"],
                                             ids["garden"]]
    assert rows[0] == {"theme_id": ids["lonely"], "text": "I am lonely in the evenings", "board": "nww",
                       "board_title": "NOT WORKING WELL", "cards": 3, "taken_to": None}
    assert ids["bus"] not in {r["theme_id"] for r in rows}  # the table got it


def test_M2_cross_cutting_themes_say_why_and_only_across_boards(workshop):
    w, ids, *_ = workshop
    groups = mop_up(w.state)["cross_cutting"]
    by_ids = {frozenset(g["theme_ids"]): g for g in groups}
    bus_transport = by_ids[frozenset({ids["bus"], ids["transport"]})]
    assert bus_transport["boards"] == ["nww", "iff"] and "bus" in bus_transport["words"]
    assert "“bus”" in bus_transport["why"] and "the group decides" in bus_transport["why"].lower()
    lonely_friends = by_ids[frozenset({ids["lonely"], ids["friends"]})]
    assert "friend" in lonely_friends["words"]
    for g in groups:
        assert len(set(g["boards"])) == len(g["boards"]) or len(set(g["boards"])) >= 2
        assert len(set(g["boards"])) >= 2  # never two themes of one board
    assert frozenset({ids["garden"]}) not in by_ids and not any(ids["garden"] in g["theme_ids"] for g in groups)


def test_M2_key_words_leave_common_words_out_and_match_plurals():
    assert key_words("I can't get the buses at night") == {"can't", "bus", "night"}
    assert key_words("the buses") == key_words("a bus")
    assert key_words("I am not able to go") == set()


def test_M3_ideas_not_taken_most_dots_first_a_copy_counted_once(workshop):
    w, ids, ideas, plan = workshop
    rows = mop_up(w.state)["ideas_not_taken"]
    assert [(r["card_id"], r["dots"]) for r in rows] == [(ideas["taxi"], 3), (ideas["buddy"], 1)]
    assert rows[1]["quadrant"] == "fill_in" and rows[0]["quadrant"] is None
    assert ideas["bus"] not in {r["card_id"] for r in rows}  # its grid copy has the plan


def test_M4_parking_items_with_their_responses(workshop):
    w, *_ = workshop
    rows = mop_up(w.state)["parking"]
    assert [(r["text"], r["reviewed"], r["response"]) for r in rows] == [
        ("Ask about funding", True, "The council will say in May"), ("Who runs the club?", False, None)]


def test_mop_up_note_M5_taken_to_even_on_a_locked_day_1_board(workshop):
    w, ids, ideas, _ = workshop
    w.run(w.fac, "day.begin", day=2)  # Day 1's boards are locked now
    w.run(w.host, "mop_up.note", item_id=ids["lonely"], taken_to="  the befriending  network ")
    assert w.get(ids["lonely"])["taken_to"] == "the befriending network" and w.get(ids["lonely"])["taken_by"] == w.host
    assert mop_up(w.state)["themes_not_chosen"][0]["taken_to"] == "the befriending network"
    with pytest.raises(Rejected) as e:  # a locked board still refuses real changes
        w.run(w.fac, "card.update", card_id=ids["lonely"], text="Changed")
    assert e.value.code == "conflict"
    with pytest.raises(Rejected) as e:
        w.run(w.people[0], "mop_up.note", item_id=ids["lonely"], taken_to="x")
    assert e.value.code == "forbidden"
    with pytest.raises(Rejected) as e:
        w.run(w.fac, "mop_up.note", item_id=ideas["taxi"], taken_to="x" * 201)
    assert e.value.field == "taken_to"
    w.run(w.fac, "mop_up.note", item_id=ids["lonely"], taken_to=None)
    assert w.get(ids["lonely"])["taken_to"] is None


def test_mop_up_plan_M5_an_idea_becomes_a_new_plan_once(workshop):
    w, ids, ideas, _ = workshop
    result = w.run(w.fac, "mop_up.plan", item_id=ideas["taxi"]).result
    plan = w.get(result["plan_id"])
    assert plan["idea_text"] == "Free taxis" and plan["status"] == "planned" and plan["from_mop_up"]
    assert w.get(result["board_id"])["type"] == "action_plan" and w.get(ideas["taxi"])["taken_to"] == "a new action plan"
    assert ideas["taxi"] not in {r["card_id"] for r in mop_up(w.state)["ideas_not_taken"]}
    with pytest.raises(Rejected) as e:
        w.run(w.fac, "mop_up.plan", item_id=ideas["taxi"])
    assert e.value.code == "conflict"
    theme_plan = w.run(w.fac, "mop_up.plan", item_id=ids["carers"]).result["plan_id"]
    assert w.get(theme_plan)["code"] is None
    data_card = next(c["id"] for c in w.state.data_cards_in(ids["carers"]))
    with pytest.raises(Rejected) as e:
        w.run(w.fac, "mop_up.plan", item_id=data_card)
    assert e.value.field == "item_id"


def test_progress_lists_plans_with_status_in_words_and_next_check_in(workshop):
    w, ids, ideas, plan = workshop
    ada = w.people[0]
    w.run(w.fac, "plan.set_lead", plan_id=plan, participant_id=ada)
    w.run(w.fac, "plan.follow_up", plan_id=plan, start="2026-11-01")
    w.run(ada, "plan.set_status", plan_id=plan, status="stuck", reason="Waiting for the bus company")
    view = progress(w.state, w.get(ada), "2026-11-30")
    (p,) = view["plans"]
    assert (p["code"], p["idea"], p["lead"], p["status"], p["status_words"]) == (
        "1T", "A late bus", "Ada", "stuck", "Stuck: Waiting for the bus company")
    assert p["next_checkin"]["label"] == "2–4 weeks: check and challenge" and p["next_checkin"]["is_due"]
    assert p["next_checkin"]["due_words"] == "22 November 2026"
    assert [h["by"] for h in p["history"]] == ["Sam", "Ada"] and p["last_update"]["by"] == "Ada"
    assert view["my_plan_ids"] == [plan] and len(view["due_checkins"]) == 1
    bob = progress(w.state, w.get(w.people[1]), "2026-11-30")
    assert bob["due_checkins"] == [] and bob["plans"] == view["plans"]
    assert len(progress(w.state, w.get(w.host), "2026-11-30")["due_checkins"]) == 1
    assert status_words("on_track", None) == "On track"


def test_the_mop_up_view_says_its_own_words_in_the_readers_language(workshop):
    """Board titles and the "why" of a suggestion in Welsh for a Welsh reader; the shared words as written."""
    w, ids, *_ = workshop
    view = mop_up(w.state, "cy")
    assert view["themes_not_chosen"][0]["board_title"] == "DDIM YN GWEITHIO’N DDA"
    by_ids = {frozenset(g["theme_ids"]): g for g in view["cross_cutting"]}
    why = by_ids[frozenset({ids["bus"], ids["transport"]})]["why"]
    assert why.startswith("Awgrymwyd am fod ") and "“bus”" in why and "Ddim yn gweithio’n dda a Pwysig" in why, why
    for english in ("Suggested", "share", " and ", "across", "Not working well", "The group decides"):
        assert english not in why, english


def test_M3_an_idea_merged_on_the_grid_into_a_planned_one_is_taken():
    """A plan on a merged grid idea (1T+1C) took both table ideas forward: neither is 'not taken'."""
    w = Workshop(people=["Ada"])
    table = w.run(w.fac, "room.create", type="table").result["room_id"]
    board = w.run(w.fac, "board.create", type="ideas", room_id=table).result["board_id"]
    ideas = [w.run(w.fac, "card.create", board_id=board, type="idea", hat=hat, text=text).result["card_id"]
             for hat, text in (("T", "Buddies"), ("C", "Befrienders"), ("R", "Free taxis"))]
    copies = w.run(w.fac, "grid.add", card_ids=ideas[:2]).result["card_ids"]
    merged = w.run(w.fac, "card.merge", card_ids=copies).result["card_id"]
    w.run(w.fac, "grid.place", card_id=merged, impact=0.9, effort=0.2)
    plans = w.run(w.fac, "board.create", type="action_plan", room_id=table).result["board_id"]
    w.run(w.fac, "plan.create", board_id=plans, idea_id=merged)
    assert [r["card_id"] for r in mop_up(w.state)["ideas_not_taken"]] == [ideas[2]]
