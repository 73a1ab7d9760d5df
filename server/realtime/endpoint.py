"""The WebSocket endpoint `/ws/workshops/{wid}`: hello/welcome, ops, ephemeral traffic."""
import asyncio
import logging

import orjson
from fastapi import APIRouter, WebSocket

from ..domain.errors import Rejected
from ..domain import gate
from ..api.client_address import client_key
from ..protocol.limits import HELLO_FRAME_BYTES, HELLO_SECONDS, HELLO_SOCKETS_PER_ADDRESS
from ..expiry import token_expired
from ..i18n import known_language
from ..store import token_hash
from .connection import Connection, Phase
from .failures import hello_failed
from .frames_in import ack, answerable_id, err_in, frame_problem, rate_limited, run_op, submit_op
from .hub import INTERNAL, dumps

log = logging.getLogger("coboard.realtime")
router = APIRouter()


def err(conn: Connection, problem: Rejected, op_id=None) -> str:
    """A refusal as the text frame the endpoint sends, in the language of the connection's person."""
    return dumps(err_in(problem, conn.language, op_id))


async def said(app, conn: Connection, workshop_id: str, problem: Rejected, op_id=None) -> str:
    """`err`, for a refusal that may come before hello: the default language of the workshop in the path read
    first when it decides (Hubs.default_language: the same whether or not the workshop is live here, and
    nothing loaded), once a connection."""
    if conn.hub is None and conn.workshop_language is None and not known_language(conn.chosen_language):
        conn.workshop_language = await app.state.hubs.default_language(workshop_id) or ""
    return err(conn, problem, op_id)


class Greeting:
    """The sockets from each address that have not been let in by a hello yet (HELLO_SOCKETS_PER_ADDRESS at
    once, per process): what someone who never signs in may hold open, whatever they send."""

    def __init__(self, most: int = HELLO_SOCKETS_PER_ADDRESS):
        self.most, self.waiting = most, {}

    def enter(self, address: str):
        """A place for one more socket from `address`, or None: then `leave()` gives it back (once)."""
        count = self.waiting.get(address, 0)
        if count >= self.most:
            return None
        self.waiting[address] = count + 1
        left = False

        def leave() -> None:
            nonlocal left
            if left:
                return
            left = True
            rest = self.waiting.get(address, 1) - 1
            if rest > 0:
                self.waiting[address] = rest
            else:
                self.waiting.pop(address, None)
        return leave


@router.websocket("/ws/workshops/{workshop_id}")
async def workshop_socket(websocket: WebSocket, workshop_id: str):
    app = websocket.app
    await websocket.accept()
    conn = Connection(websocket, app.state.settings)
    leave = app.state.greeting.enter(client_key(websocket))
    if leave is None:
        conn.send(await said(app, conn, workshop_id, Rejected(
            "rate_limited", "Too many connections from your network are starting at once. "
                            "Please try again in a moment.")))
        conn.close_soon(1013, "too many at once")
        await conn.finish()
        return
    try:
        await _serve(app, conn, websocket, workshop_id, leave)
    except Exception:
        log.exception("websocket failed")
    finally:
        leave()
        await conn.finish()


