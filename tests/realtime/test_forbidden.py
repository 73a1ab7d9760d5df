"""A participant's refused op answers `forbidden` and changes nothing, for anyone."""
import pytest

from .client import is_t


@pytest.fixture
async def cards(room):
    nww = room.board("nww")
    data = (await room.fac.ok("card.create", {"board_id": nww, "type": "data", "text": "I never go out"}))
    note = (await room.fac.ok("card.create", {"board_id": nww, "type": "note", "text": "Sam's note"}))
    theme = (await room.b.ok("card.create", {"board_id": nww, "type": "theme", "text": "I am lonely"}))
    for client in (room.fac, room.a, room.b):
        await client.events_through(theme["seq"])
    return {"board": nww, "data": data["result"]["card_id"], "note": note["result"]["card_id"],
            "bens_theme": theme["result"]["card_id"]}


REFUSED = [
    ("card.split", lambda c, r: {"card_id": c["data"], "texts": ["one part", "another part"]}),
    ("card.create", lambda c, r: {"board_id": c["board"], "type": "data", "text": "made up answer"}),
    ("card.delete", lambda c, r: {"card_id": c["note"]}),          # the facilitator's card
    ("card.delete", lambda c, r: {"card_id": c["bens_theme"]}),    # another participant's card
    ("card.delete", lambda c, r: {"card_id": c["data"]}),          # people's answers
    ("card.update", lambda c, r: {"card_id": c["data"], "text": "other words"}),
    ("workshop.update", lambda c, r: {"title": "Mine now"}),
    ("participant.set_role", lambda c, r: {"participant_id": r.ada["participant_id"], "role": "facilitator"}),
    ("board.create", lambda c, r: {"type": "parking"}),
]


@pytest.mark.parametrize("op, make_args", REFUSED, ids=[f"{op}-{i}" for i, (op, _) in enumerate(REFUSED)])
async def test_a_participants_refused_op_changes_nothing(room, cards, op, make_args):
    before = room.state()
    err = await room.a.op(op, make_args(cards, room))
    assert err["t"] == "err" and err["code"] == "forbidden", err
    assert err["message"] and "forbidden" not in err["message"].lower()  # plain words, not a code
    after = room.state()
    assert after == before
    # and nobody was sent an event for it
    for client in (room.fac, room.a, room.b):
        assert await client.recv(lambda m: m.get("t") == "ev" and m["seq"] > before["seq"], timeout=0.1) is None


async def test_a_participant_may_delete_their_own_card(room, cards):
    ack = await room.b.ok("card.delete", {"card_id": cards["bens_theme"]})
    ev = await room.a.expect(is_t("ev", seq=ack["seq"]))
    assert ev["del"] == [cards["bens_theme"]]


async def test_a_refused_op_leaves_the_seq_sequence_unbroken(room, cards):
    before = room.state()["seq"]
    assert (await room.a.op("card.split", {"card_id": cards["data"], "texts": ["a", "b"]}))["code"] == "forbidden"
    ack = await room.a.ok("card.group", {"card_id": cards["data"], "theme_id": cards["bens_theme"]})
    assert ack["seq"] == before + 1
