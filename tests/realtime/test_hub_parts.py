"""The hub's parts in process: repeats, presence, fan-out and views, welcome and replay."""
import asyncio

from server.domain.errors import Rejected
from server.realtime.presence import Presence
from server.realtime.repeats import Repeats
from tests.fakes import FakeConnection

from .hub_helpers import LiveHub


# ---- repeats ---------------------------------------------------------------------------------

async def test_a_repeated_op_is_answered_with_its_first_ack_and_applied_once():
    live = await LiveHub.start()
    first = await live.do("ada", "card.create", client_op="fp-1", board_id=live.board("nww"), type="note", text="a")
    again = await live.do("ada", "card.create", client_op="fp-1", board_id=live.board("nww"), type="note", text="a")
    assert again[0] == first[0] and again[1].result == first[1].result
    assert sum(1 for c in live.hub.state.of_kind("card")) == 1


async def test_two_copies_in_flight_wait_for_the_first_ones_answer():
    live = await LiveHub.start()
    a, b = await asyncio.gather(*(live.do("ada", "hand.raise", client_op="fp-2") for _ in range(2)))
    assert a[0] == b[0]
    assert live.hub.repeats.inflight == {}


async def test_the_same_fingerprint_from_someone_else_is_a_new_op():
    live = await LiveHub.start()
    a = await live.do("ada", "hand.raise", client_op="fp-3")
    b = await live.do("ben", "hand.raise", client_op="fp-3")
    assert b[0] == a[0] + 1


def test_repeats_forget_the_oldest_beyond_their_limit():
    repeats = Repeats(limit=3)
    for i in range(5):
        repeats.remember("p1", f"fp{i}", i, {})
    assert repeats.answered(("p1", "fp0")) is None and repeats.answered(("p1", "fp4")) == (4, {})


async def test_repeats_are_remembered_from_the_store_when_a_hub_is_loaded_again():
    live = await LiveHub.start()
    first = await live.do("ada", "hand.raise", client_op="fp-4")
    from server.realtime.hub import Hubs
    reloaded = await Hubs(live.store, live.bus, live.hubs.settings).get("w1")
    again = await reloaded.execute(live.ids["ada"], "hand.raise", {}, client_op="fp-4")
    assert again[0] == first[0] and reloaded.seq == first[0]


# ---- presence --------------------------------------------------------------------------------

def test_presence_counts_connections_here_and_elsewhere():
    presence = Presence()
    assert presence.arrive("p1", resumed=False) is True
    assert presence.arrive("p1", resumed=True) is False  # a second tab
    assert presence.leave("p1") is False
    assert presence.on_remote("other", {"p1": 1}, replace=False) == []
    assert presence.leave("p1") is False  # still online through the other process
    assert presence.on_remote("other", {}, replace=True) == [("p1", False)]
    assert presence.arrive("p1", resumed=True) is True and presence.reconnects["p1"] == 1
    presence.on_remote("dead", {"p2": 1}, replace=True)
    assert presence.forget("dead") == [("p2", False)] and "dead" not in presence.remote
    assert presence.forget("dead") == []


async def test_people_coming_and_going_are_told_to_everyone_once():
    live = await LiveHub.start()
    sam = await live.connect("sam")
    await live.connect("ada")
    second = await live.connect("ada")
    def about_ada():
        return [f for f in sam.frames() if f["t"] == "presence" and f["participant_id"] == live.ids["ada"]]

    await live.hub.fanout.presence_told()
    assert about_ada() == [{"t": "presence", "participant_id": live.ids["ada"], "online": True, "reconnects": 0}]
    live.hub.detach(second)
    await live.hub.fanout.presence_told()
    assert len(about_ada()) == 1  # Ada still has a tab open
    live.hub.detach(next(c for c in live.hub.connections if c.participant_id == live.ids["ada"]))
    await live.hub.fanout.presence_told()
    assert about_ada()[-1]["online"] is False


