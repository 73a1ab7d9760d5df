"""Helpers for the data in/out tests: ops over the WebSocket, uploads, records of a kind."""
import io
import json
from pathlib import Path

import httpx
from websockets.sync.client import connect

DATA = Path(__file__).parent / "data"


def auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def do_ops(server, workshop_id: str, token: str, ops: list[tuple[str, dict]]) -> list[dict]:
    """Send ops in order over one connection; the ack or err of each."""
    answers = []
    with connect(server.ws_url(workshop_id), open_timeout=10) as ws:
        ws.send(json.dumps({"op": "hello", "token": token}))
        assert json.loads(ws.recv(timeout=10))["t"] == "welcome"
        for i, (op, args) in enumerate(ops):
            ws.send(json.dumps({"op": op, "id": f"o{i}", "args": args}))
            while True:
                frame = json.loads(ws.recv(timeout=10))
                if frame.get("t") in ("ack", "err") and frame.get("id") == f"o{i}":
                    answers.append(frame)
                    break
    return answers


def do_op(server, workshop_id: str, token: str, op: str, **args) -> dict:
    frame = do_ops(server, workshop_id, token, [(op, args)])[0]
    assert frame["t"] == "ack", frame
    return frame["result"]


def upload(http: httpx.Client, workshop: dict, content: bytes, filename: str = "answers.csv",
           token: str | None = None, **params) -> httpx.Response:
    return http.post(f"/api/workshops/{workshop['workshop_id']}/responses", params=params,
                     headers=auth(token or workshop["token"]), files={"file": (filename, io.BytesIO(content))})


def records(server, workshop: dict, kind: str, token: str | None = None) -> list[dict]:
    state = server.state(workshop["workshop_id"], token or workshop["token"])
    return [r for r in state["records"] if r["kind"] == kind]


def board(server, workshop: dict, board_type: str) -> dict:
    return next(b for b in records(server, workshop, "board") if b["type"] == board_type)


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()
