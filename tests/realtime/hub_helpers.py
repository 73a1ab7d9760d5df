"""A hub in this process, on the in-memory store and the in-process bus, with fake connections."""
from server.bus import LocalBus
from server.config import Settings
from server.realtime.hub import Hubs
from tests.fakes import FakeConnection, MemoryStore


class LiveHub:
    """A workshop with a facilitator (Sam) and two participants (Ada, Ben), served by one Hub."""

    @classmethod
    async def start(cls, store: MemoryStore | None = None, **settings):
        self = cls()
        self.store = store or MemoryStore()
        self.bus = LocalBus()
        self.hubs = Hubs(self.store, self.bus, Settings(_env_file=None, **settings))
        await self.bus.start(self.hubs)
        self.hub = self.hubs.new("w1")
        _, change = await self.hub.execute(None, "workshop.create", {"title": "T", "facilitator_name": "Sam",
                                                                     "join_code": "CODE2345"},
                                           internal=True, credential="tok-sam", create=True)
        self.ids = {"sam": change.result["participant_id"]}
        for name in ("ada", "ben"):
            _, joined = await self.hub.execute(None, "participant.join", {"name": name.title()}, internal=True,
                                               credential=f"tok-{name}")
            self.ids[name] = joined.result["participant_id"]
        return self

    def board(self, board_type: str) -> str:
        return next(b["id"] for b in self.hub.state.of_kind("board") if b["type"] == board_type)

    async def connect(self, who: str, since=None) -> FakeConnection:
        conn = FakeConnection(self.ids[who])
        await self.hub.attach(conn, since)
        return conn

    async def do(self, who: str, op: str, client_op=None, **args):
        return await self.hub.execute(self.ids[who], op, args, client_op=client_op)