async def test_a_blip_inside_one_presence_window_is_told_in_order_and_not_to_the_one_who_came_back():
    live = await LiveHub.start()
    sam = await live.connect("sam")
    first = await live.connect("ada")
    await live.hub.fanout.presence_told()
    ada = live.ids["ada"]
    live.hub.detach(first)  # Ada's Wi-Fi drops, and she is back before the window ends
    again = await live.connect("ada", since=live.hub.seq)
    await live.hub.fanout.presence_told()
    told = [(f["participant_id"], f["online"]) for f in sam.frames() if f["t"] == "presence"]
    assert told == [(ada, True), (ada, False), (ada, True)]
    welcome, *after = again.frames()
    assert ada in welcome["online"]
    # the "offline" was older than her welcome: told to her, it would leave her screen saying she is away
    assert not [f for f in after if f["t"] == "presence"]


async def test_hellos_that_arrive_together_are_welcomed_together_with_one_look_at_the_store():
    live = await LiveHub.start()
    sam = await live.connect("sam")
    looks = []
    current_seq = live.store.current_seq

    async def counted(workshop_id):
        looks.append(workshop_id)
        return await current_seq(workshop_id)

    live.store.current_seq = counted
    ada, ben = FakeConnection(live.ids["ada"]), FakeConnection(live.ids["ben"])
    await asyncio.gather(live.hub.attach(ada, 0), live.hub.attach(ben, None))
    assert len(looks) == 1  # one batch: one look for ops no bus told us about
    await live.hub.fanout.presence_told()
    everyone = {live.ids["sam"], live.ids["ada"], live.ids["ben"]}
    for conn in (ada, ben):  # each welcome lists the whole batch online, so no presence frame follows
        welcome, *after = conn.frames()
        assert welcome["t"] == "welcome" and set(welcome["online"]) == everyone
        assert not [f for f in after if f["t"] == "presence"]
    told = [(f["participant_id"], f["online"]) for f in sam.frames() if f["t"] == "presence"]
    assert sorted(told) == sorted([(live.ids["ada"], True), (live.ids["ben"], True)])
    assert live.hub.connections == {sam, ada, ben}


async def test_a_batch_of_hellos_is_refused_together_when_the_store_is_away_and_nobody_is_left_online():
    live = await LiveHub.start()
    sam = await live.connect("sam")

    async def away(workshop_id):
        raise ConnectionRefusedError("the database is restarting")

    live.store.current_seq = away
    ada = FakeConnection(live.ids["ada"])
    results = await asyncio.gather(live.hub.attach(ada, None), live.hub.attach(FakeConnection(live.ids["ben"]), 3),
                                   return_exceptions=True)
    assert [type(r) for r in results] == [ConnectionRefusedError, ConnectionRefusedError]
    assert live.hub.online_ids() == {live.ids["sam"]} and live.hub.connections == {sam}
    await live.hub.fanout.presence_told()
    assert not [f for f in sam.frames() if f["t"] == "presence"] and ada.sent == []
    assert not live.hub.arrivals and live.hub.welcoming is None


async def test_a_token_the_store_vouched_for_is_known_until_an_op_revokes_its_persons_tokens():
    live = await LiveHub.start()
    tokens = live.hub.revocations
    tokens.vouch("hash-ada", live.ids["ada"], tokens.epoch)
    tokens.vouch("hash-ben", live.ids["ben"], tokens.epoch)
    assert tokens.known("hash-ada") == (live.ids["ada"], 0)
    vouched_at = tokens.epoch
    await live.hub.execute(live.ids["sam"], "participant.link", {"participant_id": live.ids["ada"]},
                           internal=True, credential="tok-ada-2")
    assert tokens.known("hash-ada") is None and tokens.known("hash-ben") is not None
    # a hello whose token was checked before the new link is refused; one checked after is not
    assert tokens.vouched_before_revocation(live.ids["ada"], vouched_at)
    assert not tokens.vouched_before_revocation(live.ids["ada"], tokens.epoch)
    assert not tokens.vouched_before_revocation(live.ids["ben"], vouched_at)
    # the store's answer about Ada's old token, read before the link, is not remembered after it
    tokens.vouch("hash-ada", live.ids["ada"], vouched_at)
    assert tokens.known("hash-ada") is None
    tokens.vouch("hash-ada-2", live.ids["ada"], tokens.epoch)
    assert tokens.known("hash-ada-2") == (live.ids["ada"], tokens.epoch)


