"""The HTTP transport (PROTOCOL.md, "Where WebSockets are blocked"): the same frames over plain HTTP.

`POST /api/workshops/{wid}/ops` sends one op (or eph) frame through the same gate as the socket
and answers the frame the socket would; `GET /api/workshops/{wid}/events?since=&wait=` long-polls
every `ev` after `since` as this member sees it, in seq order, plus the presence, eph and notice
frames that reached them since their last poll, or `reset` when `since` is too old to replay.
"""
import asyncio

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ..api.deps import Member
from ..domain import gate
from ..domain.errors import Rejected
from .fanout import event_payload
from .frames_in import ack, answerable_id, err_in, frame_problem, rate_limited, run_op
from .welcome import replayable

router = APIRouter(prefix="/api/workshops")
DEFAULT_WAIT, MAX_WAIT = 25.0, 30.0
# A long poll must reach the browser as soon as it is answered: no proxy may buffer or cache it.
POLL_HEADERS = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}


def _json(body: dict | str) -> Response:
    content = body if isinstance(body, str) else orjson.dumps(body).decode()
    return Response(content, media_type="application/json", headers=POLL_HEADERS)


def _client(request: Request) -> str:
    """Which tab of the member is polling (the page sends its own random id); one per member by default."""
    return (request.query_params.get("client") or request.headers.get("x-coboard-client") or "default")[:64]


@router.post("/{workshop_id}/ops")
async def post_op(member: Member, request: Request):
    """One op frame → the frame the WebSocket would answer: ack, err, or `{"t": "ok"}` for eph."""
    hub, pid, lang = member.hub, member.participant["id"], member.language
    try:
        frame = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        return _json(err_in(Rejected("invalid", "That message is not valid JSON.", "frame"), lang))
    op_id = answerable_id(frame)
    poller = await request.app.state.pollers.get(hub, pid, _client(request))
    poller.seen()
    budget = hub.budgets.of(pid)  # the person's, shared with their sockets (limits.py)
    if isinstance(frame, dict) and frame.get("op") == "eph":
        try:
            size = gate.check_ephemeral(frame.get("args"))
        except Rejected as problem:
            return _json(err_in(problem, lang, op_id))
        if budget.relay_now(size):  # beyond the budget an ephemeral message is dropped: the next one follows
            hub.relay_ephemeral(poller, frame["args"])
        return _json({"t": "ok"})
    problem = frame_problem(frame)
    if problem is not None:
        return _json(err_in(problem, lang, op_id))
    if not budget.ops.take():
        return _json(err_in(rate_limited(), lang, op_id))
    try:
        seq, change = await run_op(hub, pid, frame)
    except Rejected as r:
        return _json(err_in(r, lang, op_id))
    return _json(ack(op_id, seq, change.result))


@router.get("/{workshop_id}/events")
async def poll_events(member: Member, request: Request, since: int = Query(ge=0),
                      wait: float = Query(DEFAULT_WAIT, ge=0)):
    """Every `ev` after `since` in this member's view, plus what else reached them; waits when none."""
    hub, pid = member.hub, member.participant["id"]
    poller = await request.app.state.pollers.get(hub, pid, _client(request))
    deadline = asyncio.get_running_loop().time() + min(wait, MAX_WAIT)
    poller.polling += 1
    try:
        while True:
            poller.wake.clear()
            answer = await _ready(hub, poller, since)
            left = deadline - asyncio.get_running_loop().time()
            if answer is not None or left <= 0 or poller.closed:
                return _json(answer or _frames([], hub.seq))
            try:
                await asyncio.wait_for(poller.wake.wait(), left)
            except asyncio.TimeoutError:
                pass
            if await request.is_disconnected():
                return _json(_frames([], hub.seq))
    finally:
        poller.polling -= 1
        poller.seen()


async def _ready(hub, poller, since: int) -> str | dict | None:
    """The answer when there is something to say (events, kept frames, a reset), else None."""
    if since > hub.seq:  # seen on another process first: catch up from the log before deciding
        async with hub.lock:
            await hub.refresh()
        if since > hub.seq:
            return {"reset": True, "seq": hub.seq}
    missed = await replayable(hub, since)
    if missed is None:
        return {"reset": True, "seq": hub.seq}
    kept = poller.take_kept()
    if not missed and not kept:
        return None
    viewer = hub.state.get(poller.participant_id)
    if viewer is None:
        return {"reset": True, "seq": hub.seq}
    online = hub.online_ids()
    return _frames([event_payload(e, viewer, online) for e in missed] + kept, missed[-1].seq if missed else hub.seq)


def _frames(payloads: list[str], seq: int) -> str:
    return '{"frames":[' + ",".join(payloads) + '],"seq":' + str(seq) + "}"