async def _serve(app, conn: Connection, websocket: WebSocket, workshop_id: str, leave) -> None:
    """The socket's frames: a hello first (`leave()` once it is let in), then ops and ephemeral messages."""
    settings = app.state.settings
    hello_by = asyncio.get_running_loop().time() + HELLO_SECONDS

    async def refuse_before_hello(problem: Rejected, code: int, reason: str, op_id=None) -> None:
        """Before hello nothing but a hello is accepted: the first other frame closes the socket."""
        conn.send(await said(app, conn, workshop_id, problem, op_id))
        conn.close_soon(code, reason)

    while conn.phase is not Phase.CLOSED:
        if conn.phase is Phase.CONNECTED:
            try:  # a socket that never says hello must not hold a place for ever (a deadline on this
                async with asyncio.timeout_at(hello_by):  # task: no task of its own, as wait_for makes)
                    message = await websocket.receive()
            except TimeoutError:
                await refuse_before_hello(Rejected(
                    "unauthorized", "Say hello with your token within {n} seconds.", n=HELLO_SECONDS), 4408, "no hello")
                break
        else:
            message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            break
        raw = message.get("text")
        if raw is None:
            raw = (message.get("bytes") or b"").decode("utf-8", "replace")
        if conn.phase is Phase.CONNECTED and len(raw) > HELLO_FRAME_BYTES // 4 and len(raw.encode()) > HELLO_FRAME_BYTES:
            # served by wire.SocketProtocol such a frame never arrives (websockets closes the socket first)
            await refuse_before_hello(Rejected("too_large", "Say hello with your token first."), 1009, "too large")
            break
        if len(raw) > settings.max_frame_bytes // 4 and len(raw.encode()) > settings.max_frame_bytes:
            conn.send(err(conn, Rejected("too_large", "That message is too large (the limit is 64 KiB).")))
            continue
        try:
            frame = orjson.loads(raw)
        except orjson.JSONDecodeError:
            frame = Rejected("invalid", "That message is not valid JSON.", "frame")
        if not isinstance(frame, (dict, Rejected)):
            frame = Rejected("invalid", "A message must be a JSON object.", "frame")
        if isinstance(frame, Rejected):
            if conn.phase is Phase.CONNECTED:
                await refuse_before_hello(frame, 4401, "unauthorized")
                break
            conn.send(err(conn, frame))
            continue
        if conn.phase is Phase.CONNECTED:
            if frame.get("op") != "hello":
                await refuse_before_hello(Rejected("unauthorized", "Say hello with your token first."), 4401,
                                          "unauthorized", answerable_id(frame))
                break
            try:
                await _hello(app, conn, workshop_id, frame)
            except Exception as e:  # the database away (PostgreSQL restarting), or a bug: an answer
                failed, op_id = hello_failed(e), frame.get("id")
                conn.not_live()  # it may say hello again
                conn.send(await said(app, conn, workshop_id, failed,
                                     op_id if isinstance(op_id, (str, int)) else None))
            if conn.phase is Phase.LIVE:
                leave()
            continue
        try:
            await _live_frame(conn, frame)
        except Exception:  # a failure inside the server is an answer, never a dropped connection
            log.exception("a frame failed inside the server")
            op_id = frame.get("id")
            conn.send(err(conn, INTERNAL(), op_id if isinstance(op_id, (str, int)) else None))


live_board_route = next(r for r in router.routes if getattr(r, "endpoint", None) is workshop_socket)


async def _hello(app, conn: Connection, workshop_id: str, frame: dict) -> None:
    def refusal(problem: Rejected, op_id=None):
        return said(app, conn, workshop_id, problem, op_id)

    token, since = frame.get("token"), frame.get("since")
    if since is not None and (not isinstance(since, int) or isinstance(since, bool) or since < 0):
        conn.send(await refusal(Rejected("invalid", "`since` must be the last seq you saw, a whole number.", "since")))
        return
    credential = token_hash(token) if isinstance(token, str) and token else None
    live = app.state.hubs.live(workshop_id) if credential else None
    known = live.revocations.known(credential) if live is not None else None
    if known is not None:  # the store vouched for this token before, and nothing revoked it since
        hub, (participant_id, epoch) = live, known
    else:
        epoch = live.revocations.epoch if live is not None else 0
        member = await app.state.store.member_for_token(token) if credential else None
        # not touched until the hello is let in: a refused one keeps the hub where it was in the LRU order
        hub = await app.state.hubs.get(workshop_id, touch=False) if member and member[0] == workshop_id else None
        participant_id = member[1] if hub is not None else None
        if hub is not None and hub is live:  # remembered only when nothing could slip in between
            hub.revocations.vouch(credential, participant_id, epoch)
        elif hub is not None:
            epoch = hub.revocations.epoch
    if hub is None:
        conn.send(await refusal(Rejected("unauthorized", "This link or sign-in is not valid for this workshop. "
                                            "Please join again.")))
        conn.close_soon(4401, "unauthorized")
        return
    if (expired := await token_expired(app.state, hub)) is not None:
        conn.send(await refusal(expired))
        conn.close_soon(4401, "unauthorized")
        return
    admitted = await app.state.hubs.admit(hub)  # the workshop is used now (loaded again if dropped meanwhile)
    if admitted is None:
        conn.send(await refusal(Rejected("unauthorized", "This link or sign-in is not valid for this workshop. "
                                            "Please join again.")))
        conn.close_soon(4401, "unauthorized")
        return
    if admitted is not hub:
        hub, epoch = admitted, admitted.revocations.epoch
    conn.go_live(hub, participant_id)
    conn.credential, conn.vouched_at = credential, epoch
    try:
        await hub.attach(conn, since)
    except Rejected as r:
        conn.send(await refusal(r))
        conn.close_soon(4401, "unauthorized")


