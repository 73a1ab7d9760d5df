"""Per-recipient views: a participant never receives the join code or anyone's perspective."""
import json



def participants(records):
    return [r for r in records if r["kind"] == "participant"]


def assert_nothing_private(client, join_code):
    """Every frame the participant was sent, as raw text: no join code, no perspective."""
    assert client.raw, "nothing was received"
    for text in client.raw:
        assert join_code not in text and "join_code" not in text, text[:300]
        assert "perspective" not in text, text[:300]


async def test_a_participants_welcome_has_no_join_code_and_no_perspectives(room):
    wa = room.welcomes["ada"]
    workshop = next(r for r in wa["records"] if r["kind"] == "workshop")
    assert "join_code" not in workshop and workshop["title"] == "Day services review"
    assert all("perspective" not in p for p in participants(wa["records"]))
    assert "perspective" not in wa["me"]
    assert_nothing_private(room.a, room.workshop["join_code"])

    wf = room.welcomes["fac"]
    assert next(r for r in wf["records"] if r["kind"] == "workshop")["join_code"] == room.workshop["join_code"]
    seen = {p["name"]: p.get("perspective") for p in participants(wf["records"])}
    assert seen == {"Sam": None, "Ada": "lived_experience", "Ben": "provider"}


async def test_events_are_cut_to_each_recipients_view(room, ws):
    # a workshop change carries the workshop record, join code and all; a join carries a perspective
    ack = await room.fac.ok("workshop.update", {"activity": "Theming"})
    cat = room.server.join(room.workshop, "Cat", perspective="commissioner")
    seq = ack["seq"] + 1

    fac_evs = {e["seq"]: e for e in await room.fac.events_through(seq)}
    assert fac_evs[ack["seq"]]["put"][0]["join_code"] == room.workshop["join_code"]
    assert fac_evs[seq]["put"][0]["perspective"] == "commissioner"

    for client in (room.a, room.b):
        evs = {e["seq"]: e for e in await client.events_through(seq)}
        workshop = evs[ack["seq"]]["put"][0]
        assert workshop["activity"] == "Theming" and "join_code" not in workshop
        person = evs[seq]["put"][0]
        assert person["id"] == cat["participant_id"] and person["name"] == "Cat" and "perspective" not in person
        assert_nothing_private(client, room.workshop["join_code"])

    # the same holds for what a resume replays and for the HTTP state
    c2, welcome = await ws(room.wid, room.ben["token"], since=ack["seq"] - 1)
    assert [e["seq"] for e in welcome["replay"]] == [ack["seq"], seq]
    assert_nothing_private(c2, room.workshop["join_code"])
    text = json.dumps(room.state(room.ben["token"]))
    assert room.workshop["join_code"] not in text and "perspective" not in text