async def test_a_hello_checked_before_a_revocation_is_refused_once_the_batch_has_caught_up():
    live = await LiveHub.start()
    sam = await live.connect("sam")
    ada = FakeConnection(live.ids["ada"])
    ada.vouched_at = live.hub.revocations.epoch
    await live.hub.execute(live.ids["sam"], "participant.link", {"participant_id": live.ids["ada"]},
                           internal=True, credential="tok-ada-2")
    try:
        await live.hub.attach(ada, None)
    except Rejected as refused:
        assert refused.code == "unauthorized"
    else:
        raise AssertionError("a hello with a revoked token was welcomed")
    assert ada.sent == [] and live.hub.connections == {sam} and live.ids["ada"] not in live.hub.online_ids()


# ---- fan-out and views -----------------------------------------------------------------------

async def test_each_view_is_built_once_and_a_secret_vote_reaches_its_voter_only():
    live = await LiveHub.start()
    theme = (await live.do("sam", "card.create", board_id=live.board("nww"), type="theme", text="I am lonely"))[1]
    round_id = (await live.do("sam", "round.open", board_id=live.board("nww"), hidden=True))[1].result["round_id"]
    sam, ada, ben = [await live.connect(w) for w in ("sam", "ada", "ben")]
    for conn in (sam, ada, ben):
        conn.sent.clear()
    seq, _ = await live.do("ada", "vote.cast", round_id=round_id, target_id=theme.result["card_id"])
    ev = {name: next(f for f in c.frames() if f["t"] == "ev") for name, c in (("sam", sam), ("ada", ada), ("ben", ben))}
    assert all(e["seq"] == seq for e in ev.values())
    assert any(r["kind"] == "vote" for r in ev["ada"]["put"])
    assert not any(r["kind"] == "vote" for r in ev["ben"]["put"] + ev["sam"]["put"])
    round_for_ben = next(r for r in ev["ben"]["put"] if r["kind"] == "round")
    assert "tallies" not in round_for_ben and "dots_used" not in round_for_ben  # V6: hidden while open
    assert next(r for r in ev["sam"]["put"] if r["kind"] == "round")["tallies"]


async def test_a_card_without_its_writers_name_shows_the_name_to_its_writer_and_staff_only():
    live = await LiveHub.start()
    sam, ada, ben = [await live.connect(w) for w in ("sam", "ada", "ben")]
    for conn in (sam, ada, ben):
        conn.sent.clear()
    await live.do("ada", "card.create", board_id=live.board("nww"), type="theme", text="Quiet", unnamed=True)
    card = {name: next(r for f in c.frames() if f["t"] == "ev" for r in f["put"] if r["kind"] == "card")
            for name, c in (("sam", sam), ("ada", ada), ("ben", ben))}
    assert card["ada"]["created_by"] == card["sam"]["created_by"] == live.ids["ada"]
    assert "created_by" not in card["ben"]


async def test_a_new_role_changes_the_view_a_connection_is_sent():
    live = await LiveHub.start()
    theme = (await live.do("sam", "card.create", board_id=live.board("nww"), type="theme", text="I am lonely"))[1]
    round_id = (await live.do("sam", "round.open", board_id=live.board("nww"), hidden=True))[1].result["round_id"]
    ben = await live.connect("ben")
    await live.do("ada", "vote.cast", round_id=round_id, target_id=theme.result["card_id"])
    await live.do("sam", "participant.set_role", participant_id=live.ids["ben"], role="host")
    ben.sent.clear()
    await live.do("sam", "card.update", card_id=theme.result["card_id"], x=0.5, y=0.5)  # seen alike by all
    await live.do("sam", "round.close", round_id=round_id)
    await live.do("sam", "round.open", board_id=live.board("nww"), hidden=True)
    rounds = [r for f in ben.frames() if f["t"] == "ev" for r in f["put"] if r["kind"] == "round"]
    assert rounds and all("tallies" in r for r in rounds)  # a host sees a hidden round's tallies


async def test_an_event_nothing_of_which_is_yours_still_carries_its_seq():
    live = await LiveHub.start()
    ben = await live.connect("ben")
    ben.sent.clear()
    seq, _ = await live.do("sam", "answer.create", question="ww", text="Kind carers")
    assert ben.frames() == [{"t": "ev", "seq": seq, "put": [], "del": []}]


