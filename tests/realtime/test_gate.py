"""The one gate over a real socket: board rules, closed votes, failures answered, hello and eph caps."""
import asyncio
import json
import time

import pytest

from tests.conftest import start_server, stop_server

from .client import connect, is_t
from .conftest import SHARED_ENV


async def tables_1_and_2(room):
    fac = room.fac
    one = (await fac.ok("room.create", {"type": "table"}))["result"]["room_id"]
    two = (await fac.ok("room.create", {"type": "table"}))["result"]["room_id"]
    await fac.ok("room.assign", {"participant_id": room.ada["participant_id"], "room_id": one})
    await fac.ok("room.assign", {"participant_id": room.ben["participant_id"], "room_id": two})
    return one, two


async def test_L2_a_participant_cannot_write_on_another_tables_board(room):
    _, two = await tables_1_and_2(room)
    ideas = (await room.fac.ok("board.create", {"type": "ideas", "room_id": two}))["result"]["board_id"]
    seq = room.state()["seq"]
    refused = await room.a.op("card.create", {"board_id": ideas, "type": "idea", "hat": "T", "text": "A bus pass"})
    assert (refused["t"], refused["code"], refused.get("field")) == ("err", "forbidden", "board_id")
    ok = await room.b.ok("card.create", {"board_id": ideas, "type": "idea", "hat": "T", "text": "A bus pass"})
    card = ok["result"]["card_id"]
    rewrite = await room.a.op("card.update", {"card_id": card, "text": "Free buses for all"})
    assert (rewrite["t"], rewrite["code"]) == ("err", "forbidden")
    delete = await room.a.op("card.delete", {"card_id": card})
    assert delete["t"] == "err"
    assert room.state()["seq"] == seq + 1  # only Ben's idea changed anything
    idea = next(r for r in room.state()["records"] if r["id"] == card)
    assert idea["text"] == "A bus pass"


async def test_L1_day_1_boards_refuse_everyone_once_day_2_begins(room):
    await room.fac.ok("day.begin", {"day": 2})
    ww = room.board("ww")
    for client in (room.a, room.fac):
        answer = await client.op("card.create", {"board_id": ww, "type": "note", "text": "Late thought"})
        assert (answer["t"], answer["code"]) == ("err", "conflict"), answer
    answer = await room.fac.op("card.create", {"board_id": room.board("nww"), "type": "theme", "text": "I am ok"})
    assert (answer["t"], answer["code"]) == ("err", "conflict")


async def test_V7_a_closed_votes_winner_stays_where_it_was_voted(room):
    fac, a = room.fac, room.a
    nww, ww = room.board("nww"), room.board("ww")
    winner = (await fac.ok("card.create", {"board_id": nww, "type": "theme", "text": "I am lonely"}))["result"]["card_id"]
    second = (await fac.ok("card.create", {"board_id": nww, "type": "theme", "text": "I wait"}))["result"]["card_id"]
    round_id = (await fac.ok("round.open", {"board_id": nww}))["result"]["round_id"]
    await a.ok("vote.cast", {"round_id": round_id, "target_id": winner})
    await room.b.ok("vote.cast", {"round_id": round_id, "target_id": second})
    await fac.ok("round.close", {"round_id": round_id})
    seq = room.state()["seq"]
    moved = await a.op("card.update", {"card_id": winner, "board_id": ww})
    assert (moved["t"], moved["code"], moved["field"]) == ("err", "conflict", "board_id")
    reworded = await a.op("card.update", {"card_id": second, "text": "I wait for hours"})
    assert (reworded["t"], reworded["code"]) == ("err", "forbidden")
    gone = await fac.op("card.delete", {"card_id": winner})
    assert (gone["t"], gone["code"]) == ("err", "conflict")
    assert room.state()["seq"] == seq
    await fac.ok("card.update", {"card_id": second, "text": "I wait for hours"})  # staff may reword, logged
    given = await fac.ok("tables.give_themes", {"round_id": round_id, "count": 2})
    tables = [r for r in room.state()["records"] if r["kind"] == "room" and r["type"] == "table"]
    assert {t["theme_id"] for t in tables} == {winner, second}
    assert given["result"]["room_ids"]
    round_ = next(r for r in room.state()["records"] if r["id"] == round_id)
    assert round_["voted_texts"] == {winner: "I am lonely", second: "I wait"}


