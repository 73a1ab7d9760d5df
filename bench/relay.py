"""Bare WebSocket relay: the baseline bench/fanout.py compares Coboard against.

It speaks just enough of the Coboard wire contract for the fan-out benchmark and does
nothing else: no database, no rules, no per-recipient views.

- first frame ``{"op": "hello", "token"}`` -> ``{"t": "welcome", "seq", "me", "records": []}``
  (the token is taken as the participant id);
- ``{"op": "eph", "args"}`` -> ``{"t": "eph", "by", "room_id", "args"}`` broadcast to every
  *other* connection;
- any other op -> ``{"t": "ack", "id", "seq", "result"}`` to the sender, then
  ``{"t": "ev", "seq", "op", "by", "at", "put", "del"}`` to every connection, the sender's
  included (as Coboard does); ``card.create`` answers a ``card_id`` and puts a card record,
  ``card.update`` puts the card record with the new fields.

Each incoming frame is parsed once and each outgoing frame serialised once, then sent with
``websockets.broadcast``. Run::

    python bench/relay.py --port 8765 --compression none|deflate

``GET /healthz`` answers 200 so the benchmark can wait for it like for Coboard.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as _dt
import itertools
import signal
from http import HTTPStatus

import orjson
from websockets.asyncio.server import ServerConnection, broadcast, serve

CONNECTIONS: set[ServerConnection] = set()
SEQ = itertools.count(1)
CARD_IDS = itertools.count(1)
CARDS: dict[str, dict] = {}


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat().replace("+00:00", "Z")


def _apply(pid: str, op: str, args: dict) -> tuple[dict, list[dict]]:
    """A stand-in for applying an op: returns (result, put records)."""
    if op == "card.create":
        cid = f"card-{next(CARD_IDS)}"
        rec = {"id": cid, "kind": "card", "v": 1, "created_by": pid, **args}
        CARDS[cid] = rec
        return {"card_id": cid}, [rec]
    if op == "card.update":
        cid = args.get("card_id")
        rec = CARDS.setdefault(cid, {"id": cid, "kind": "card", "v": 0})
        for k, val in args.items():
            if k != "card_id":
                rec[k] = val
        rec["v"] += 1
        return {}, [rec]
    return {}, []


async def handler(ws: ServerConnection) -> None:
    try:
        first = orjson.loads(await ws.recv())
    except Exception:
        return
    if not isinstance(first, dict) or first.get("op") != "hello" or not first.get("token"):
        await ws.send(orjson.dumps({"t": "err", "code": "unauthorized",
                                    "message": "Say hello first."}).decode())
        await ws.close(4401)
        return
    pid = str(first["token"])
    me = {"id": pid, "kind": "participant", "v": 1, "name": pid, "room_id": "main",
          "online": True}
    await ws.send(orjson.dumps({"t": "welcome", "seq": 0, "me": me, "records": [],
                                "online": [pid]}).decode())
    CONNECTIONS.add(ws)
    broadcast(CONNECTIONS - {ws}, orjson.dumps(
        {"t": "presence", "participant_id": pid, "online": True}).decode())
    try:
        async for raw in ws:
            try:
                msg = orjson.loads(raw)
                op = msg["op"]
            except Exception:
                await ws.send('{"t":"err","code":"invalid","message":"Bad frame."}')
                continue
            if op == "eph":
                out = orjson.dumps({"t": "eph", "by": pid, "room_id": "main",
                                    "args": msg.get("args")}).decode()
                broadcast(CONNECTIONS - {ws}, out)
                continue
            result, put = _apply(pid, op, msg.get("args") or {})
            seq = next(SEQ)
            await ws.send(orjson.dumps({"t": "ack", "id": msg.get("id"), "seq": seq,
                                        "result": result}).decode())
            broadcast(CONNECTIONS, orjson.dumps(
                {"t": "ev", "seq": seq, "op": op, "by": pid, "at": _now(),
                 "put": put, "del": []}).decode())
    except Exception:
        pass
    finally:
        CONNECTIONS.discard(ws)
        broadcast(CONNECTIONS, orjson.dumps(
            {"t": "presence", "participant_id": pid, "online": False}).decode())


def process_request(connection, request):
    if request.path == "/healthz":
        return connection.respond(HTTPStatus.OK, "ok\n")
    return None


async def main(host: str, port: int, compression: str) -> None:
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(sig, stop.set_result, None)
    async with serve(handler, host, port, process_request=process_request,
                     compression="deflate" if compression == "deflate" else None,
                     max_size=2**20) as server:
        print(f"relay listening on ws://{host}:{port} compression={compression}", flush=True)
        await stop
        server.close()


if __name__ == "__main__":
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--compression", choices=["none", "deflate"], default="none")
    p.add_argument("--no-uvloop", action="store_true",
                   help="use the default asyncio loop (uvicorn uses uvloop when installed)")
    a = p.parse_args()
    factory = None
    if not a.no_uvloop:
        try:
            import uvloop
            factory = uvloop.new_event_loop
        except ImportError:
            pass
    with asyncio.Runner(loop_factory=factory) as runner:
        runner.run(main(a.host, a.port, a.compression))
