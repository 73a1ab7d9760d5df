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


def populated(server, http) -> dict:
    """A workshop that went through the whole journey: answers, themes, a vote, table work, grid, plan."""
    workshop = server.create_workshop("Day services review", "Sam", purpose="What matters to people")
    wid, token = workshop["workshop_id"], workshop["token"]
    content = sample("bom-utf8.csv")
    assert upload(http, workshop, content).status_code == 200
    boards = {b["type"]: b["id"] for b in records(server, workshop, "board")}
    cards = [c for c in records(server, workshop, "card") if c["type"] == "data"]
    nww = [c for c in cards if c["tag"] == "nww"]
    theme = do_op(server, wid, token, "card.create", board_id=boards["nww"], type="theme", text="I am lonely")["card_id"]
    do_op(server, wid, token, "card.group", card_id=nww[0]["id"], theme_id=theme)
    round_id = do_op(server, wid, token, "round.open", board_id=boards["nww"])["round_id"]
    do_op(server, wid, token, "vote.cast", round_id=round_id, target_id=theme)
    do_op(server, wid, token, "round.close", round_id=round_id)
    made = {}
    for kind in ("root_causes", "success", "in_place", "ideas", "action_plan", "parking"):
        made[kind] = do_op(server, wid, token, "board.create", type=kind)["board_id"]
    do_op(server, wid, token, "card.create", board_id=made["root_causes"], type="root_cause", text="Buses stop at six")
    do_op(server, wid, token, "card.create", board_id=made["success"], type="success", text="I see friends weekly",
          perspective="people_families")
    do_op(server, wid, token, "card.create", board_id=made["in_place"], type="in_place", text="Befriending service")
    do_op(server, wid, token, "card.create", board_id=made["parking"], type="note", text="=Ask about funding")
    idea = do_op(server, wid, token, "card.create", board_id=made["ideas"], type="idea", text="Evening buddy scheme",
                 hat="C")["card_id"]
    on_grid = do_op(server, wid, token, "grid.add", card_ids=[idea])["card_ids"][0]
    do_op(server, wid, token, "grid.place", card_id=on_grid, impact=0.9, effort=0.2)
    plan = do_op(server, wid, token, "plan.create", board_id=made["action_plan"], idea_id=on_grid)["plan_id"]
    do_op(server, wid, token, "plan.update", plan_id=plan, field="next_week", text="Call the volunteer centre")
    long = next(a for a in records(server, workshop, "answer") if a["status"] == "pending")
    do_op(server, wid, token, "answer.amend", answer_id=long["id"], code="a", amended="My carer comes late")
    do_op(server, wid, token, "answer.publish")
    return {**workshop, "boards": {**boards, **made}, "theme_id": theme}