@pytest.fixture
def failing_server(tmp_path):
    server = start_server(tmp_path, extra_env={**SHARED_ENV, "COBOARD_FAIL_OPS": "hand.raise"})
    yield server
    stop_server(server)


async def test_O5_a_failure_inside_the_gate_is_an_internal_err_and_the_socket_stays_open(failing_server):
    workshop = failing_server.create_workshop()
    fac, welcome = await connect(failing_server.ws_url(workshop["workshop_id"]), workshop["token"], name="fac")
    try:
        seq = welcome["seq"]
        answer = await fac.op("hand.raise")
        assert answer["t"] == "err" and answer["code"] == "internal" and answer["id"]
        assert "nothing was changed" in answer["message"]
        assert failing_server.state(workshop["workshop_id"], workshop["token"])["seq"] == seq
        ok = await fac.ok("workshop.update", {"activity": "Theming"})
        assert ok["seq"] == seq + 1
        assert "fails on purpose" in failing_server.log()  # logged with its traceback
        assert "Traceback" in failing_server.log()
    finally:
        await fac.close()


async def test_O5_welcome_update_with_null_ways_of_working_is_a_plain_invalid(room):
    answer = await room.fac.op("welcome.update", {"ways_of_working": None})
    assert (answer["t"], answer["code"], answer["field"]) == ("err", "invalid", "ways_of_working")
    await room.fac.ok("hand.raise")


async def test_O6_deep_op_args_are_invalid_and_the_socket_stays_open(room):
    deep = {}
    for _ in range(300):
        deep = {"x": deep}
    answer = await room.a.op("card.create", deep)
    assert (answer["t"], answer["code"]) == ("err", "invalid")
    await room.a.ok("hand.raise")


async def test_O6_ephemeral_caps_answered_and_not_relayed(room):
    too_big = {"kind": "typing", "pad": "x" * 2100}
    nine = {}
    for _ in range(9):
        nine = {"x": nine}
    await room.a.send({"op": "eph", "args": too_big})
    assert (await room.a.expect(is_t("err")))["code"] == "too_large"
    await room.a.send({"op": "eph", "args": nine})
    assert (await room.a.expect(is_t("err")))["code"] == "invalid"
    fine = {"kind": "drag", "card_id": "c1", "x": 0.5, "y": 0.5}
    await room.a.send({"op": "eph", "args": fine})
    got = await room.b.expect(is_t("eph"))
    assert got["args"] == fine
    assert await room.b.recv(is_t("eph"), 0.3) is None  # the refused ones never reached Ben
    assert not any("pad" in raw for raw in room.b.raw)


async def test_hello_timeout_closes_a_silent_socket_with_4408(server):
    workshop = server.create_workshop()
    silent, _ = await connect(server.ws_url(workshop["workshop_id"]), hello=False)
    started = time.monotonic()
    code = await silent.wait_closed(timeout=15)
    assert code == 4408
    assert 9 <= time.monotonic() - started <= 15
    said = [json.loads(r) for r in silent.raw]
    assert said and said[-1]["t"] == "err"


async def test_hello_in_time_is_not_cut_off(server):
    workshop = server.create_workshop()
    client, _ = await connect(server.ws_url(workshop["workshop_id"]), hello=False)
    try:
        await asyncio.sleep(1)
        await client.send({"op": "hello", "token": workshop["token"]})
        assert (await client.expect(is_t("welcome")))["seq"] >= 1
        await asyncio.sleep(10)
        await client.ok("hand.raise")
    finally:
        await client.close()