async def test_ephemeral_messages_stay_in_the_senders_room():
    live = await LiveHub.start()
    ada, ben, sam = [await live.connect(w) for w in ("ada", "ben", "sam")]
    table = (await live.do("sam", "room.create", type="table"))[1].result["room_id"]
    await live.do("sam", "room.assign", participant_id=live.ids["ben"], room_id=table)
    await live.do("ben", "room.enter", room_id=table)
    for conn in (ada, ben, sam):
        conn.sent.clear()
    live.hub.relay_ephemeral(ada, {"kind": "drag", "card_id": "c1", "x": 0.1, "y": 0.2})
    assert [f["t"] for f in sam.frames()] == ["eph"] and ben.frames() == [] and ada.frames() == []


async def test_a_connection_whose_person_is_gone_is_closed():
    live = await LiveHub.start()
    stranger = FakeConnection("p-nobody")
    live.hub.connections.add(stranger)
    await live.do("sam", "hand.raise")
    assert stranger.closed and stranger.closed[0] == 4403


# ---- welcome and replay ----------------------------------------------------------------------

async def test_a_welcome_gives_the_full_view_without_since_and_a_replay_with_it():
    live = await LiveHub.start()
    seq, _ = await live.do("sam", "hand.raise")
    ada = await live.connect("ada")
    welcome = ada.frames()[0]
    assert welcome["t"] == "welcome" and welcome["seq"] == seq and "records" in welcome
    assert not any(r["kind"] == "workshop" and "join_code" in r for r in welcome["records"])  # P1
    await live.do("sam", "hand.lower")
    await live.do("ben", "hand.raise")
    back = await live.connect("ada", since=seq)
    replay = back.frames()[0]["replay"]
    assert [e["seq"] for e in replay] == [seq + 1, seq + 2]


async def test_a_replay_older_than_memory_comes_from_the_store():
    live = await LiveHub.start()
    start = live.hub.seq
    for _ in range(5):
        await live.do("ada", "hand.raise")
        await live.do("ada", "hand.lower")
    live.hub.live.recent.clear()  # as if memory held only newer events
    back = await live.connect("ben", since=start)
    assert [e["seq"] for e in back.frames()[0]["replay"]] == list(range(start + 1, start + 11))


async def test_staff_welcomes_carry_reconnect_counts():
    live = await LiveHub.start()
    ada = await live.connect("ada")
    live.hub.detach(ada)
    await live.connect("ada", since=live.hub.seq)
    sam = await live.connect("sam")
    assert sam.frames()[0]["reconnects"] == {live.ids["ada"]: 1}
    assert "reconnects" not in (await live.connect("ben")).frames()[0]


async def test_a_repeat_sent_to_another_process_is_answered_from_the_events_it_caught_up_on():
    """A process that died after committing but before acking: the client resends to another one."""
    live = await LiveHub.start()
    from server.realtime.hub import Hubs
    other = await Hubs(live.store, live.bus, live.hubs.settings).get("w1")  # loaded before the op
    first = await live.do("ada", "card.create", client_op="fp-5", board_id=live.board("nww"), type="note", text="a")
    again = await other.execute(live.ids["ada"], "card.create",
                                {"board_id": live.board("nww"), "type": "note", "text": "a"}, client_op="fp-5")
    assert again[0] == first[0] and again[1].result == first[1].result
    assert sum(1 for c in other.state.of_kind("card") if c["type"] == "note") == 1


