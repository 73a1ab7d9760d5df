"""Timers, visible in every room they apply to (all rooms when no room is named)."""
from ..protocol import TimerStart, TimerStop, limits
from .errors import Change, Rejected
from .state import OpContext, WorkshopState, revise
from .texts import bounded

MAX_SECONDS = limits.TIMER_SECONDS


def start(state: WorkshopState, actor: dict, args: TimerStart, ctx: OpContext) -> Change:
    """`timer.start`: a countdown, such as the 3 minutes of a table's feedback."""
    if not 1 <= args.seconds <= MAX_SECONDS:
        raise Rejected("invalid", "A timer runs from 1 second to 4 hours.", "seconds")
    room_id = state.require(args.room_id, "room", "room", "room_id")["id"] if args.room_id else None
    timer = {"id": ctx.new_id("t"), "kind": "timer", "v": 1, "label": bounded(args.label, 80, "label", "label"),
             "seconds": args.seconds, "room_id": room_id, "status": "running", "started_at": ctx.now,
             "ends_at": ctx.later(args.seconds), "started_by": actor["id"]}
    return Change(put=[timer], result={"timer_id": timer["id"]})


def stop(state: WorkshopState, actor: dict, args: TimerStop, ctx: OpContext) -> Change:
    """`timer.stop`: stop a timer early; it stays in the record."""
    timer = state.require(args.timer_id, "timer", "timer", "timer_id")
    if timer["status"] != "running":
        return Change()
    return Change(put=[revise(timer, status="stopped", stopped_at=ctx.now)])
