"""Domain test helpers: a deterministic OpContext and a small workshop to play ops on (no I/O)."""
import copy
import itertools
import random
from collections import defaultdict

import pytest

from tests.unit.gate_helpers import join_workshop, new_workshop
from server.domain.errors import Change, Rejected
from server.domain.gate import apply_op
from server.domain.state import OpContext, WorkshopState

NOW = "2026-01-01T10:00:00Z"
ROLES = ("facilitator", "host", "participant", "projector")


def make_ctx() -> OpContext:
    """Counter ids (`c1`, `c2`, … per prefix) and a fixed time."""
    counters = defaultdict(itertools.count)

    def new_id(prefix: str) -> str:
        return f"{prefix}{next(counters[prefix]) + 1}"

    ctx = OpContext(now=NOW, new_id=new_id)
    if hasattr(ctx, "rng"):  # chance (random tables) is seeded too
        ctx.rng = random.Random(7)
    return ctx


class Workshop:
    """A workshop with a facilitator, a host, a participant and a projector, and ops to play on it."""

    def __init__(self):
        self.ctx = make_ctx()
        self.state = WorkshopState("w1")
        created = new_workshop("w1", "Better day services", "Hear what works", "Sam", "JOIN42", self.ctx)
        self.state.apply(created)
        self.ids = {"facilitator": created.result["participant_id"]}
        for role, name, perspective in (("host", "Hana", "provider"), ("participant", "Pat", "lived_experience"),
                                        ("projector", "Wall", None)):
            joined = join_workshop(self.state, name, perspective, self.ctx)
            self.state.apply(joined)
            self.ids[role] = joined.result["participant_id"]
            if role != "participant":
                self.do("facilitator", "participant.set_role", participant_id=self.ids[role], role=role)

    # ---- looking -------------------------------------------------------------------------------

    def actor(self, who) -> dict:
        """A participant record by role name ("host") or by id."""
        return self.state.records[self.ids.get(who, who)]

    def get(self, record_id: str) -> dict | None:
        return self.state.get(record_id)

    def board(self, board_type: str) -> dict:
        """The first board of that type."""
        return next(b for b in self.state.of_kind("board") if b["type"] == board_type)

    def data_cards(self) -> list[dict]:
        return [c for c in self.state.of_kind("card") if c["type"] == "data"]

    # ---- doing ---------------------------------------------------------------------------------

    def decide(self, who, op: str, **args) -> Change:
        """The Change the op would make, without applying it."""
        return apply_op(self.state, self.actor(who), op, args, self.ctx)

    def do(self, who, op: str, **args) -> Change:
        change = self.decide(who, op, **args)
        self.state.apply(change)
        return change

    def refused(self, who, op: str, code: str, field: str | None = None, **args) -> Rejected:
        """Assert the op is refused with `code` (and `field`), and that nothing changed."""
        before = copy.deepcopy(self.state.records)
        with pytest.raises(Rejected) as caught:
            self.do(who, op, **args)
        assert self.state.records == before
        assert caught.value.code == code, caught.value.message
        if field is not None:
            assert caught.value.field == field
        assert caught.value.message and "{" not in caught.value.message
        return caught.value

    # ---- building ------------------------------------------------------------------------------

    def theme(self, board: str = "nww", text: str = "I want to be listened to", who="facilitator", **extra) -> str:
        change = self.do(who, "card.create", board_id=self.board(board)["id"], type="theme", text=text, **extra)
        return change.result["card_id"]

    def data(self, board: str = "nww", text: str = "Nobody calls back", theme_id: str | None = None,
             who="facilitator", **extra) -> str:
        args = dict(board_id=self.board(board)["id"], type="data", text=text, **extra)
        if theme_id is not None:
            args["theme_id"] = theme_id
        return self.do(who, "card.create", **args).result["card_id"]

    def card(self, board: str, card_type: str, text: str = "Some words", who="participant", **extra) -> str:
        args = dict(board_id=self.board(board)["id"], type=card_type, text=text, **extra)
        return self.do(who, "card.create", **args).result["card_id"]

    def new_board(self, board_type: str, **extra) -> str:
        return self.do("facilitator", "board.create", type=board_type, **extra).result["board_id"]

    def table(self, number: int) -> str:
        """A table room (rooms have no op yet, so it is put straight into the state)."""
        room = {"id": f"r-table-{number}", "kind": "room", "v": 1, "type": "table",
                "name": f"Table {number}", "number": number}
        # the participant sits at the table made last, so they may write on its boards (rule L2)
        person = self.state.get(self.ids["participant"])
        self.state.apply(Change(put=[room, {**person, "table_id": room["id"], "v": person["v"] + 1}]))
        return room["id"]


def count_in(state: WorkshopState, theme_id: str) -> int:
    return sum(1 for c in state.of_kind("card") if c["type"] == "data" and c.get("theme_id") == theme_id)


def assert_counts_right(state: WorkshopState) -> None:
    """T2: every theme's `count` is the number of data cards holding its id."""
    for theme in state.of_kind("card"):
        if theme["type"] == "theme":
            assert theme["count"] == count_in(state, theme["id"]), theme


@pytest.fixture
def ws() -> Workshop:
    return Workshop()