async def test_a_welcome_shows_who_is_online_as_it_is_when_it_is_made_even_within_one_batch():
    """Who is online is listed once for the welcomes of a batch, and again when someone comes or goes
    between two of them (here or in another process): each welcome is what dumps of its frame gives."""
    import orjson

    from server.domain.views import visible
    from server.realtime.fanout import dumps
    from server.realtime.welcome import Welcomes, view_of_state, welcome

    live = await LiveHub.start()
    sam, ada, ben = (live.ids[who] for who in ("sam", "ada", "ben"))
    welcomes = Welcomes(live.hub)
    seen = []
    for change in (lambda: live.hub.presence.arrive(sam, resumed=False),
                   lambda: None,  # nobody came or went: the same list
                   lambda: live.hub.presence.arrive(ada, resumed=True),
                   lambda: live.hub.presence.on_remote("other", {ben: 1}, replace=False),
                   lambda: live.hub.presence.leave(ada)):
        change()
        online = live.hub.online_ids()
        for who in (sam, ben):
            me = live.hub.state.get(who)
            frame = {"t": "welcome", "seq": live.hub.seq, "me": visible(me, me, online), "online": sorted(online)}
            if me["role"] == "facilitator":
                frame["reconnects"] = dict(live.hub.presence.reconnects)
            frame["records"] = view_of_state(live.hub.live, me, online)
            got = (await welcome(live.hub, FakeConnection(who), None, welcomes)).data
            assert got == dumps(frame).encode()
        seen.append(orjson.loads(got)["online"])
    assert seen == [[sam], [sam], sorted([sam, ada]), sorted([sam, ada, ben]), sorted([sam, ben])]


async def test_welcomes_of_a_batch_share_each_view_and_give_each_person_their_own_records():
    """A batch's welcomes are put together from views encoded once: byte for byte what building each
    welcome alone gives, the writer's own unnamed card, votes and poll answers included."""
    import orjson

    from server.domain.views import visible
    from server.realtime.fanout import dumps, event_message
    from server.realtime.welcome import Welcomes, view_of_state, welcome

    live = await LiveHub.start()
    for name in ("cy", "dee"):
        _, joined = await live.hub.execute(None, "participant.join", {"name": name.title()}, internal=True,
                                           credential=f"tok-{name}")
        live.ids[name] = joined.result["participant_id"]
    table = (await live.do("sam", "room.create", type="table"))[1].result["room_id"]
    for who in ("ada", "cy"):
        await live.do("sam", "room.assign", participant_id=live.ids[who], room_id=table)
    start = live.hub.seq
    theme = (await live.do("ben", "card.create", board_id=live.board("nww"), type="theme", text="Quiet",
                           unnamed=True))[1]
    round_id = (await live.do("sam", "round.open", board_id=live.board("nww"), hidden=True))[1].result["round_id"]
    await live.do("ada", "vote.cast", round_id=round_id, target_id=theme.result["card_id"])
    await live.do("ben", "vote.cast", round_id=round_id, target_id=theme.result["card_id"])
    poll = (await live.do("sam", "poll.create", question="Tea?", options=["Yes", "No"]))[1].result["poll_id"]
    await live.do("cy", "poll.answer", poll_id=poll, choices=[1])
    await live.do("ada", "chat.send", text="Table one here")
    await live.do("ben", "chat.send", text="Everyone")
    await live.do("sam", "participant.set_role", participant_id=live.ids["dee"], role="host")

    for who in live.ids:
        live.hub.presence.arrive(live.ids[who], resumed=False)
    online = live.hub.online_ids()
    welcomes = Welcomes(live.hub)
    for since in (None, start):
        for who in ("sam", "ada", "ben", "cy", "dee", "ada"):  # each view, and one asked for twice
            me = live.hub.state.get(live.ids[who])
            frame = {"t": "welcome", "seq": live.hub.seq, "me": visible(me, me, online), "online": sorted(online)}
            if me["role"] in ("facilitator", "host"):
                frame["reconnects"] = dict(live.hub.presence.reconnects)
            if since is None:
                frame["records"] = view_of_state(live.hub.live, me, online)
            else:
                frame["replay"] = [event_message(e, me, online) for e in live.hub.live.recent_since(since)]
            got = await welcome(live.hub, FakeConnection(live.ids[who]), since, welcomes)
            assert got.data == dumps(frame).encode(), who
    ben_sees = orjson.loads((await welcome(live.hub, FakeConnection(live.ids["ben"]), None, welcomes)).data)
    ada_sees = orjson.loads((await welcome(live.hub, FakeConnection(live.ids["ada"]), None, welcomes)).data)
    assert next(r for r in ben_sees["records"] if r["id"] == theme.result["card_id"])["created_by"] == live.ids["ben"]
    assert "created_by" not in next(r for r in ada_sees["records"] if r["id"] == theme.result["card_id"])
    assert [r["voter_id"] for r in ada_sees["records"] if r["kind"] == "vote"] == [live.ids["ada"]]
    assert "Table one here" in {r.get("text") for r in ada_sees["records"]} - {
        r.get("text") for r in ben_sees["records"]}


