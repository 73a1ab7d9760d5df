"""How long one op takes in the rules as a workshop grows (no server, no database).

    .venv/bin/python bench/rules.py                  # 400, 1,500 and 5,500 records
    .venv/bin/python bench/rules.py --sizes 500,20000

A workshop with a facilitator and 30 participants gets data cards on the "not working well"
board, grouped into themes, and an open vote with every participant's dots; then `card.group`,
`card.update`, `vote.cast` + `vote.retract` and a participant's `card.create` + `card.delete` on that
crowded board (the L3 count of their own cards there) are timed through the one gate (apply_op on the
state, as the hub's pipeline decides them). Prints microseconds per op (median of repeats) for
each size: with the state's indexes they should not grow with the number of records.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server.clock import op_context  # noqa: E402
from server.domain.gate import apply_op  # noqa: E402
from server.domain.state import WorkshopState  # noqa: E402


def new_workshop(wid, title, purpose, name, code, ctx):
    return apply_op(WorkshopState(wid), None, "workshop.create", {"title": title, "purpose": purpose,
                    "facilitator_name": name, "join_code": code}, ctx, internal=True)


def join_workshop(state, name, perspective, ctx):
    return apply_op(state, None, "participant.join", {"name": name, "perspective": perspective}, ctx,
                    internal=True)


def build(records: int):
    state = WorkshopState("w1")
    created = new_workshop("w1", "Bench", "Timing rules", "Sam", "JOIN42", op_context())
    state.apply(created)
    fac = state.records[created.result["participant_id"]]
    people = []
    for i in range(30):
        joined = join_workshop(state, f"P{i}", None, op_context())
        state.apply(joined)
        people.append(joined.result["participant_id"])

    def do(actor_id, op, **args):
        change = apply_op(state, state.records[actor_id], op, args, op_context())
        state.apply(change)
        return change

    board = next(b for b in state.of_kind("board") if b["type"] == "nww")["id"]
    themes = [do(fac["id"], "card.create", board_id=board, type="theme", text=f"Theme {t}").result["card_id"]
              for t in range(20)]
    data = []
    while len(state.records) < records:
        cid = do(fac["id"], "card.create", board_id=board, type="data", tag="nww",
                 text=f"Answer {len(data)}").result["card_id"]
        if len(data) % 2:
            do(fac["id"], "card.group", card_id=cid, theme_id=themes[len(data) % len(themes)])
        data.append(cid)
    round_id = do(fac["id"], "round.open", board_id=board, per_person=3, per_target=2).result["round_id"]
    for i, pid in enumerate(people[1:]):
        for k in range(2):
            do(pid, "vote.cast", round_id=round_id, target_id=themes[(i + k) % len(themes)])
    return state, fac["id"], people[0], themes, data, round_id, do


def timed(fn, n: int) -> float:
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1e6)
    return statistics.median(samples)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="400,1500,5500")
    p.add_argument("--repeat", type=int, default=200)
    a = p.parse_args()
    print(f"{'records':>8} {'card.group µs':>14} {'card.update µs':>15} {'vote cast+retract µs':>21} "
          f"{'own card create+delete µs':>26}")
    for size in (int(s) for s in a.sizes.split(",")):
        state, fac, voter, themes, data, round_id, do = build(size)
        k = [0]

        def group():
            k[0] += 1
            do(fac, "card.group", card_id=data[k[0] % len(data)], theme_id=themes[k[0] % len(themes)])

        def update():
            k[0] += 1
            do(fac, "card.update", card_id=data[k[0] % len(data)], x=(k[0] % 1000) / 1000, y=0.5)

        def vote():
            do(voter, "vote.cast", round_id=round_id, target_id=themes[0])
            do(voter, "vote.retract", round_id=round_id, target_id=themes[0])

        board = state.records[data[0]]["board_id"]

        def own_card():
            made = do(voter, "card.create", board_id=board, type="note", text="Mine").result["card_id"]
            do(voter, "card.delete", card_id=made)

        print(f"{len(state.records):>8} {timed(group, a.repeat):>14.1f} {timed(update, a.repeat):>15.1f} "
              f"{timed(vote, a.repeat):>21.1f} {timed(own_card, a.repeat):>26.1f}", flush=True)


if __name__ == "__main__":
    main()
