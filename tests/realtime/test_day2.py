"""Day 2 over real sockets: several people write one action plan at once, and drag one idea on the grid."""
import asyncio

from .client import is_t


async def day2_table(room):
    """Ada and Ben at Table 1, an idea of theirs placed in Quick Wins, and an action plan on it."""
    fac, a = room.fac, room.a
    table = (await fac.ok("room.create", {"type": "table"}))["result"]["room_id"]
    for person in (room.ada, room.ben):
        await fac.ok("room.assign", {"participant_id": person["participant_id"], "room_id": table})
    ideas = (await fac.ok("board.create", {"type": "ideas", "room_id": table}))["result"]["board_id"]
    plans = (await fac.ok("board.create", {"type": "action_plan", "room_id": table}))["result"]["board_id"]
    idea = (await a.ok("card.create", {"board_id": ideas, "type": "idea", "hat": "C", "text": "A lunch club"}))
    (on_grid,) = (await fac.ok("grid.add", {"card_ids": [idea["result"]["card_id"]]}))["result"]["card_ids"]
    await fac.ok("grid.place", {"card_id": on_grid, "impact": 0.8, "effort": 0.2})
    plan = (await a.ok("plan.create", {"board_id": plans, "idea_id": on_grid}))["result"]["plan_id"]
    return on_grid, plan


async def test_two_people_editing_different_fields_of_one_plan_at_once_both_survive(room):
    _, plan = await day2_table(room)
    for round_ in range(5):
        aim, step = f"Fewer lonely evenings ({round_})", f"Ring the community centre ({round_})"
        first, second = await asyncio.gather(
            room.a.op("plan.update", {"plan_id": plan, "field": "aim", "text": aim}),
            room.b.op("plan.update", {"plan_id": plan, "field": "next_week", "text": step}))
        assert first["t"] == second["t"] == "ack"
        last = max(first["seq"], second["seq"])
        for client in (room.fac, room.a, room.b):
            evs = await client.events_through(last)
            mine = [r for ev in evs for r in ev["put"] if r.get("id") == plan]
            assert mine[-1]["fields"]["aim"] == aim and mine[-1]["fields"]["next_week"] == step
    final = next(r for r in room.state()["records"] if r["id"] == plan)
    assert final["fields"]["aim"] == "Fewer lonely evenings (4)"
    assert final["fields"]["next_week"] == "Ring the community centre (4)"


async def test_two_people_dragging_one_idea_end_with_the_same_position_everywhere(room):
    idea, _ = await day2_table(room)
    places = {"a": [(0.9, 0.1), (0.6, 0.6), (0.7, 0.4)], "b": [(0.2, 0.8), (0.3, 0.2), (0.1, 0.9)]}

    async def drag(client, moves):  # one person's drops, one after another; both people at once
        return [(move, await client.op("grid.place", {"card_id": idea, "impact": move[0], "effort": move[1]}))
                for move in moves]

    results = [x for xs in await asyncio.gather(drag(room.a, places["a"]), drag(room.b, places["b"])) for x in xs]
    answers = [answer for _, answer in results]
    assert all(x["t"] == "ack" for x in answers)
    last = max(x["seq"] for x in answers)
    ends = []
    for client in (room.fac, room.a, room.b):
        evs = await client.events_through(last)
        ends.append(next(r for ev in reversed(evs) for r in ev["put"] if r.get("id") == idea))
    assert ends[0] == ends[1] == ends[2]  # one position everywhere: the op with the later seq
    winner = max(results, key=lambda r: r[1]["seq"])[0]
    assert (ends[0]["impact"], ends[0]["effort"]) == winner
    assert next(r for r in room.state()["records"] if r["id"] == idea) == ends[0]
    assert await room.a.recv(is_t("err"), 0.2) is None