async def test_an_event_from_another_process_does_not_wait_for_the_lock_and_goes_before_the_next_batch():
    """The bus hands its messages over one at a time: one waiting for the hub's lock (held by a commit) held
    up every later one, and the other process's events came in one per commit here, so this process's
    batches were decided against an old seq and found Behind (bench/scale.py split). Told while the lock
    is held, the event waits in the inbox, and the next batch here is decided after it."""
    live = await LiveHub.start()
    from server.realtime.hub import Hubs
    behind = []

    class Watching:  # the same store, noting each commit that found the workshop moved on
        def __getattr__(self, name):
            return getattr(live.store, name)

        async def commit(self, workshop_id, expected_seq, entries, create=False, on_behind=None, bulk=False):
            async def noted(missed):
                behind.append([e.seq for e in missed])
                return await on_behind(missed)
            return await live.store.commit(workshop_id, expected_seq, entries, create, noted if on_behind else None,
                                           bulk)

    other = await Hubs(Watching(), live.bus, live.hubs.settings).get("w1")  # another process
    ben = FakeConnection(live.ids["ben"])
    await other.attach(ben, None)
    seq, _ = await live.do("ada", "hand.raise")
    event = live.hub.live.recent[-1]
    async with other.lock:  # a commit of the other process's own in flight
        told = asyncio.ensure_future(other.on_remote_event(event, [{"kind": "chill_out_entered"}]))
        for _ in range(3):
            await asyncio.sleep(0)
        assert told.done()
        mine = asyncio.ensure_future(other.execute(live.ids["ben"], "hand.raise", {}))
        await asyncio.sleep(0)
    assert (await mine)[0] == seq + 1 and behind == []
    assert [f["seq"] for f in ben.frames() if f["t"] == "ev"][-2:] == [seq, seq + 1]
    await other.on_remote_event(event, [])  # told again, or after catching up: nothing more to take
    assert other.seq == seq + 1 and not other.inbox


async def test_an_event_from_another_process_told_while_nobody_holds_the_lock_is_sent_in_the_same_call():
    """With the lock free (nothing decided and not yet stored), the event is taken and sent to the connections
    here before the bus's call returns: no task of its own waits a turn of the loop for every event of the
    other processes. With a gap before it, the task catches up from the database."""
    live = await LiveHub.start()
    from server.realtime.hub import Hubs
    other = await Hubs(live.store, live.bus, live.hubs.settings).get("w1")  # another process
    ben = FakeConnection(live.ids["ben"])
    await other.attach(ben, None)
    await live.do("ada", "hand.raise")
    first = live.hub.live.recent[-1]
    await other.on_remote_event(first, [])
    assert other.seq == first.seq and not other.inbox and other.taking is None
    assert [f["seq"] for f in ben.frames() if f["t"] == "ev"][-1] == first.seq
    await live.do("ada", "hand.lower")
    await live.do("ada", "hand.raise")
    last = live.hub.live.recent[-1]
    await other.on_remote_event(last, [])  # the one before it never told: a gap, caught up from the database
    assert other.taking is not None
    await other.taking
    assert other.seq == last.seq and not other.inbox
    assert [f["seq"] for f in ben.frames() if f["t"] == "ev"][-2:] == [last.seq - 1, last.seq]


async def test_a_committed_event_goes_to_the_other_processes_before_this_ones_connections():
    """The bus's sender is woken before the flusher that writes to our connections, so the other processes
    fan the event out while this one does (on another core), not after it."""
    live = await LiveHub.start()
    ada = await live.connect("ada")
    seen_then = []
    publish = live.bus.publish

    async def publishing(workshop_id, event, notices):
        seen_then.append((event.seq, [f.get("seq") for f in ada.frames() if f["t"] in ("ev", "ack")]))
        await publish(workshop_id, event, notices)

    live.bus.publish = publishing
    seq, _ = await live.do("ada", "hand.raise")
    assert seen_then == [(seq, [])]
    assert [f.get("seq") for f in ada.frames() if f["t"] == "ev"] == [seq]
