"""Boards: the kinds of board the process uses, their titles and colours, and `board.create`."""
from ..protocol import BoardCreate
from ..protocol.labels import BOARD_KINDS, THEMING_BOARDS  # noqa: F401 — other rules take them from here
from ..i18n import Lower, Word
from ..protocol.labels import CARD_TYPES
from .errors import Change, Rejected
from .state import OpContext, WorkshopState
from .texts import bounded

# Which cards belong on which board; notes go anywhere.
CARD_TYPES_ON: dict[str, tuple[str, ...]] = {
    "ww": ("data", "theme", "note"),
    "nww": ("data", "theme", "note"),
    "iff": ("data", "theme", "note"),
    "root_causes": ("root_cause", "note"),
    "success": ("success", "note"),
    "in_place": ("in_place", "note"),
    "ideas": ("idea", "note"),
    "grid": ("idea", "note"),
    "action_plan": ("note",),
    "parking": ("note",),
}


def new_board(board_id: str, board_type: str, room_id: str, order: int, title: str | None = None) -> dict:
    default_title, colour = BOARD_KINDS[board_type]
    return {"id": board_id, "kind": "board", "v": 1, "type": board_type, "room_id": room_id,
            "title": title or default_title, "color": colour, "order": order}


def create(state: WorkshopState, actor: dict, args: BoardCreate, ctx: OpContext) -> Change:
    """`board.create`: a new board in a room (the main room unless another is named)."""
    room = state.require(args.room_id, "room", "room", "room_id") if args.room_id else state.main_room()
    title = bounded(args.title, 80, "board title", "title") or None
    order = 1 + max((b["order"] for b in state.of_kind("board")), default=0)
    board = new_board(ctx.new_id("b"), args.type, room["id"], order, title)
    return Change(put=[board], result={"board_id": board["id"]})


def require_board(state: WorkshopState, board_id, field: str = "board_id") -> dict:
    return state.require(board_id, "board", "board", field)


def board_title(board: dict):
    """A board's title for a refusal: its default title (labels.BOARD_KINDS) as a catalogue word, said in
    the reader's language; a title someone wrote as written."""
    default = BOARD_KINDS.get(board["type"], (None,))[0]
    return Word(default) if default and board.get("title") == default else board.get("title")


def check_card_fits(board: dict, card_type: str, field: str = "type") -> None:
    if card_type not in CARD_TYPES_ON[board["type"]]:
        raise Rejected("invalid", "A {type} card does not belong on the {board} board.", field,
                       type=Lower(CARD_TYPES[card_type]), board=board_title(board))
