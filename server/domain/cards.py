"""Cards on boards: `card.create`, `card.update` (text, position, another board), `card.delete`."""
from ..i18n import Word
from ..protocol import CardCreate, CardDelete, CardUpdate, ParkingReview, limits
from ..protocol.labels import SUCCESS_PERSPECTIVES
from .boards import CARD_TYPES_ON, THEMING_BOARDS, check_card_fits, require_board
from .errors import Change, Rejected
from .roles import STAFF, is_staff, require_role
from .state import OpContext, WorkshopState, revise
from .themes import require_card, require_theme_for, with_counts
from .texts import card_text

ROOT_CAUSES_PER_TABLE = limits.ROOT_CAUSES_PER_TABLE  # "end with the 3 most likely reasons on red cards"
SUCCESS_NAMES = {key: label for key, (label, *_) in SUCCESS_PERSPECTIVES.items()}


def position(value: float | None, field: str, default: float = limits.CARD_POSITION) -> float:
    if value is None:
        return default
    if not 0.0 <= value <= 1.0:
        raise Rejected("invalid", "A position on the board is a fraction from 0 to 1.", field)
    return float(value)


def _unnamed(state: WorkshopState, actor: dict, asked: bool | None) -> bool:
    """D6: a card without its writer's name shown to other participants (staff still see who)."""
    wanted = actor.get("cards_unnamed", False) if asked is None else asked
    if wanted and not state.workshop().get("unnamed_cards", True):
        if asked:
            raise Rejected("forbidden", "In this workshop every card shows who wrote it.", "unnamed")
        return False
    return bool(wanted)


def create(state: WorkshopState, actor: dict, args: CardCreate, ctx: OpContext) -> Change:
    """`card.create`: any member writes cards; only facilitators and hosts add data cards."""
    if args.type == "data":
        require_role(actor, STAFF, "add data cards (people's answers)")
    board = require_board(state, args.board_id)
    check_card_fits(board, args.type)
    card = {"id": ctx.new_id("c"), "kind": "card", "v": 1, "board_id": board["id"], "type": args.type,
            "text": card_text(args.text), "x": position(args.x, "x"), "y": position(args.y, "y"),
            "created_by": actor["id"], "created_at": ctx.now}
    if _unnamed(state, actor, args.unnamed):
        card["unnamed"] = True
    if args.type == "data":
        card.update(tag=args.tag or board["type"], theme_id=None, duplicate_of=None, split_from=None)
        if args.theme_id is not None:
            card["theme_id"] = require_theme_for(state, args.theme_id, card)["id"]
    elif args.type == "theme":
        card["count"] = 0
    elif args.type == "success":
        card["perspective"] = _free_perspective(state, board, args.perspective)
    elif args.type == "root_cause":
        _room_for_root_cause(state, board, "type")
    elif args.type == "note" and board["type"] == "root_causes":
        card["step"] = 1 + max((c.get("step", 0) for c in state.cards_on(board["id"]) if c["type"] == "note"),
                               default=0)  # the "why? because…" chain, in the order the table built it
    elif args.type == "idea":
        if args.hat is None:
            raise Rejected("invalid", "An idea needs its hat: Traditional, Community or Radical.", "hat")
        card.update(hat=args.hat, code=_idea_code(state, board, args.hat), impact=None, effort=None, quadrant=None)
    return with_counts(state, [card], result={"card_id": card["id"]})


def _free_perspective(state: WorkshopState, board: dict, perspective: str | None,
                      field: str = "perspective") -> str:
    if perspective is None:
        raise Rejected("invalid", "Say whose view this success statement is from.", field)
    for card in state.cards_on(board["id"]):
        if card["type"] == "success" and card.get("perspective") == perspective:
            raise Rejected("conflict", "There is already a statement for {who} "
                                       "on this board. Edit that one instead.", field,
                           who=Word(SUCCESS_NAMES[perspective]))
    return perspective


def _room_for_root_cause(state: WorkshopState, board: dict, field: str) -> None:
    if sum(1 for c in state.cards_on(board["id"]) if c["type"] == "root_cause") >= ROOT_CAUSES_PER_TABLE:
        raise Rejected("conflict", "This table already has its {n} most likely reasons. "
                                   "Change or delete one of them first.", field, n=ROOT_CAUSES_PER_TABLE)


