"""Presence: coming and going is announced without a seq; the welcome lists who is online."""
from .client import is_t


def presence_of(pid, online):
    return lambda m: m.get("t") == "presence" and m.get("participant_id") == pid and m.get("online") is online


async def test_connecting_and_leaving_is_announced_to_the_others(server, ws):
    workshop = server.create_workshop()
    wid = workshop["workshop_id"]
    ada, ben = server.join(workshop, "Ada"), server.join(workshop, "Ben")
    fac, wf = await ws(wid, workshop["token"], name="fac")
    assert wf["online"] == [workshop["participant_id"]]

    a, wa = await ws(wid, ada["token"], name="ada")
    m = await fac.expect(presence_of(ada["participant_id"], True), what="Ada online")
    assert "seq" not in m
    assert set(wa["online"]) == {workshop["participant_id"], ada["participant_id"]}
    online_in_records = {r["id"] for r in wa["records"] if r["kind"] == "participant" and r["online"]}
    assert online_in_records == set(wa["online"])

    b, wb = await ws(wid, ben["token"], name="ben")
    for client in (fac, a):
        await client.expect(presence_of(ben["participant_id"], True), what="Ben online")
    assert set(wb["online"]) == {workshop["participant_id"], ada["participant_id"], ben["participant_id"]}
    assert server.state(wid, workshop["token"])["seq"] == wf["seq"]  # presence takes no seq

    await b.close()
    for client in (fac, a):
        m = await client.expect(presence_of(ben["participant_id"], False), what="Ben offline")
        assert "seq" not in m
    state = server.state(wid, workshop["token"])
    online = {r["id"]: r["online"] for r in state["records"] if r["kind"] == "participant"}
    assert online == {workshop["participant_id"]: True, ada["participant_id"]: True, ben["participant_id"]: False}


async def test_a_second_tab_of_the_same_person_is_not_a_new_arrival(server, ws):
    workshop = server.create_workshop()
    wid = workshop["workshop_id"]
    ada = server.join(workshop, "Ada")
    fac, _ = await ws(wid, workshop["token"], name="fac")
    a1, _ = await ws(wid, ada["token"], name="ada1")
    await fac.expect(presence_of(ada["participant_id"], True))
    a2, w2 = await ws(wid, ada["token"], name="ada2")
    assert ada["participant_id"] in w2["online"]
    await a1.close()
    # Ada is still there in her other tab: no arrival, no departure
    assert await fac.recv(is_t("presence", participant_id=ada["participant_id"]), timeout=0.4) is None
    await a2.close()
    await fac.expect(presence_of(ada["participant_id"], False))
