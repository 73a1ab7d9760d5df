"""Chat: one channel per room plus one to everyone; hosts moderate.

A room's messages reach the people in that room (or at that table) and the facilitators and
hosts, who can look into any room; messages to everyone reach everyone.
"""
from ..protocol import ChatHide, ChatSend, limits
from .errors import Change, Rejected
from .roles import STAFF
from .state import OpContext, WorkshopState, revise
from .texts import clean

CHAT_LIMIT = limits.CHAT


def message_text(text: str) -> str:
    text = clean(text)
    if not text:
        raise Rejected("invalid", "Type a message first.", "text")
    if len(text) > CHAT_LIMIT:
        raise Rejected("too_long", "A chat message holds at most {limit} characters.", "text", limit=CHAT_LIMIT)
    return text


def new_message(ctx: OpContext, actor: dict, room_id: str | None, text: str, announcement: bool = False) -> dict:
    return {"id": ctx.new_id("m"), "kind": "chat", "v": 1, "room_id": room_id, "by": actor["id"],
            "by_name": actor["name"], "text": text, "at": ctx.now, "hidden": False, "announcement": announcement}


def send(state: WorkshopState, actor: dict, args: ChatSend, ctx: OpContext) -> Change:
    """`chat.send`: to your room, or to everyone."""
    room_id = None
    if not args.everyone:
        room = state.require(args.room_id, "room", "room", "room_id") if args.room_id else state.get(actor["room_id"])
        if room is None:
            room = state.main_room()
        if actor["role"] not in STAFF and room["id"] not in (actor.get("room_id"), actor.get("table_id")):
            raise Rejected("forbidden", "You can chat in the room you are in, or to everyone.", "room_id")
        room_id = room["id"]
    message = new_message(ctx, actor, room_id, message_text(args.text))
    return Change(put=[message], result={"message_id": message["id"]})


def hide(state: WorkshopState, actor: dict, args: ChatHide, ctx: OpContext) -> Change:
    """`chat.hide`: a host takes a message down; it stays in the history for the facilitators."""
    message = state.require(args.message_id, "chat", "message", "message_id")
    return Change(put=[revise(message, hidden=args.hidden, hidden_by=actor["id"])])
