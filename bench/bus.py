"""Receiving from Redis: the CPU one process spends on each message of a workshop it is sent.

Every process serving a workshop is subscribed to its channel, its own included, so it is sent back
every event it published itself as well as the other processes' events. Here one `RedisBus`
(server/bus/redis.py, as the server runs it) listens to one workshop; a child process publishes card
moves to it through a `RedisBus` of its own, as the pipeline does after each commit — half of them
under the listener's own origin (its echo: what it published itself), half under another's. The
listener's CPU time from the first message to the last, per message, is printed with the Redis parser
redis-py used (hiredis, or its own in Python).

    .venv/bin/python bench/bus.py                      # 20,000 messages, half of them its own
    .venv/bin/python bench/bus.py --messages 50000 --own 0.5 --repeat 5
    .venv/bin/python bench/bus.py --no-hiredis         # redis-py's own parser, in Python

Prints a table; compare two trees by running this file from each (`--src DIR`: the server of another
tree, e.g. `git archive main | tar -x -C /tmp/main`).
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
SRC = next((sys.argv[i + 1] for i, x in enumerate(sys.argv[:-1]) if x == "--src"), str(ROOT))
sys.path.insert(0, SRC)  # the server measured: this tree's, or --src's (read before argparse: the child imports it too)
from services import Redis  # noqa: E402

WORKSHOP = "w_bench"


def a_move(i: int):
    """A card move as the pipeline publishes it: one card record put, with the mover's ack fields."""
    from server.store import StoredEvent
    card = {"id": f"c_{i % 30:04d}", "kind": "card", "v": i, "board_id": "b_main", "type": "theme",
            "text": "A card as long as a sentence people write on one", "x": 120.5 + i % 400, "y": 80.25 + i % 300,
            "z": i, "created_by": f"p_{i % 30:04d}", "created_at": "2026-12-06T20:00:00.000Z"}
    return StoredEvent(i + 1, "card.move", f"p_{i % 30:04d}", "2026-12-06T20:00:00.000Z", [card], [],
                       f"op-{i}", {"card_id": card["id"]})


def without_hiredis() -> None:
    """redis-py as without the hiredis package: its own parser, in Python (it looks for hiredis on import)."""
    sys.modules["hiredis"] = None


def publisher(url: str, origin: str, n: int, own: float, ready, go) -> None:
    """In a child process (its CPU not counted): n moves, the share `own` of them under the listener's origin."""
    from server.bus.redis import RedisBus

    async def main():
        mine, other = RedisBus(url), RedisBus(url)
        mine.origin = origin
        for bus in (mine, other):
            bus.hubs = type("NoHubs", (), {"hubs": {}})()
            await bus.start(bus.hubs)
        ready.set()
        while not go.is_set():
            await asyncio.sleep(0.01)
        step = round(1 / own) if own else 0
        for i in range(n):
            bus = mine if step and i % step == 0 else other
            await bus.publish(WORKSHOP, a_move(i), [])
            if i % 256 == 255:
                await asyncio.sleep(0.001)  # the senders' pipelines go out, as between commits
        while not (mine.outbox.empty() and other.outbox.empty()):
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        await mine.close()
        await other.close()

    asyncio.run(main())


async def listen_once(url: str, n: int, own: float) -> dict:
    from server.bus.redis import RedisBus

    got = {"n": 0}
    expected_others = n - (len(range(0, n, round(1 / own))) if own else 0)

    class Hub:
        presence = type("Presence", (), {"local": {}})()
        budgets = type("Budgets", (), {"take_spent": staticmethod(dict)})()

        async def on_remote_event(self, event, notices=()):
            got["n"] += 1

    class Hubs:
        hubs = {WORKSHOP: Hub()}

    bus = RedisBus(url)
    await bus.start(Hubs())
    await bus.subscribe(WORKSHOP)
    ctx = mp.get_context("spawn")
    ready, go = ctx.Event(), ctx.Event()
    child = ctx.Process(target=publisher, args=(url, bus.origin, n, own, ready, go))
    child.start()
    while not ready.is_set():
        await asyncio.sleep(0.01)
    cpu0, wall0 = time.process_time(), time.monotonic()
    go.set()
    deadline = time.monotonic() + 120
    while got["n"] < expected_others and time.monotonic() < deadline:
        await asyncio.sleep(0.01)  # a wake-up every 10 ms: a few µs each, counted in both trees alike
    cpu1 = time.process_time()
    child.join(30)
    await bus.close()
    return {"received": got["n"], "expected": expected_others, "cpu_s": cpu1 - cpu0,
            "us_per_message": (cpu1 - cpu0) / n * 1e6, "wall_s": time.monotonic() - wall0}


def parser_name() -> str:
    from redis.utils import HIREDIS_AVAILABLE
    return "hiredis" if HIREDIS_AVAILABLE else "redis-py's own (Python)"


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--messages", type=int, default=20000)
    p.add_argument("--own", type=float, default=0.5, help="share of the messages that are the listener's own")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--src", default=str(ROOT), help="the tree whose server/ is measured (default: this one)")
    p.add_argument("--no-hiredis", action="store_true", help="the listener with redis-py's own parser (Python)")
    a = p.parse_args()
    if a.no_hiredis:
        without_hiredis()
    redis = Redis().start()
    try:
        runs = []
        for _ in range(a.repeat):
            runs.append(asyncio.run(listen_once(redis.url, a.messages, a.own)))
    finally:
        redis.close()
    us = statistics.median(r["us_per_message"] for r in runs)
    print(f"\nRedis parser: {parser_name()}; {a.messages} messages, {a.own:.0%} of them the listener's own; "
          f"load average {os.getloadavg()[0]:.2f}")
    print("run  received (of others')  listener CPU s  µs per message")
    for i, r in enumerate(runs):
        print(f"{i + 1:>3}  {r['received']:>8} ({r['expected']})  {r['cpu_s']:>14.3f}  {r['us_per_message']:>14.1f}")
    print(f"median: {us:.1f} µs of the listener's CPU per message sent to it")


if __name__ == "__main__":
    main()
