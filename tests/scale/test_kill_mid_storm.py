"""kill -9 one of three processes behind nginx while nine people are writing: the people it served
reconnect through nginx to the others and resume with `since`; no acknowledged op is lost and every
connection's stream of events has no gap, whichever processes it went through."""
import asyncio
import json
import signal

from tests.realtime.client import connect


class Person:
    """One member writing notes; reconnects through nginx with `since` when its connection drops."""

    def __init__(self, front, wid, token, name):
        self.front, self.wid, self.token, self.name = front, wid, token, name
        self.client = None
        self.streams: list[list] = []  # per connection: the raw frames it got
        self.acked: list[tuple[int, str]] = []  # (seq, card_id)
        self.reconnects = 0

    def seqs(self) -> list[int]:
        """Every event seq this person's connections got, in arrival order (replays included)."""
        out = []
        for raw in self.streams:
            for text in raw:
                m = json.loads(text)
                if m.get("t") == "welcome":
                    out += [e["seq"] for e in m.get("replay") or ()]
                elif m.get("t") == "ev":
                    out.append(m["seq"])
        return out

    async def open(self):
        seen = self.seqs()
        client, welcome = await connect(self.front.ws_url(self.wid), self.token, since=seen[-1] if seen else None,
                                        name=self.name)
        assert welcome["t"] == "welcome", welcome
        if not seen:
            self.start = welcome["seq"]
        self.client = client
        self.streams.append(client.raw)
        return welcome

    async def write(self, board, n):
        k = 0
        while len(self.acked) < n and k < n + 10:
            k += 1
            try:
                op_id = await self.client.send_op("card.create", {"board_id": board, "type": "note",
                                                                  "text": f"{self.name} {k}"})
                answer = await self.client.recv(lambda m: m.get("id") == op_id and m.get("t") in ("ack", "err"), 10)
            except Exception:  # noqa: BLE001  the connection went away under the send
                answer = None
            if answer is None:  # its process died: not acknowledged, so it may or may not have happened
                self.reconnects += 1
                await self.open()
                continue
            assert answer["t"] == "ack", answer
            self.acked.append((answer["seq"], answer["result"]["card_id"]))
            await asyncio.sleep(0.05)


async def test_kill_9_mid_storm_loses_no_acked_op_and_leaves_no_seq_gap(three_behind_nginx):
    front, servers = three_behind_nginx.front, three_behind_nginx.servers
    workshop = front.create_workshop("Kill -9", "Sam")
    wid = workshop["workshop_id"]
    people = [Person(front, wid, front.join(workshop, f"P{i}")["token"], f"p{i}") for i in range(9)]
    welcome = None
    for person in people:
        welcome = await person.open()
    ww = next(r["id"] for r in welcome["records"] if r["kind"] == "board" and r["type"] == "ww")
    writing = [asyncio.create_task(p.write(ww, 12)) for p in people]
    while sum(len(p.acked) for p in people) < 30:
        await asyncio.sleep(0.05)
    servers[0].process.send_signal(signal.SIGKILL)
    await asyncio.wait_for(asyncio.gather(*writing), 120)

    assert sum(p.reconnects for p in people) >= 1  # somebody really was on the killed process
    acked = sorted(seq for p in people for seq, _ in p.acked)
    last = acked[-1]
    for p in people:  # every connection catches up to the end (each frame read lands in its raw)
        while not p.seqs() or max(p.seqs()) < last:
            m = await p.client.recv(lambda m: m.get("t") == "ev", 10)
            assert m is not None, f"{p.name} stopped at {max(p.seqs())} of {last}"
    for p in people:
        got = sorted(set(s for s in p.seqs() if s > p.start))
        assert got == list(range(p.start + 1, got[-1] + 1)), f"{p.name} has a gap: {got}"
        assert set(acked) <= set(got) | set(range(0, p.start + 1))
    cards = {r["id"] for r in servers[1].state(wid, workshop["token"])["records"] if r["kind"] == "card"}
    assert {cid for p in people for _, cid in p.acked} <= cards
    for p in people:
        await p.client.close()
