"""A person whose role or seat changes sees what that changes at once, without a reload."""
from .client import is_t


async def test_a_participant_moved_to_a_table_is_sent_its_earlier_chat_in_the_same_event(room):
    table = (await room.fac.ok("room.create", {"type": "table"}))["result"]["room_id"]
    await room.fac.ok("room.enter", {"room_id": table})
    said = (await room.fac.ok("chat.send", {"text": "Table 1 starts here"}))["result"]["message_id"]
    assert not any(r["id"] == said for r in room.state(room.ada["token"])["records"])
    ack = await room.fac.ok("room.assign", {"participant_id": room.ada["participant_id"], "room_id": table})
    ev = await room.a.expect(is_t("ev", seq=ack["seq"]), 5, "the room.assign event")
    put = {r["id"]: r for r in ev["put"]}
    assert put[said]["text"] == "Table 1 starts here" and put[room.ada["participant_id"]]["table_id"] == table
    ben_ev = await room.b.expect(is_t("ev", seq=ack["seq"]), 5, "the room.assign event for Ben")
    assert said not in {r["id"] for r in ben_ev["put"]}  # Ben is still in the main room


async def test_a_participant_made_host_is_sent_the_staff_fields_and_losing_the_role_takes_them_away(room):
    def perspectives(records):
        return {r["id"]: r.get("perspective") for r in records if r["kind"] == "participant"}

    assert all("perspective" not in r for r in room.welcomes["ben"]["records"] if r["kind"] == "participant")
    ack = await room.fac.ok("participant.set_role", {"participant_id": room.ben["participant_id"], "role": "host"})
    ev = await room.b.expect(is_t("ev", seq=ack["seq"]), 5, "the set_role event")
    assert perspectives(ev["put"])[room.ada["participant_id"]] == "lived_experience"
    ack = await room.fac.ok("participant.set_role", {"participant_id": room.ben["participant_id"],
                                                     "role": "participant"})
    ev = await room.b.expect(is_t("ev", seq=ack["seq"]), 5, "the step-down event")
    ada = next(r for r in ev["put"] if r["id"] == room.ada["participant_id"])
    assert "perspective" not in ada
