"""A client that drops resumes with `hello` + `since` and gets exactly what it missed."""
from .client import is_t


async def _notes(client, board, n, label):
    return [await client.ok("card.create", {"board_id": board, "type": "note", "text": f"{label} {i}"})
            for i in range(n)]


async def test_resume_with_since_replays_exactly_the_missed_events_in_order(room, ws):
    ww = room.board("ww")
    seen = (await _notes(room.b, ww, 2, "before"))[-1]["seq"]
    await room.b.events_through(seen)
    await room.b.close()

    missed = await _notes(room.a, ww, 3, "while away") + await _notes(room.fac, ww, 2, "also away")
    theme = await room.fac.ok("card.create", {"board_id": ww, "type": "theme", "text": "Buses help"})
    missed.append(await room.fac.ok("card.delete", {"card_id": theme["result"]["card_id"]}))
    missed.insert(-1, theme)
    expected = [a["seq"] for a in missed]
    live = await room.fac.events_through(expected[-1])

    b2, welcome = await ws(room.wid, room.ben["token"], since=seen, name="ben2")
    assert welcome["t"] == "welcome"
    assert welcome["seq"] == expected[-1]
    assert "records" not in welcome
    replay = welcome["replay"]
    assert [e["seq"] for e in replay] == expected  # in order, none twice, none left out
    by_seq = {e["seq"]: e for e in live}
    for e in replay:
        assert e["t"] == "ev"
        assert (e["op"], e["by"], e["put"], e["del"]) == (by_seq[e["seq"]]["op"], by_seq[e["seq"]]["by"],
                                                         by_seq[e["seq"]]["put"], by_seq[e["seq"]]["del"])
    assert replay[-1]["op"] == "card.delete" and replay[-1]["del"] == [theme["result"]["card_id"]]

    # and it is live again: the next op reaches it once, right after the replay
    nxt = await room.a.ok("card.update", {"card_id": missed[0]["result"]["card_id"], "x": 0.25})
    ev = await b2.expect(is_t("ev"))
    assert ev["seq"] == nxt["seq"] == expected[-1] + 1


async def test_resume_at_the_current_seq_replays_nothing(room, ws):
    seq = room.state()["seq"]
    client, welcome = await ws(room.wid, room.ada["token"], since=seq)
    assert welcome["t"] == "welcome" and welcome["seq"] == seq
    assert welcome["replay"] == []
    assert "records" not in welcome


async def test_hello_without_since_gets_the_full_view(room, ws):
    await room.a.ok("card.create", {"board_id": room.board("ww"), "type": "note", "text": "x"})
    client, welcome = await ws(room.wid, room.ada["token"])
    assert "replay" not in welcome
    state = room.state(room.ada["token"])
    assert welcome["seq"] == state["seq"]
    assert welcome["me"]["id"] == room.ada["participant_id"]
    assert {r["id"]: r["v"] for r in welcome["records"]} == {r["id"]: r["v"] for r in state["records"]}


async def test_since_ahead_of_the_server_gets_the_full_view(room, ws):
    seq = room.state()["seq"]
    client, welcome = await ws(room.wid, room.ada["token"], since=seq + 50)
    assert welcome["t"] == "welcome" and "records" in welcome and "replay" not in welcome


async def test_a_bad_since_is_refused_and_a_good_hello_still_works(room, ws):
    client, first = await ws(room.wid, room.ada["token"], hello=False)
    for since in (-1, "12", 1.5, True):
        await client.send({"op": "hello", "token": room.ada["token"], "since": since})
        err = await client.expect(is_t("err"))
        assert err["code"] == "invalid" and err["field"] == "since", err
    await client.send({"op": "hello", "token": room.ada["token"], "since": 0})
    welcome = await client.expect(is_t("welcome"))
    assert [e["seq"] for e in welcome["replay"]] == list(range(1, welcome["seq"] + 1))
