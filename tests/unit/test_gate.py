"""The one gate (server/domain/gate.py) and the rules every op obeys (server/domain/guards.py)."""
import pytest

from server.domain.errors import Rejected
from server.domain.gate import apply_op, check_ephemeral, check_nesting, nesting_deeper_than, parse
from server.protocol.registry import OPS

from .conftest import Workshop


def closed_vote(ws: Workshop):
    """Two NWW themes; the first gets 2 dots, the second none; the round is closed."""
    voted, unvoted = ws.theme(text="I am lonely"), ws.theme(text="I wait too long")
    round_id = ws.do("facilitator", "round.open", board_id=ws.board("nww")["id"]).result["round_id"]
    ws.do("participant", "vote.cast", round_id=round_id, target_id=voted)
    ws.do("host", "vote.cast", round_id=round_id, target_id=voted)
    ws.do("facilitator", "round.close", round_id=round_id)
    return round_id, voted, unvoted


def test_V7_a_voted_theme_cannot_move_to_another_board(ws):
    _, voted, unvoted = closed_vote(ws)
    for who in ("participant", "facilitator"):
        ws.refused(who, "card.update", "conflict", "board_id", card_id=voted, board_id=ws.board("ww")["id"])
    ws.do("participant", "card.update", card_id=unvoted, board_id=ws.board("ww")["id"])  # no dots: free


def test_V7_a_voted_theme_cannot_be_deleted_even_by_staff(ws):
    _, voted, _ = closed_vote(ws)
    ws.refused("facilitator", "card.delete", "conflict", "card_id", card_id=voted)
    ws.refused("participant", "card.delete", "forbidden", card_id=voted)  # not theirs anyway


def test_V7_only_staff_may_reword_a_voted_theme_and_the_round_keeps_the_text_as_voted(ws):
    round_id, voted, unvoted = closed_vote(ws)
    ws.refused("participant", "card.update", "forbidden", "text", card_id=voted, text="I feel alone")
    ws.do("participant", "card.update", card_id=unvoted, text="I wait far too long")
    ws.do("facilitator", "card.update", card_id=voted, text="I feel alone")
    assert ws.get(voted)["text"] == "I feel alone"
    assert ws.get(round_id)["voted_texts"] == {voted: "I am lonely"}
    ws.do("participant", "card.update", card_id=voted, x=0.2, y=0.3)  # moving it on its board is fine


def test_V7_an_open_round_does_not_hold_its_targets(ws):
    theme = ws.theme(text="I am lonely")
    round_id = ws.do("facilitator", "round.open", board_id=ws.board("nww")["id"]).result["round_id"]
    ws.do("participant", "vote.cast", round_id=round_id, target_id=theme)
    ws.do("participant", "card.update", card_id=theme, text="I feel alone")


def test_V7_grouping_cards_into_a_voted_theme_is_still_allowed(ws):
    _, voted, _ = closed_vote(ws)
    card = ws.data(text="Nobody visits me")
    ws.do("participant", "card.group", card_id=card, theme_id=voted)
    assert ws.get(voted)["count"] == 1


def test_L1_locked_boards_refuse_every_member_through_the_gate(ws):
    ws.do("facilitator", "day.begin", day=2)
    for who in ("participant", "host", "facilitator"):
        ws.refused(who, "card.create", "conflict", "board_id", board_id=ws.board("ww")["id"], type="note",
                   text="Late thought")


def test_L2_another_tables_board_is_forbidden(ws):
    other = ws.table(2)
    mine = ws.table(1)  # the participant sits at the table made last
    assert ws.actor("participant")["table_id"] == mine
    theirs = ws.new_board("ideas", room_id=other)
    ws.refused("participant", "card.create", "forbidden", "board_id", board_id=theirs, type="idea", hat="T",
               text="A bus pass")
    idea = ws.do("facilitator", "card.create", board_id=theirs, type="idea", hat="T", text="A bus pass")
    ws.refused("participant", "card.update", "forbidden", "board_id", card_id=idea.result["card_id"],
               text="A free bus pass")


@pytest.mark.parametrize("name", sorted(n for n, op in OPS.items() if op.internal))
def test_O4_internal_ops_do_not_exist_for_clients(ws, name):
    with pytest.raises(Rejected) as caught:
        parse(name, {})
    assert (caught.value.code, caught.value.field) == ("invalid", "op")


def test_O4_an_internal_op_without_an_actor_cannot_be_sent_by_a_member(ws):
    with pytest.raises(Rejected) as caught:
        apply_op(ws.state, ws.actor("facilitator"), "participant.join", {"name": "Eve"}, ws.ctx, internal=True)
    assert caught.value.code == "invalid"


@pytest.mark.parametrize("name", sorted(n for n, op in OPS.items() if not op.internal))
def test_O4_who_may_send_each_op_comes_from_the_registry(ws, name):
    """A role outside the op's `who` is refused before its rule runs, whatever the arguments."""
    op = OPS[name]
    for role in ("participant", "projector", "host"):
        if role in op.who:
            continue
        with pytest.raises(Rejected) as caught:
            apply_op(ws.state, ws.actor(role), name, {}, ws.ctx)
        assert caught.value.code in ("forbidden", "invalid"), (name, role)


def test_O6_nesting_is_counted_in_levels():
    assert not nesting_deeper_than({"a": 1}, 1)
    assert nesting_deeper_than({"a": {"b": 1}}, 1)
    assert not nesting_deeper_than({"a": [{"b": 1}]}, 3)
    assert nesting_deeper_than({"a": [{"b": []}]}, 3)
    deep = {}
    for _ in range(300):
        deep = {"x": deep}
    with pytest.raises(Rejected) as caught:
        check_nesting(deep)
    assert caught.value.code == "invalid"


