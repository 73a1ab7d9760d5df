"""Export benchmark: a 300-card board to SVG, PNG and PDF; the full report of a 240-answer workshop.

Not a test: it prints figures (median and worst of --repeat runs, in milliseconds, and output
sizes) and writes bench/results/exports-*.json. Everything runs in this process, on the same
functions the HTTP routes call, with no server or database in between.

    .venv/bin/python bench/exports.py
    .venv/bin/python bench/exports.py --repeat 10 --cards 600
"""
import argparse
import itertools
import json
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server.domain.gate import apply_op  # noqa: E402
from server.domain.state import OpContext, WorkshopState  # noqa: E402
from server.exports import cards_pdf, report, tables  # noqa: E402
from server.exports.convert import svg_to_pdf, svg_to_png  # noqa: E402
from server.exports.svg import render_board  # noqa: E402
from server.imports.responses import parse  # noqa: E402

WORDS = ("carer staff bus lonely forms money friends club nurse day centre home weekend phone listen help time "
         "group garden library walk job safe night family choice respect wait late letter website").split()


class Bench:
    """A workshop in memory, changed only through the domain's ops."""

    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        counters = defaultdict(itertools.count)
        self.ctx = OpContext(now="2026-11-26T10:00:00.000Z", new_id=lambda p: f"{p}{next(counters[p]) + 1}")
        self.state = WorkshopState("w1")
        self.state.apply(apply_op(self.state, None, "workshop.create", {
            "title": "Export bench", "purpose": "Hear what matters", "facilitator_name": "Sam",
            "join_code": "BENCH123"}, self.ctx, internal=True))
        self.facilitator = next(self.state.of_kind("participant"))["id"]
        self.people = []
        for i in range(30):
            joined = apply_op(self.state, None, "participant.join", {"name": f"Person{i}"}, self.ctx, internal=True)
            self.state.apply(joined)
            self.people.append(joined.result["participant_id"])

    def do(self, who: str, op: str, **args) -> dict:
        change = apply_op(self.state, self.state.records[who], op, args, self.ctx)
        self.state.apply(change)
        return change.result

    def sentence(self, n: int) -> str:
        return "I " + " ".join(self.rng.choice(WORDS) for _ in range(n))

    def board(self, board_type: str) -> str:
        return next(b["id"] for b in self.state.of_kind("board") if b["type"] == board_type)

    def themed_board(self, cards: int, board_type: str = "nww") -> str:
        """`cards` cards on one theming board: a theme per 9 data cards, the rest themed, dots on themes."""
        f, board = self.facilitator, self.board(board_type)
        theme_count = max(1, cards // 10)
        themes = [self.do(f, "card.create", board_id=board, type="theme", text=self.sentence(4))["card_id"]
                  for _ in range(theme_count)]
        for i in range(cards - theme_count):
            card = self.do(f, "card.create", board_id=board, type="data", text=self.sentence(self.rng.randint(5, 25)))
            if i % 10:  # one in ten left unthemed
                self.do(f, "card.group", card_id=card["card_id"], theme_id=themes[i % theme_count])
        round_id = self.do(f, "round.open", board_id=board)["round_id"]
        for person in self.people:
            for target in self.rng.sample(themes, min(3, len(themes))):
                self.do(person, "vote.cast", round_id=round_id, target_id=target)
        self.do(f, "round.close", round_id=round_id)
        return board

    def answers(self, n: int) -> None:
        """n answers from n/2 people (two questions each), imported as one op."""
        rows = [["Respondent", "What is working well for you?", "What is not working well for you?",
                 "What is important to you in the future?", "Age group"]]
        for i in range(n // 2):
            q = self.rng.sample([1, 2, 3], 2)
            rows.append([f"R{i}"] + [self.sentence(self.rng.randint(6, 30)) if k in q else "" for k in (1, 2, 3)]
                        + [self.rng.choice(["18-34", "35-54", "55-64", "65-74", "75+"])])
        parsed = parse(rows)
        self.state.apply(apply_op(self.state, self.state.records[self.facilitator], "responses.import",
                                  parsed.import_args("bench.csv", None), self.ctx, internal=True))

    def journey(self) -> None:
        """Table work after the theming: root causes, success, ideas, the grid, an action plan, parking."""
        f = self.facilitator
        for table in range(1, 5):
            made = {k: self.do(f, "board.create", type=k, title=f"Table {table} {k}")["board_id"]
                    for k in ("root_causes", "success", "in_place", "ideas", "action_plan")}
            for _ in range(3):
                self.do(f, "card.create", board_id=made["root_causes"], type="root_cause", text=self.sentence(8))
                self.do(f, "card.create", board_id=made["in_place"], type="in_place", text=self.sentence(5))
            for p in ("people_families", "providers", "buyers"):
                self.do(f, "card.create", board_id=made["success"], type="success", text=self.sentence(10),
                        perspective=p)
            ideas = [self.do(f, "card.create", board_id=made["ideas"], type="idea", text=self.sentence(8),
                             hat=h)["card_id"] for h in "TCR" for _ in range(3)]
            on_grid = self.do(f, "grid.add", card_ids=ideas[:3])["card_ids"]
            for card in on_grid:
                self.do(f, "grid.place", card_id=card, impact=self.rng.random(), effort=self.rng.random())
            self.do(f, "grid.place", card_id=on_grid[0], impact=0.8, effort=0.2)
            plan = self.do(f, "plan.create", board_id=made["action_plan"], idea_id=on_grid[0])["plan_id"]
            self.do(f, "plan.update", plan_id=plan, field="next_week", text=self.sentence(12))
        parking = self.do(f, "board.create", type="parking")["board_id"]
        for _ in range(8):
            self.do(f, "card.create", board_id=parking, type="note", text=self.sentence(10))

    @property
    def records(self) -> list[dict]:
        return list(self.state.records.values())


def timed(fn, repeat: int) -> tuple[dict, object]:
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1)}, out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--cards", type=int, default=300)
    p.add_argument("--answers", type=int, default=240)
    args = p.parse_args()

    board_bench = Bench()
    board = board_bench.themed_board(args.cards)
    records = board_bench.records
    rows = []
    svg_t, svg = timed(lambda: render_board(records, board), args.repeat)
    rows.append((f"{args.cards}-card board → SVG", svg_t, len(svg)))
    png_t, png = timed(lambda: svg_to_png(svg), args.repeat)
    rows.append((f"{args.cards}-card board SVG → PNG", png_t, len(png)))
    pdf_t, pdf = timed(lambda: svg_to_pdf(svg), args.repeat)
    rows.append((f"{args.cards}-card board SVG → PDF", pdf_t, len(pdf)))

    w = Bench(seed=11)
    w.answers(args.answers)
    for board_type in ("ww", "nww", "iff"):
        f, b = w.facilitator, w.board(board_type)
        data = [c["id"] for c in w.state.cards_on(b) if c["type"] == "data"]
        themes = [w.do(f, "card.create", board_id=b, type="theme", text=w.sentence(4))["card_id"] for _ in range(8)]
        for i, card in enumerate(data):
            w.do(f, "card.group", card_id=card, theme_id=themes[i % len(themes)])
    w.journey()
    recs = w.records
    answers = sum(1 for r in recs if r["kind"] == "answer")
    html_t, html = timed(lambda: report.full_report(recs).html(), args.repeat)
    rows.append((f"report of {answers} answers → HTML", html_t, len(html)))
    rpdf_t, rpdf = timed(lambda: report.full_report(recs).pdf(), args.repeat)
    rows.append((f"report of {answers} answers → PDF", rpdf_t, len(rpdf)))
    ysd_t, ysd = timed(lambda: report.you_said_we_did(recs).pdf(), args.repeat)
    rows.append(("You said, we did → PDF", ysd_t, len(ysd)))
    xlsx_t, xlsx = timed(lambda: tables.to_xlsx(tables.sheets(recs)), args.repeat)
    rows.append((f"workshop of {answers} answers → XLSX", xlsx_t, len(xlsx)))
    cards_t, cards = timed(lambda: cards_pdf.printable_cards(recs), args.repeat)
    rows.append((f"printable cards of {answers} answers → PDF", cards_t, len(cards)))

    print(f"exports bench: median and worst of {args.repeat} runs, in this process")
    print(f"{'what':46} {'median ms':>10} {'worst ms':>10} {'bytes':>10}")
    for name, t, size in rows:
        print(f"{name:46} {t['median_ms']:>10.1f} {t['max_ms']:>10.1f} {size:>10}")
    out = Path(__file__).parent / "results" / time.strftime("exports-%Y%m%dT%H%M%SZ.json", time.gmtime())
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"repeat": args.repeat, "rows": [{"what": n, **t, "bytes": s} for n, t, s in rows]},
                              indent=2))
    print(f"written {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}")


if __name__ == "__main__":
    main()