async def _live_frame(conn: Connection, frame: dict) -> None:
    """An op is handed to the hub and the next frame read at once (its answer comes in order)."""
    op, op_id = frame.get("op"), answerable_id(frame)
    if op == "eph":
        try:
            size = gate.check_ephemeral(frame.get("args"))
        except Rejected as problem:
            conn.send(err(conn, problem, op_id))
            return
        conn.relay_ephemeral(frame["args"], size)
        return
    problem = frame_problem(frame)
    if problem is not None:
        conn.reply_now(err(conn, problem, op_id))
        return
    if not conn.ops.take():
        conn.reply_now(err(conn, rate_limited(), op_id))
        return
    slot = conn.reply_slot()

    def acked(seq, change):
        conn.reply(slot, dumps(ack(op_id, seq, change.result)))

    def refused(r: Rejected):
        conn.reply(slot, err(conn, r, op_id))

    try:  # queued at once, answered by acked/refused from the pipeline: no task of its own (Hub.submit)
        done = submit_op(conn.hub, conn.participant_id, frame, on_commit=acked, on_refuse=refused)
    except Rejected as r:
        refused(r)
        return
    except Exception:  # a failure inside the server is an answer, never a dropped connection
        log.exception("an op failed inside the server")
        conn.reply(slot, err(conn, INTERNAL(), op_id))
        return
    if done is not None:
        done.add_done_callback(lambda settled: _settled(conn, slot, op_id, settled))
        return
    task = asyncio.ensure_future(_op(conn, frame, op_id, slot, acked, refused))
    conn.running.add(task)
    task.add_done_callback(conn.running.discard)


def _stopped() -> Rejected:
    return Rejected("internal", "The server stopped before this was stored. Please try again.")


def _settled(conn: Connection, slot: list, op_id, done: asyncio.Future) -> None:
    """A queued op's future settled: answered already by acked/refused, unless it failed otherwise."""
    if done.cancelled():
        if slot[0] is None:  # the server is stopping: let later answers go
            conn.reply(slot, err(conn, _stopped(), op_id))
        return
    problem = done.exception()  # read, so that a refusal is never logged as an exception nobody retrieved
    if slot[0] is not None:
        return
    if isinstance(problem, Rejected):
        conn.reply(slot, err(conn, problem, op_id))
    else:
        if problem is not None:
            log.error("an op failed inside the server", exc_info=problem)
        conn.reply(slot, err(conn, INTERNAL(), op_id))


async def _op(conn: Connection, frame: dict, op_id, slot: list, acked, refused) -> None:
    try:
        await run_op(conn.hub, conn.participant_id, frame, on_commit=acked, on_refuse=refused)
    except Rejected as r:
        if slot[0] is None:
            refused(r)
    except Exception:  # a failure inside the server is an answer, never a dropped connection
        log.exception("an op failed inside the server")
        if slot[0] is None:
            conn.reply(slot, err(conn, INTERNAL(), op_id))
    finally:
        if slot[0] is None:  # cancelled (the server is stopping): let later answers go
            conn.reply(slot, err(conn, _stopped(), op_id))
