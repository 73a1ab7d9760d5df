"""Each kind of bad frame gets its `err`, nothing changes, and the connection stays usable."""
import asyncio
import json

import pytest

from .client import is_t


async def _still_usable(room, client):
    ack = await client.ok("card.create", {"board_id": room.board("ww"), "type": "note", "text": "still here"})
    assert ack["seq"] == room.state()["seq"]


@pytest.mark.parametrize("raw", ["{not json", "", "\u00ff\u0000", b"\xff\xfe binary junk"])
async def test_malformed_json(room, raw):
    await room.a.send(raw)
    err = await room.a.expect(is_t("err"))
    assert err["code"] == "invalid" and err["message"]
    await _still_usable(room, room.a)


@pytest.mark.parametrize("value", [[1, 2], "card.create", 42, None, True])
async def test_json_that_is_not_an_object(room, value):
    await room.a.send(json.dumps(value))
    err = await room.a.expect(is_t("err"))
    assert err["code"] == "invalid"
    await _still_usable(room, room.a)


async def test_unknown_op(room):
    err = await room.a.op("card.teleport", {"card_id": "c_1"})
    assert err["t"] == "err" and err["code"] == "invalid" and err["field"] == "op"
    assert "card.teleport" in err["message"]
    await _still_usable(room, room.a)


async def test_a_frame_without_op(room):
    await room.a.send({"id": "no-op", "args": {}})
    err = await room.a.expect(is_t("err"))
    assert err["code"] == "invalid" and err["field"] == "op" and err["id"] == "no-op"
    await room.a.send({"op": 7, "id": "num-op"})
    assert (await room.a.expect(is_t("err")))["field"] == "op"
    await _still_usable(room, room.a)


@pytest.mark.parametrize("args, field", [
    ({"theme_id": None}, "card_id"),                        # a field missing
    ({"card_id": 17, "theme_id": None}, "card_id"),         # wrong type: a number for an id
    ({"card_id": ["c"], "theme_id": None}, "card_id"),
    ({"card_id": "c_x", "theme_id": 3}, "theme_id"),
    ({"card_id": "c_x", "theme_id": None, "colour": "red"}, "colour"),  # a field the op does not have
])
async def test_wrong_arguments_name_the_field(room, args, field):
    before = room.state()["seq"]
    err = await room.a.op("card.group", args)
    assert err["t"] == "err" and err["code"] == "invalid" and err["field"] == field, err
    assert room.state()["seq"] == before
    await _still_usable(room, room.a)


@pytest.mark.parametrize("args, field", [
    ({"board_id": "B", "type": "note", "text": "hi", "x": "left"}, "x"),
    ({"board_id": "B", "type": "note", "text": "hi", "x": 1.5}, "x"),
    ({"board_id": "B", "type": "sticky", "text": "hi"}, "type"),
    ({"board_id": "B", "type": "note", "text": ""}, "text"),
    ({"board_id": "B", "type": "note", "text": 5}, "text"),
    ({"board_id": "nope", "type": "note", "text": "hi"}, "board_id"),
])
async def test_card_create_argument_errors(room, args, field):
    args = {**args, "board_id": room.board("ww") if args["board_id"] == "B" else args["board_id"]}
    err = await room.a.op("card.create", args)
    assert err["t"] == "err" and err["field"] == field, err
    assert err["code"] in ("invalid", "not_found")
    await _still_usable(room, room.a)


async def test_args_that_are_not_an_object(room):
    err = await room.a.op("card.group", ["c_1", None])
    assert err["code"] == "invalid" and err["field"] == "args"
    await room.a.send({"op": "eph", "args": "dragging"})
    assert (await room.a.expect(is_t("err")))["field"] == "args"
    await _still_usable(room, room.a)


async def test_an_op_id_that_is_not_a_string_or_number(room):
    await room.a.send({"op": "card.group", "id": {"x": 1}, "args": {}})
    err = await room.a.expect(is_t("err"))
    assert err["code"] == "invalid" and err["field"] == "id"
    await _still_usable(room, room.a)


