"""Presence across processes: the people of a process killed with -9 are shown offline on the others
within 45 s (heartbeats, and a key with a TTL in Redis); the living are never dropped meanwhile."""
import signal

from tests.realtime.client import connect


async def test_people_of_a_killed_process_are_shown_offline_on_the_others_within_45_s(cluster):
    a, b = cluster
    workshop = a.create_workshop("Presence", "Sam")
    wid = workshop["workshop_id"]
    ada, bo = a.join(workshop, "Ada"), a.join(workshop, "Bo")
    fac, _ = await connect(a.ws_url(wid), workshop["token"], name="fac")
    stays, _ = await connect(a.ws_url(wid), bo["token"], name="bo")
    gone, _ = await connect(b.ws_url(wid), ada["token"], name="ada")
    came = await fac.expect(lambda m: m.get("t") == "presence" and m["participant_id"] == ada["participant_id"]
                            and m["online"], 10, "Ada online through the other process")
    assert came["online"]

    b.process.send_signal(signal.SIGKILL)  # no goodbye: its connections and presence just stop
    b.process.wait(10)
    offline = await fac.expect(lambda m: m.get("t") == "presence" and m["participant_id"] == ada["participant_id"],
                               45, "Ada shown offline after her process was killed")
    assert offline["online"] is False
    # Bo, on the living process, was never taken for gone
    assert not [m for m in fac.inbox if m.get("t") == "presence" and m["participant_id"] == bo["participant_id"]
                and not m["online"]]
    state = a.state(wid, workshop["token"])
    people = {r["id"]: r for r in state["records"] if r["kind"] == "participant"}
    assert people[ada["participant_id"]].get("online") is False
    assert people[bo["participant_id"]].get("online") is True
    await stays.close()
    await fac.close()
