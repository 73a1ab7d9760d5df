"""Dot voting: rounds on a board, dots cast and taken back, exact tallies.

Rules (docs/rules.md): V1 each person has `per_person` dots (default 3); V2 at most `per_target`
of them on one card (default 2); V3 one open round per board; V4 once closed, a round's tallies
never change; V7 what a closed round decided stays (guards.py), and it keeps the texts its targets
had when it closed (`voted_texts`), for the report; V5 votes are secret: a vote record reaches only its voter; V6 while a hidden round
is open only facilitators and hosts see its tallies. Every cast and retract is an event, so a
count can always be checked against the log.
"""
from ..protocol import RoundAbstain, RoundClose, RoundOpen, VoteCast, VoteRetract, limits
from ..i18n import Plural
from .errors import Change, Rejected
from .state import OpContext, WorkshopState, revise
from .boards import require_board

VOTABLE = ("theme", "idea")
MAX_DOTS = limits.MAX_DOTS


def open_round(state: WorkshopState, actor: dict, args: RoundOpen, ctx: OpContext) -> Change:
    """`round.open`: a new round of dots on a board's themes or ideas."""
    board = require_board(state, args.board_id)
    boards = [board["id"]] + [require_board(state, b, f"board_ids.{i}")["id"] for i, b in enumerate(args.board_ids or [])
                              if b != board["id"]]
    busy = {b for r in state.of_kind("round") if r["status"] == "open" for b in r.get("board_ids", [r["board_id"]])}
    if busy.intersection(boards):
        raise Rejected("conflict", "A vote is already open on this board. Close it before opening another.",
                       "board_id")
    if not 1 <= args.per_person <= MAX_DOTS:
        raise Rejected("invalid", "Each person can have from 1 to {n} dots.", "per_person", n=MAX_DOTS)
    if not 1 <= args.per_target <= args.per_person:
        raise Rejected("invalid", "The most dots on one card must be at least 1 and no more than the dots "
                                  "each person has.", "per_target")
    round_ = {"id": ctx.new_id("v"), "kind": "round", "v": 1, "board_id": board["id"], "board_ids": boards,
              "status": "open",
              "per_person": args.per_person, "per_target": args.per_target, "hidden": args.hidden,
              "tallies": {}, "dots_used": {}, "abstained": [], "opened_by": actor["id"],
              "opened_at": ctx.now, "closed_by": None, "closed_at": None}
    return Change(put=[round_], result={"round_id": round_["id"]})


def close_round(state: WorkshopState, actor: dict, args: RoundClose, ctx: OpContext) -> Change:
    """`round.close`: the tallies are final from now on."""
    round_ = _open_round(state, args.round_id)
    voted = {tid: card["text"] for tid in round_["tallies"] if (card := state.get(tid)) is not None}
    return Change(put=[revise(round_, status="closed", closed_by=actor["id"], closed_at=ctx.now, voted_texts=voted)])


def _open_round(state: WorkshopState, round_id) -> dict:
    round_ = state.require(round_id, "round", "vote", "round_id")
    if round_["status"] != "open":
        raise Rejected("vote_closed", "This vote has closed, so dots can no longer be changed.", "round_id")
    return round_


def _my_votes(state: WorkshopState, round_id: str, voter_id: str) -> list[dict]:
    return [v for v in state.ballots_of(round_id, voter_id) if v["kind"] == "vote"]


def cast(state: WorkshopState, actor: dict, args: VoteCast, ctx: OpContext) -> Change:
    """`vote.cast`: one dot on a theme or idea, within the round's limits."""
    round_ = _open_round(state, args.round_id)
    target = state.require(args.target_id, "card", "card", "target_id")
    if target["board_id"] not in round_.get("board_ids", [round_["board_id"]]) or target["type"] not in VOTABLE:
        raise Rejected("invalid", "Dots go on the themes or ideas of the board being voted on.", "target_id")
    mine = _my_votes(state, round_["id"], actor["id"])
    if len(mine) >= round_["per_person"]:
        raise Rejected("vote_limit", Plural("You have used your {n} dot. Take it back to move it.",
                                            "You have used all your {n} dots. Take one back to move it.",
                                            round_["per_person"]))
    on_target = sum(1 for v in mine if v["target_id"] == target["id"])
    if on_target >= round_["per_target"]:
        n = round_["per_target"]
        if target["type"] == "theme":
            raise Rejected("vote_target_limit", Plural("You already put {n} dot on this theme.",
                                                       "You already put {n} dots on this theme.", n))
        raise Rejected("vote_target_limit", Plural("You already put {n} dot on this idea.",
                                                   "You already put {n} dots on this idea.", n))
    vote = {"id": ctx.new_id("d"), "kind": "vote", "v": 1, "round_id": round_["id"], "target_id": target["id"],
            "voter_id": actor["id"], "at": ctx.now}
    return Change(put=[vote, _retally(round_, actor["id"], target["id"], +1)], result={"vote_id": vote["id"]})


def retract(state: WorkshopState, actor: dict, args: VoteRetract, ctx: OpContext) -> Change:
    """`vote.retract`: take one of your dots back from a card."""
    round_ = _open_round(state, args.round_id)
    mine = [v for v in _my_votes(state, round_["id"], actor["id"]) if v["target_id"] == args.target_id]
    if not mine:
        raise Rejected("invalid", "You have no dot on that card to take back.", "target_id")
    vote = max(mine, key=lambda v: (v["at"], v["id"]))
    return Change(put=[_retally(round_, actor["id"], args.target_id, -1)], deleted=[vote])


def abstain(state: WorkshopState, actor: dict, args: RoundAbstain, ctx: OpContext) -> Change:
    """`round.abstain`: "I won't vote this time" — facilitators then stop chasing this person."""
    round_ = _open_round(state, args.round_id)
    abstained = [p for p in round_["abstained"] if p != actor["id"]]
    if args.abstain:
        abstained.append(actor["id"])
    return Change(put=[revise(round_, abstained=abstained)])


def _retally(round_: dict, voter_id: str, target_id: str, delta: int) -> dict:
    tallies = dict(round_["tallies"])
    used = dict(round_["dots_used"])
    tallies[target_id] = tallies.get(target_id, 0) + delta
    used[voter_id] = used.get(voter_id, 0) + delta
    if tallies[target_id] == 0:
        del tallies[target_id]
    if used[voter_id] == 0:
        del used[voter_id]
    return revise(round_, tallies=tallies, dots_used=used)


def results(round_: dict, targets: list[dict]) -> list[tuple[int, list[dict]]]:
    """Cards by dots, most first, ties kept together: [(dots, [cards with that many]), …]."""
    by_dots: dict[int, list[dict]] = {}
    for card in targets:
        by_dots.setdefault(round_["tallies"].get(card["id"], 0), []).append(card)
    return sorted(by_dots.items(), key=lambda item: -item[0])
