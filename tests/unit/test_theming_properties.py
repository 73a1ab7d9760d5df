"""Theming properties over any sequence of ops by anyone (T1–T4, T8, O1, O2), refused ops included.

Whatever people do — group, ungroup, duplicate, split, move between boards, add and delete
themes, delete cards — no data card is lost (T3), none is in two themes (T1) or in a theme on
another board or a theme that is gone (T4), every theme's count is right (T2), a refused op
changes nothing (O1) and every changed record's `v` rises by exactly one (O2).
"""
import copy

from hypothesis import HealthCheck, Phase, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from server.domain.errors import Rejected
from server.domain.gate import apply_op
from server.domain.themes import answer_of

from .conftest import ROLES, Workshop, count_in
from .test_state_indexes import assert_indexes_agree

GONE = "c-gone"
actors = st.sampled_from(ROLES)
boards = st.integers(min_value=0, max_value=4)  # ww, nww, iff, a second nww, parking
picks = st.tuples(st.sampled_from(["preferred", "mine", "preferred", "mine", "any", "gone"]),
                  st.integers(min_value=0, max_value=31))


class Theming(RuleBasedStateMachine):
    """A workshop played on by random people; lineage of every data card is tracked."""

    @initialize()
    def setup(self):
        self.ws = Workshop()
        self.boards = [self.ws.board(t)["id"] for t in ("ww", "nww", "iff")]
        self.boards.append(self.ws.new_board("nww", title="NOT WORKING WELL (table 2)"))
        self.boards.append(self.ws.new_board("parking"))  # data cards and themes may not go here
        self.ever: set[str] = set()  # every data card that ever existed
        self.split_into: dict[str, list[str]] = {}  # original → its parts
        self.deleted_by_staff: set[str] = set()
        for board in self.boards[:3]:
            theme = self.ws.theme(board=self.ws.get(board)["type"], text="I want to be heard")
            for i in range(2):
                self.ws.data(board=self.ws.get(board)["type"], text=f"Answer {i}", theme_id=theme if i else None)
        self.ws.card("nww", "note", who="participant")
        self._remember()

    # ---- drawing ids ---------------------------------------------------------------------------

    def _cards(self, card_type: str | None = None) -> list[str]:
        return sorted(c["id"] for c in self.ws.state.of_kind("card") if card_type in (None, c["type"]))

    def _any_card(self, pick: tuple[str, int], preferred: str, who: str | None = None) -> str:
        """Mostly a card of the preferred type (or one `who` made), sometimes any card or one that is
        gone (to be refused). `pick` is (pool, index): integers shrink well and read well."""
        pool, index = pick
        ids = self._cards(preferred) if pool in ("preferred", "mine") else self._cards() if pool == "any" else []
        if pool == "mine" and who is not None:  # own cards are what a participant may delete
            ids = [i for i in ids if self.ws.get(i).get("created_by") == self.ws.ids[who]] or ids
        return ids[index % len(ids)] if ids else GONE

    # ---- playing an op -------------------------------------------------------------------------

    def _play(self, who: str, op: str, **args) -> None:
        state = self.ws.state
        actor = self.ws.actor(who)
        before = copy.deepcopy(state.records)
        try:
            change = apply_op(state, actor, op, args, self.ws.ctx)
            note(f"{who}: {op} {args} -> put {[r['id'] for r in change.put]} del {change.del_ids}")
        except Rejected as refused:
            note(f"{who}: {op} {args} -> {refused.code}")
            assert refused.message and refused.code in ("forbidden", "not_found", "invalid", "too_long", "conflict")
            assert state.records == before, "O1: a refused op changed the state"
            return
        assert state.records == before, "deciding an op must not touch the state"
        # O2: each record an op puts is one version on from what it was; new ones start at 1
        ids = [r["id"] for r in change.put] + change.del_ids
        assert len(ids) == len(set(ids)), "a record is put or deleted once per op"
        for record in change.put:
            old = before.get(record["id"])
            assert record["v"] == (old["v"] + 1 if old else 1), (op, record, old)
        for record in change.deleted:
            assert before[record["id"]] == record
        state.apply(change)
        self._check_lineage(before, who, op, args, change)
        self._remember()

    def _check_lineage(self, before, who, op, args, change) -> None:
        """T3: a data card leaves only by a split (into parts that name it) or a staff delete."""
        was = {i for i, r in before.items() if r["kind"] == "card" and r["type"] == "data"}
        now = {c["id"] for c in self.ws.data_cards()}
        lost, new = was - now, now - was
        if op == "card.split":
            assert lost == {args["card_id"]}
            parts = change.result["card_ids"]
            assert set(parts) == new and len(parts) == len(args["texts"])
            assert all(self.ws.get(p)["split_from"] == args["card_id"] for p in parts)
            original = before[args["card_id"]]
            assert all(self.ws.get(p)["theme_id"] == original["theme_id"] for p in parts)
            self.split_into[args["card_id"]] = parts
        elif op == "card.delete" and args["card_id"] in was:
            assert who in ("facilitator", "host"), "R9: only staff delete data cards"
            assert lost == {args["card_id"]} and not new
            self.deleted_by_staff.add(args["card_id"])
        else:
            assert not lost, f"T3: {op} lost data cards {lost}"
        if op == "card.duplicate":
            assert new == {change.result["card_id"]}
            assert self.ws.get(change.result["card_id"])["duplicate_of"] == args["card_id"]
        elif op == "card.create":
            assert new <= {change.result["card_id"]}
        elif op != "card.split":
            assert not new

    def _remember(self) -> None:
        self.ever |= {c["id"] for c in self.ws.data_cards()}

    # ---- the ops -------------------------------------------------------------------------------

    @rule(who=actors, card=picks, theme=picks)
    def group(self, who, card, theme):
        self._play(who, "card.group", card_id=self._any_card(card, "data"), theme_id=self._any_card(theme, "theme"))

    @rule(who=actors, card=picks)
    def ungroup(self, who, card):
        self._play(who, "card.group", card_id=self._any_card(card, "data"), theme_id=None)

    @rule(who=actors, card=picks, theme=st.none() | picks)
    def duplicate(self, who, card, theme):
        args = {"card_id": self._any_card(card, "data", who)}
        if theme is not None:
            args["theme_id"] = self._any_card(theme, "theme")
        self._play(who, "card.duplicate", **args)

    @rule(who=actors, card=picks, parts=st.integers(min_value=1, max_value=4))
    def split(self, who, card, parts):
        self._play(who, "card.split", card_id=self._any_card(card, "data"), texts=[f"Part {i}" for i in range(parts)])

    @rule(who=actors, card=picks, kind=st.sampled_from(["data", "theme"]), board=boards)
    def move(self, who, card, kind, board):
        self._play(who, "card.update", card_id=self._any_card(card, kind), board_id=self.boards[board])

    @rule(who=actors, board=boards)
    def create_theme(self, who, board):
        self._play(who, "card.create", board_id=self.boards[board], type="theme", text="I want choice")

    @rule(who=actors, board=boards, theme=st.none() | picks)
    def create_data(self, who, board, theme):
        args = {"board_id": self.boards[board], "type": "data", "text": "New answer"}
        if theme is not None:
            args["theme_id"] = self._any_card(theme, "theme")
        self._play(who, "card.create", **args)

    @rule(who=actors, theme=picks)
    def delete_theme(self, who, theme):
        self._play(who, "card.delete", card_id=self._any_card(theme, "theme", who))

    @rule(who=actors, card=picks)
    def delete_card(self, who, card):
        self._play(who, "card.delete", card_id=self._any_card(card, "data", who))

    # ---- what always holds ---------------------------------------------------------------------

    @invariant()
    def T1_T4_each_data_card_is_in_at_most_one_theme_on_its_own_board(self):
        for card in self.ws.data_cards():
            theme_id = card["theme_id"]
            assert theme_id is None or isinstance(theme_id, str)
            if theme_id is not None:
                theme = self.ws.get(theme_id)
                assert theme is not None, f"T4: {card['id']} is in a theme that does not exist"
                assert theme["kind"] == "card" and theme["type"] == "theme"
                assert theme["board_id"] == card["board_id"], f"T4: {card['id']} is in a theme on another board"
            assert self.ws.get(card["board_id"])["type"] in ("ww", "nww", "iff"), "T10"

    @invariant()
    def the_state_indexes_agree_with_a_full_scan(self):
        assert_indexes_agree(self.ws.state)

    @invariant()
    def T8_an_answer_sits_at_most_once_in_a_theme(self):
        seen = set()
        for card in self.ws.data_cards():
            if card["theme_id"] is not None:
                key = (card["theme_id"], answer_of(self.ws.state, card))
                assert key not in seen, f"T8: {card['id']} repeats an answer already in its theme"
                seen.add(key)

    @invariant()
    def T2_every_theme_count_is_right(self):
        for theme in self.ws.state.of_kind("card"):
            if theme["type"] == "theme":
                assert theme["count"] == count_in(self.ws.state, theme["id"]), theme
                assert self.ws.get(theme["board_id"])["type"] in ("ww", "nww", "iff")

    @invariant()
    def T3_no_data_card_is_lost(self):
        here = {c["id"] for c in self.ws.data_cards()}
        for card_id in self.ever - here:
            assert card_id in self.deleted_by_staff or card_id in self.split_into, f"T3: {card_id} was lost"
        for original, parts in self.split_into.items():
            assert original not in here
            for part in parts:
                assert part in here or part in self.deleted_by_staff or part in self.split_into
        for card in self.ws.data_cards():
            for source in ("split_from", "duplicate_of"):
                if card[source] is not None:
                    assert card[source] in self.ever, f"{card['id']} descends from an unknown card"


TestTheming = Theming.TestCase
# No explain phase: on a stateful machine it takes minutes; the notes above already show each op.
TestTheming.settings = settings(max_examples=150, stateful_step_count=40, deadline=None,
                                suppress_health_check=[HealthCheck.too_slow],
                                phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink])
