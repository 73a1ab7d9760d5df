"""The rules every op obeys, whatever it is: checked by the gate on the Change an op would make.

L1: Day 1's boards are kept as they were left once Day 2 begins. L2: a table's boards are
written by the people at that table (and facilitators and hosts); What's-in-place lists are
open to the whole group, who add to every table's list during feedback. V7: once a round is
closed, the themes or ideas that got dots in it stay where they were voted and are not
deleted, and only facilitators and hosts may reword them (the round keeps the texts as voted).
L3: a participant has at most CARDS_PER_PERSON_PER_BOARD cards of their own on one board (one
person with many sockets once filled a board 116,647 px tall); facilitators and hosts are not
counted, nor are imports. I1: an import still being stored (in slices, by another process) is
left alone until it is whole.
"""
from collections.abc import Iterator

from ..protocol.limits import CARDS_PER_PERSON_PER_BOARD
from .errors import Change, Rejected
from .roles import is_staff
from .state import WorkshopState

ON_BOARDS = ("card", "action_plan")


def check(state: WorkshopState, actor: dict | None, op: str, change: Change) -> None:
    """Refuse the whole op when any record it changes breaks one of these rules."""
    if actor is None:  # the server's own ops (a new or restored workshop, a join) touch no board
        return
    imports_left_whole(state, change)
    if not any(r["kind"] in ON_BOARDS for r in change.put) and not any(r["kind"] in ON_BOARDS for r in change.deleted):
        return
    boards_writable(state, actor, change)
    closed_votes_kept(state, actor, change)
    cards_per_person(state, actor, change)


def imports_left_whole(state: WorkshopState, change: Change) -> None:
    """I1: the answers and data cards of an import still being stored are left alone until it is whole.

    Another process stores a large import as slices, and its dataset comes with the last one
    (pipeline.slices): an answer whose dataset is not here yet, a card whose answer is not (or whose
    answer's dataset is not), and a dot on such a card belong to an import that may yet be taken back
    (the server stops, a slice fails, what it was decided on changed), which would then delete them
    with whatever someone had changed in them since, an acknowledged change lost. So such a change is
    refused in plain words (nothing changed); a moment later, the import whole, it goes through."""
    own: dict[str, dict] | None = None  # what this op itself puts (an import's own answers and dataset)

    def find(record_id: str | None) -> dict | None:
        nonlocal own
        found = state.get(record_id) if record_id else None
        if found is None and record_id:
            if own is None:
                own = {r["id"]: r for r in change.put}
            found = own.get(record_id)
        return found

    def importing(record: dict | None) -> bool:
        if record is None:
            return False
        if record["kind"] == "card" and record.get("answer_id"):
            answer = find(record["answer_id"])
            return answer is None or importing(answer)
        return record["kind"] == "answer" and bool(record.get("dataset_id")) and find(record["dataset_id"]) is None

    for record in change.put + change.deleted:
        if importing(record) or (record.get("target_id") and importing(find(record["target_id"]))):
            raise Rejected("conflict", "These answers are still being imported. Please try again in a moment.")


def cards_per_person(state: WorkshopState, actor: dict, change: Change) -> None:
    """L3: a participant's own cards on one board stay within CARDS_PER_PERSON_PER_BOARD."""
    if is_staff(actor):
        return
    arriving: dict[str, int] = {}
    for record in change.put:
        if record["kind"] != "card" or record.get("created_by") != actor["id"]:
            continue
        before = state.get(record["id"])
        if before is None or before.get("board_id") != record["board_id"]:
            arriving[record["board_id"]] = arriving.get(record["board_id"], 0) + 1
    for board_id, more in arriving.items():
        mine = state.card_count_by(board_id, actor["id"])
        if mine + more > CARDS_PER_PERSON_PER_BOARD:
            raise Rejected("conflict", "You already have {mine} cards on this board, the most one person can "
                                       "add is {most}. Edit or combine some of them "
                                       "instead.", "board_id", mine=mine, most=CARDS_PER_PERSON_PER_BOARD)


def _boards_touched(state: WorkshopState, change: Change) -> Iterator[str]:
    for record in change.put + change.deleted:
        if record["kind"] in ON_BOARDS:
            yield record["board_id"]
            before = state.get(record["id"])
            if before is not None and before.get("board_id") != record["board_id"]:
                yield before["board_id"]


