"""A live client frame, whatever carried it (WebSocket or HTTP): checked the same way, then sent
to the one gate through `Hub.execute`. Both transports answer with the frames made here."""
import hashlib

import orjson

from ..domain import gate
from ..domain.errors import Rejected
from .fanout import dumps


def client_op(op_id, op: str, args) -> str | None:
    """The fingerprint of an op as the client sent it: the same id, op and args again is a repeat."""
    if op_id is None or not isinstance(args, dict):
        return None
    return hashlib.sha1(orjson.dumps([op_id, op, args], option=orjson.OPT_SORT_KEYS)).hexdigest()


def err(code: str, message: str, op_id=None, field: str | None = None) -> dict:
    frame = {"t": "err", "code": code, "message": message}
    if op_id is not None:
        frame["id"] = op_id
    if field is not None:
        frame["field"] = field
    return frame


def err_in(problem: Rejected, lang: str | None, op_id=None) -> dict:
    """The err frame of a refusal, its message in the reader's language (code and field as they are)."""
    return err(problem.code, problem.said(lang), op_id, problem.field)


def err_text(code: str, message: str, op_id=None, field: str | None = None) -> str:
    return dumps(err(code, message, op_id, field))


def ack(op_id, seq: int, result: dict) -> dict:
    return {"t": "ack", "id": op_id, "seq": seq, "result": result}


def frame_problem(frame) -> Rejected | None:
    """What is wrong with a live frame's shape before it is an op at all, or None."""
    if not isinstance(frame, dict):
        return Rejected("invalid", "A message must be a JSON object.", "frame")
    op, op_id = frame.get("op"), frame.get("id")
    if op == "hello":
        return Rejected("invalid", "You are already connected.", "op")
    if not isinstance(op, str):
        return Rejected("invalid", "A message needs an `op` naming the operation.", "op")
    if op_id is not None and (not isinstance(op_id, (str, int)) or isinstance(op_id, bool)):
        return Rejected("invalid", "An op `id` must be a string or a number.", "id")
    return None


def answerable_id(frame) -> str | int | None:
    op_id = frame.get("id") if isinstance(frame, dict) else None
    return op_id if isinstance(op_id, (str, int)) and not isinstance(op_id, bool) else None


async def run_op(hub, participant_id: str, frame: dict, on_commit=None, on_refuse=None):
    """An op frame through the gate; (seq, change) once stored, or Rejected with nothing changed."""
    op, op_id, args = frame["op"], frame.get("id"), frame.get("args", {})
    gate.check_nesting(args)
    return await hub.execute(participant_id, op, args, on_commit=on_commit, client_op=client_op(op_id, op, args),
                             on_refuse=on_refuse)


def submit_op(hub, participant_id: str, frame: dict, on_commit, on_refuse):
    """`run_op` without a task: the future its pipeline settles, or None when `run_op` must take it
    (Hub.submit). Raises Rejected with nothing changed."""
    op, op_id, args = frame["op"], frame.get("id"), frame.get("args", {})
    gate.check_nesting(args)
    return hub.submit(participant_id, op, args, on_commit=on_commit, on_refuse=on_refuse,
                      client_op=client_op(op_id, op, args))


def rate_limited() -> Rejected:
    return Rejected("rate_limited", "You are going a bit fast. Please wait a moment and try again.")