def test_O6_ephemeral_args_are_capped_in_size_and_depth():
    check_ephemeral({"kind": "drag", "card_id": "c1", "x": 0.5, "y": 0.5})
    eight = {}
    for _ in range(7):
        eight = {"x": eight}
    check_ephemeral(eight)
    with pytest.raises(Rejected) as caught:
        check_ephemeral({"x": eight})
    assert caught.value.code == "invalid"
    with pytest.raises(Rejected) as caught:
        check_ephemeral({"kind": "typing", "pad": "x" * 2048})
    assert caught.value.code == "too_large"
    for bad in (None, [], "drag"):
        with pytest.raises(Rejected):
            check_ephemeral(bad)


def test_workshop_create_makes_the_main_room_boards_and_facilitator_through_the_gate():
    from server.domain.state import WorkshopState
    from .conftest import make_ctx
    state = WorkshopState("w9")
    change = apply_op(state, None, "workshop.create", {"title": "Day services", "facilitator_name": "Sam",
                                                        "join_code": "ABCD2345"}, make_ctx(), internal=True)
    kinds = sorted(r["kind"] for r in change.put)
    assert kinds.count("board") == 4 and "room" in kinds and "workshop" in kinds
    state.apply(change)
    with pytest.raises(Rejected) as caught:  # a workshop is created once
        apply_op(state, None, "workshop.create", {"title": "Again", "facilitator_name": "Sam",
                                                  "join_code": "ABCD2345"}, make_ctx(), internal=True)
    assert caught.value.code == "conflict"


def test_participant_add_projector_is_for_staff_and_the_projector_only_watches(ws):
    made = apply_op(ws.state, ws.actor("host"), "participant.add_projector", {}, ws.ctx, internal=True)
    screen = made.put[0]
    assert screen["role"] == "projector" and made.result["participant_id"] == screen["id"]
    with pytest.raises(Rejected) as caught:
        apply_op(ws.state, ws.actor("participant"), "participant.add_projector", {}, ws.ctx, internal=True)
    assert caught.value.code == "forbidden"


def test_projectors_are_named_from_the_labels_so_each_page_says_the_name_in_its_own_language(ws):
    """A projector's stored name is labels.PROJECTOR_NAME numbered (the browser's memberName reads it back
    from LABELS.projectorName and says t(LABELS.projectorName) instead): no English name made up elsewhere."""
    from server import i18n
    from server.protocol.labels import PROJECTOR_NAME
    before = sum(1 for p in ws.state.of_kind("participant") if p["role"] == "projector")
    names = []
    for _ in range(2):
        made = apply_op(ws.state, ws.actor("host"), "participant.add_projector", {}, ws.ctx, internal=True)
        ws.state.apply(made)
        names.append(made.put[0]["name"])
    assert PROJECTOR_NAME == "Projector {n}" and names == [f"Projector {before + 1}", f"Projector {before + 2}"]
    assert i18n.gettext("cy", PROJECTOR_NAME, n=2) == "Taflunydd 2"


def test_workshop_restore_checks_the_export_and_gives_a_new_join_code(ws):
    from server.domain.state import WorkshopState
    export = {"format": "coboard-export", "version": 1, "workshop_id": "w1", "seq": 9,
              "records": list(ws.state.records.values()), "snapshots": []}
    change = apply_op(WorkshopState("w2"), None, "workshop.restore", {"export": export, "join_code": "NEWC0DE2"},
                      ws.ctx, internal=True)
    workshop = next(r for r in change.put if r["kind"] == "workshop")
    assert workshop["id"] == "w2" and workshop["join_code"] == "NEWC0DE2"
    assert change.result["participant_id"] == ws.ids["facilitator"]
    for damaged in ({"format": "something else"}, {**export, "records": []}, [1, 2]):
        with pytest.raises(Rejected) as caught:
            apply_op(WorkshopState("w3"), None, "workshop.restore", {"export": damaged, "join_code": "X"}, ws.ctx,
                     internal=True)
        assert (caught.value.code, caught.value.field) == ("invalid", "body")


def test_L3_a_participant_has_at_most_so_many_cards_on_one_board(ws):
    from server.protocol.limits import CARDS_PER_PERSON_PER_BOARD

    ww, nww = ws.board("ww")["id"], ws.board("nww")["id"]
    for i in range(CARDS_PER_PERSON_PER_BOARD):
        ws.do("participant", "card.create", board_id=ww, type="note", text=f"Thought {i}")
    ws.refused("participant", "card.create", "conflict", "board_id", board_id=ww, type="note", text="One more")
    elsewhere = ws.do("participant", "card.create", board_id=nww, type="note", text="Over here").result["card_id"]
    ws.refused("participant", "card.update", "conflict", "board_id", card_id=elsewhere, board_id=ww)
    ws.do("participant", "card.update", card_id=elsewhere, text="Still over here")  # its own board is fine
    ws.do("host", "card.create", board_id=ww, type="note", text="Staff are not counted")
    mine = next(c["id"] for c in ws.state.cards_on(ww) if c["created_by"] == ws.actor("participant")["id"])
    ws.do("participant", "card.delete", card_id=mine)
    ws.do("participant", "card.create", board_id=ww, type="note", text="Room again")


def test_R2_a_projector_cannot_rename_itself(ws):
    projector = ws.actor("projector")
    err = ws.refused("projector", "participant.rename", "forbidden", participant_id=projector["id"], name="Boss")
    assert "projector" in err.message
    assert ws.get(projector["id"])["name"] == projector["name"]