def _idea_code(state: WorkshopState, board: dict, hat: str) -> str:
    room = state.get(board["room_id"])
    number = room.get("number") if room else None
    return f"{number}{hat}" if number is not None else hat


def update(state: WorkshopState, actor: dict, args: CardUpdate, ctx: OpContext) -> Change:
    """`card.update`: new words, a new position, or another board for the card."""
    card = require_card(state, args.card_id)
    sent = args.model_dump(exclude_unset=True, exclude={"card_id"})
    if not sent:
        raise Rejected("invalid", "Nothing to change: send text, x, y or board_id.")
    fields = {}
    if "text" in sent:
        if card["type"] == "data" and not is_staff(actor):
            raise Rejected("forbidden", "People's own words on data cards are changed only by a facilitator "
                                        "or host. You can group the card or copy it instead.", "text")
        fields["text"] = card_text(args.text if args.text is not None else "")
    for axis in ("x", "y"):
        if axis in sent:
            if sent[axis] is None:  # null would silently put the card back in the middle
                raise Rejected("invalid", "A position on the board is a fraction from 0 to 1.", axis)
            fields[axis] = position(sent[axis], axis)
    if "board_id" in sent and args.board_id is None:
        raise Rejected("invalid", "Say which board the card should go to.", "board_id")
    moving = "board_id" in sent and args.board_id != card["board_id"]
    if not moving:
        return with_counts(state, [revise(card, **fields)])
    target = require_board(state, args.board_id)
    source = state.records[card["board_id"]]
    if card["type"] in ("data", "theme"):
        if target["type"] not in THEMING_BOARDS or source["type"] not in THEMING_BOARDS:
            raise Rejected("invalid", "Data cards and themes move only between the Working well, Not working "
                                      "well and Important for the future boards.", "board_id")
    elif card["type"] not in CARD_TYPES_ON[target["type"]]:
        check_card_fits(target, card["type"], "board_id")
    elif card["type"] == "success":  # one statement per perspective on a board, however it got there
        _free_perspective(state, target, card.get("perspective"), "board_id")
    elif card["type"] == "root_cause":  # at most three on a board, however they got there
        _room_for_root_cause(state, target, "board_id")
    fields["board_id"] = target["id"]
    if card["type"] == "data":
        fields.update(theme_id=None, tag=target["type"])
        return with_counts(state, [revise(card, **fields)])
    moved = [revise(card, **fields)]
    if card["type"] == "theme":
        moved += [revise(c, board_id=target["id"], tag=target["type"]) for c in state.data_cards_in(card["id"])]
    return Change(put=moved)


def delete(state: WorkshopState, actor: dict, args: CardDelete, ctx: OpContext) -> Change:
    """`card.delete`: your own cards, or any card for facilitators and hosts.

    Deleting a theme never deletes people's answers: its data cards go back to "not yet themed".
    """
    card = require_card(state, args.card_id)
    if not is_staff(actor) and card["type"] == "data":  # people's answers, copies included
        raise Rejected("forbidden", "Only a facilitator or host can remove people's answers. "
                                    "You can take the card out of its theme instead.")
    if not is_staff(actor) and card.get("created_by") != actor["id"]:
        raise Rejected("forbidden", "You can delete only cards you wrote yourself. Ask a facilitator or host.")
    if card["type"] == "theme":
        freed = [revise(c, theme_id=None) for c in state.data_cards_in(card["id"])]
        return Change(put=freed, deleted=[card])
    return with_counts(state, [], deleted=[card])


def review_parking_item(state: WorkshopState, actor: dict, args: ParkingReview, ctx: OpContext) -> Change:
    """`parking.review`: the parking space item has been looked at, with a response for everyone."""
    card = require_card(state, args.card_id)
    if state.records[card["board_id"]]["type"] != "parking":
        raise Rejected("invalid", "Only parking space items are reviewed.", "card_id")
    response = " ".join(args.response.split())
    if len(response) > 500:
        raise Rejected("too_long", "A response holds at most 500 characters.", "response")
    return Change(put=[revise(card, reviewed=args.reviewed, response=response or None,
                              reviewed_by=actor["id"] if args.reviewed else None,
                              reviewed_at=ctx.now if args.reviewed else None)])