def boards_writable(state: WorkshopState, actor: dict, change: Change) -> None:
    """L1 and L2: cards change only on boards that are open to this person."""
    new_boards = {r["id"]: r for r in change.put if r["kind"] == "board"}
    for board_id in set(_boards_touched(state, change)):
        board = state.get(board_id) or new_boards.get(board_id)
        if board is None:
            continue
        if board.get("locked") and not _only_mop_up_notes(state, change, board_id):
            raise Rejected("conflict", "The {board} board is kept as it was at the end of Day 1, "
                                       "so it cannot change now.", "board_id", board=board["title"])
        room = state.get(board["room_id"])
        if (room is not None and room["type"] == "table" and not is_staff(actor)
                and actor.get("table_id") != room["id"] and board["type"] != "in_place"
                and not _lead_on_own_plan(state, actor, change, board_id)):
            raise Rejected("forbidden", "This board belongs to {room}. You can write on your own "
                                        "table's boards.", "board_id", room=room["name"])


# What a plan's lead may change from outside its table: the follow-up, not the table's six answers.
LEAD_FOLLOW_UP = frozenset({"v", "status", "history", "follow_up_start", "baseline", "indicators", "edited_by"})


def _lead_on_own_plan(state: WorkshopState, actor: dict, change: Change, board_id: str) -> bool:
    """K1: a plan's lead follows their plan up from wherever they sit, months after the tables have gone."""
    touched = [r for r in change.put if r["kind"] in ON_BOARDS and r["board_id"] == board_id]
    if not touched or any(r["board_id"] == board_id for r in change.deleted):
        return False
    for record in touched:
        before = state.get(record["id"])
        if record["kind"] != "action_plan" or before is None or before.get("lead_id") != actor["id"]:
            return False
        if any(before.get(k) != v for k, v in record.items() if k not in LEAD_FOLLOW_UP):
            return False
    return True


MOP_UP_NOTE = frozenset({"v", "taken_to", "taken_by", "taken_at"})


def _only_mop_up_notes(state: WorkshopState, change: Change, board_id: str) -> bool:
    """M5: the mop-up meeting notes where a Day 1 theme was taken without changing the locked board."""
    touched = [r for r in change.put + change.deleted if r["kind"] in ON_BOARDS and r["board_id"] == board_id]
    if any(r["board_id"] == board_id for r in change.deleted):
        return False
    for record in touched:
        before = state.get(record["id"])
        if before is None or any(before.get(k) != v for k, v in record.items() if k not in MOP_UP_NOTE):
            return False
    return bool(touched)


def voted_targets(state: WorkshopState) -> dict[str, dict]:
    """Themes and ideas that got dots in a closed round → that round."""
    voted = {}
    for round_ in state.of_kind("round"):
        if round_["status"] == "closed":
            for target_id, dots in round_["tallies"].items():
                if dots > 0:
                    voted.setdefault(target_id, round_)
    return voted


def closed_votes_kept(state: WorkshopState, actor: dict, change: Change) -> None:
    """V7: what a closed vote decided stays: not moved, not deleted, reworded only by staff."""
    cards = [r for r in change.put + change.deleted if r["kind"] == "card"]
    if not cards:
        return
    voted = voted_targets(state)
    if not voted:
        return
    gone = {r["id"] for r in change.deleted}
    for record in cards:
        if record["id"] not in voted:
            continue
        before = state.get(record["id"])
        theme = record["type"] == "theme"  # one message each (not a word put in): the Welsh differs
        if record["id"] in gone:
            raise (Rejected("conflict", "This theme got dots in a vote that has closed, so it stays as it was voted "
                                        "and cannot be deleted.", "card_id") if theme else
                   Rejected("conflict", "This idea got dots in a vote that has closed, so it stays as it was voted "
                                        "and cannot be deleted.", "card_id"))
        if before is None:
            continue
        if before["board_id"] != record["board_id"]:
            raise (Rejected("conflict", "This theme got dots in a vote that has closed, so it stays on the board "
                                        "it was voted on.", "board_id") if theme else
                   Rejected("conflict", "This idea got dots in a vote that has closed, so it stays on the board "
                                        "it was voted on.", "board_id"))
        if before["text"] != record["text"] and not is_staff(actor):
            raise (Rejected("forbidden", "This theme got dots in a vote that has closed. Only a facilitator or a "
                                         "host can change its words now.", "text") if theme else
                   Rejected("forbidden", "This idea got dots in a vote that has closed. Only a facilitator or a "
                                         "host can change its words now.", "text"))