async def test_a_second_hello_is_refused(room):
    await room.a.send({"op": "hello", "id": "again", "token": room.ada["token"]})
    err = await room.a.expect(is_t("err"))
    assert err["code"] == "invalid" and err["id"] == "again"
    assert await room.a.recv(is_t("welcome"), timeout=0.3) is None
    await _still_usable(room, room.a)


async def test_a_frame_over_64_kib_is_too_large(room):
    before = room.state()["seq"]
    text = "x" * (64 * 1024 + 10)
    await room.a.send({"op": "card.create", "id": "big", "args": {"board_id": room.board("ww"), "type": "note",
                                                                   "text": text}})
    err = await room.a.expect(is_t("err"))
    assert err["code"] == "too_large", err
    # multi-byte characters count as bytes: 22,000 "é…" characters are under 64 K characters but over 64 KiB
    await room.a.send(json.dumps({"op": "eph", "args": {"text": "é" * 40000}}, ensure_ascii=False))
    assert (await room.a.expect(is_t("err")))["code"] == "too_large"
    assert room.state()["seq"] == before
    await _still_usable(room, room.a)


async def test_a_frame_just_under_64_kib_is_read(room):
    frame = {"op": "card.create", "id": "near", "args": {"board_id": room.board("ww"), "type": "note",
                                                         "text": "y" * 200}}
    frame["args"]["pad"] = "p" * (64 * 1024 - len(json.dumps(frame)) - 20)
    raw = json.dumps(frame)
    assert len(raw) < 64 * 1024
    await room.a.send(raw)
    err = await room.a.answer("near")
    assert err["code"] == "invalid" and err["field"] == "pad"  # read and checked, not refused for size


async def test_more_than_60_ops_at_once_are_rate_limited_and_the_rest_answered(room):
    # Ops refused before they reach the workshop (an unknown op) are answered in microseconds, so the
    # burst outruns the bucket's refill however busy the machine is; each still spends a token.
    await asyncio.sleep(3.5)  # a full bucket of 60
    before = room.state()["seq"]
    sent = 120
    ids = [f"burst-{i}" for i in range(sent)]
    for op_id in ids:
        await room.a.send({"op": "no.such.op", "id": op_id, "args": {}})
    answers = [await room.a.answer(op_id, timeout=20) for op_id in ids]
    limited = [a for a in answers if a["code"] == "rate_limited"]
    assert {a["code"] for a in answers} == {"invalid", "rate_limited"}
    assert 60 <= sum(a["code"] == "invalid" for a in answers) < sent
    assert all(a["message"] for a in limited)
    assert room.state()["seq"] == before  # nothing changed
    # the connection is still open and, once the bucket refills, ops go through again
    await asyncio.sleep(0.2)
    await _still_usable(room, room.a)


async def test_answers_keep_the_order_of_the_ops_when_refusals_come_before_commits(room):
    """The endpoint reads a connection's next frame while its earlier ops are being stored: an op refused at
    once (no such op, arguments that are not an object) is still answered after the ops sent before it,
    which wait for their commit, and the acks come in the order the ops were sent."""
    board = room.board("ww")
    frames = [
        {"op": "card.create", "id": "o1", "args": {"board_id": board, "type": "note", "text": "first"}},
        {"op": "no.such.op", "id": "o2", "args": {}},
        {"op": "card.create", "id": "o3", "args": []},
        {"op": "card.create", "id": "o4", "args": {"board_id": board, "type": "note", "text": "second"}},
        {"op": "card.create", "id": "o5", "args": {"board_id": board, "type": "note", "text": "third"}},
    ]
    for frame in frames:
        await room.a.send(frame)
    ids = [f["id"] for f in frames]
    answers = await room.a.take_all(lambda m: m.get("t") in ("ack", "err") and m.get("id") in ids, len(ids))
    assert [a["id"] for a in answers] == ids
    assert [a["t"] for a in answers] == ["ack", "err", "err", "ack", "ack"]
    seqs = [a["seq"] for a in answers if a["t"] == "ack"]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3
