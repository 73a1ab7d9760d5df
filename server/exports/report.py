"""The Working Together for Change report of the whole journey, and a one-page "You said, we did"."""
from ..protocol.labels import QUADRANTS
from ..domain.plans import QUESTIONS as PLAN_QUESTIONS
from .document import Document
from .report_review import review_sections, you_said_we_did as review_you_said_we_did
from .svg import render_board
from .tables import HATS, PERSPECTIVES, QUESTIONS, Workshop

TOP_THEMES = 5


def _ranked_themes(w: Workshop, board: dict) -> list[tuple[dict, int, int]]:
    """(theme, cards, dots) most dots first, then most cards."""
    dots = w.dots(board["id"])
    themes = [(t, t.get("count", 0), dots.get(t["id"], 0)) for t in w.cards_on(board["id"], "theme")]
    return sorted(themes, key=lambda x: (-x[2], -x[1], x[0]["text"]))


def _tables(w: Workshop) -> list[tuple[str, list[dict]]]:
    """Boards grouped by where they are: each table in number order, then the whole group."""
    groups: dict[str, list[dict]] = {}
    rooms = {r["id"]: r for r in w.of("room")}
    order = sorted(w.boards(), key=lambda b: ((rooms.get(b["room_id"]) or {}).get("number") or 10_000, b["order"]))
    for board in order:
        groups.setdefault(w.table_of(board), []).append(board)
    return list(groups.items())


def full_report(records) -> Document:
    w = Workshop(records)
    ws = w.workshop
    doc = Document(f"Working Together for Change report: {ws['title']}")
    doc.h(1, doc.title)
    doc.p(f"Workshop started {str(ws.get('created_at', ''))[:10]}.")
    doc.h(2, "Purpose")
    doc.p(ws.get("purpose") or "No purpose statement was recorded.")

    doc.h(2, "Who we heard from")
    datasets = w.of("dataset")
    answers = w.answers()
    people = sum(d.get("responses", 0) for d in datasets)
    if datasets:
        doc.p(f"{people} people answered; {len(answers)} answers were collected.")
    else:
        doc.p(f"{len(answers)} answers were collected.")
    per_question = {q: sum(1 for a in answers if a["question"] == q) for q in QUESTIONS}
    doc.ul([f"{QUESTIONS[q]} ({q}): {n} answers" for q, n in per_question.items()])
    amended = sum(1 for a in answers if a.get("code"))
    omitted = sum(1 for a in answers if a["status"] == "omitted")
    if answers:
        doc.p(f"{amended} answers were amended using the data amendment key, of which {omitted} were omitted "
              "with a reason. Every original answer is kept.")
    for d in datasets:
        for label, groups in (d.get("heard_from") or {}).items():
            doc.h(3, label)
            doc.table(["Group", "People"], [[g, n] for g, n in groups.items()])
    if any(d.get("heard_from") for d in datasets):
        doc.p("Groups of fewer than 3 people are not shown, so that nobody can be recognised.")

    doc.h(2, "Themes")
    for board in w.boards("ww", "nww", "iff"):
        ranked = _ranked_themes(w, board)
        doc.h(3, f"{board['title']} ({board['type']})")
        data = w.cards_on(board["id"], "data")
        unthemed = sum(1 for c in data if not c.get("theme_id"))
        doc.p(f"{len(data)} data cards, {len(ranked)} themes" + (f", {unthemed} cards not themed." if unthemed
                                                                  else "."))
        doc.table(["Theme (I statement)", "Cards", "Dots"], [[t["text"], n, d] for t, n, d in ranked])

    doc.h(2, "Vote results")
    rounds = sorted(w.of("round"), key=lambda r: r.get("opened_at") or "")
    if not rounds:
        doc.p("No votes were held.")
    for r in rounds:
        board = w.records.get(r["board_id"], {})
        state = "closed" if r["status"] == "closed" else "still open"
        doc.h(3, f"{board.get('title', 'A board')}: {r['per_person']} dots each, at most {r['per_target']} on one "
                 f"({state})")
        rows = [[(w.records.get(t) or {}).get("code") or "", (w.records.get(t) or {}).get("text", "(removed)"), n]
                for t, n in sorted((r.get("tallies") or {}).items(), key=lambda kv: -kv[1])]
        doc.table(["Code", "Theme or idea", "Dots"], rows)

    doc.h(2, "The tables' work")
    for where, boards in _tables(w):
        sections = [b for b in boards if b["type"] in ("root_causes", "success", "in_place", "ideas")]
        if not sections:
            continue
        room = w.records.get(sections[0].get("room_id"), {})
        doc.h(3, f"{where}: {room['theme_text']}" if room.get("theme_text") else where)
        for b in sections:
            if b["type"] == "root_causes":
                chain = sorted(w.cards_on(b["id"], "note"), key=lambda c: (c.get("step") is None, c.get("step") or 0))
                if chain:
                    doc.p("Asking why", bold=True)
                    doc.ul([c["text"] for c in chain])
                doc.p("Root causes (the most likely reasons)", bold=True)
                doc.ul([c["text"] for c in w.cards_on(b["id"], "root_cause")])
            elif b["type"] == "success":
                doc.p("Success statements", bold=True)
                doc.ul([f"{PERSPECTIVES.get(c.get('perspective'), 'Note')}: {c['text']}"
                        for c in w.cards_on(b["id"], "success", "note")])
            elif b["type"] == "in_place":
                doc.p("What's in place already", bold=True)
                doc.ul([c["text"] for c in w.cards_on(b["id"], "in_place", "note")])
            else:
                dots = w.dots(b["id"])
                doc.p("Ideas", bold=True)
                doc.table(["Code", "Hat", "Idea", "Dots"],
                          [[c.get("code"), HATS.get(c.get("hat"), ""), c["text"], dots.get(c["id"], 0)]
                           for c in w.cards_on(b["id"], "idea")])

    doc.h(2, "The Investment Grid")
    grid_ideas = [c for b in w.boards("grid") for c in w.cards_on(b["id"], "idea")]
    if not grid_ideas:
        doc.p("No ideas were placed on the Investment Grid.")
    for key, name in QUADRANTS.items():
        mine = [f"{c.get('code') or ''} {c['text']}".strip() for c in grid_ideas if c.get("quadrant") == key]
        if mine:
            doc.h(3, name)
            doc.ul(mine)
    unplaced = [f"{c.get('code') or ''} {c['text']}".strip() for c in grid_ideas if not c.get("quadrant")]
    if unplaced:
        doc.h(3, "Not placed")
        doc.ul(unplaced)

    doc.h(2, "Action plans")
    any_plan = False
    for b in w.boards("action_plan"):
        for plan in w.plans_on(b["id"]):
            any_plan = True
            lead = w.records.get(plan.get("lead_id") or "", {}).get("name", "not chosen yet")
            doc.h(3, f"{w.table_of(b)}: {plan.get('code') or ''} {plan.get('idea_text') or ''}".strip())
            doc.p(f"{QUADRANTS.get(plan.get('quadrant'), '')}. Lead: {lead}.")
            doc.table(["Question", "Answer"], [[q, plan.get("fields", {}).get(k, "")]
                                               for k, q in PLAN_QUESTIONS.items()])
        notes = [c["text"] for c in w.cards_on(b["id"])]
        if notes:
            any_plan = True
            doc.p(f"Notes from {w.table_of(b)}", bold=True)
            doc.ul(notes)
    if not any_plan:
        doc.p("No action plans were written yet.")

    doc.h(2, "Parking space")
    parked = [c["text"] + (f" — reviewed: {c['response']}" if c.get("reviewed") and c.get("response") else "")
              for b in w.boards("parking") for c in w.cards_on(b["id"])]
    doc.ul(parked) if parked else doc.p("Nothing was left in the parking space.")
    review_sections(doc, list(w.records.values()))
    for board in w.boards("ww", "nww", "iff", "grid"):
        doc.pictures.append((board["title"], render_board(list(w.records.values()), board["id"])))
    return doc


def you_said_we_did(records) -> Document:
    """One page: what people said (the top themes) and what was done about it (report_review.py)."""
    return review_you_said_we_did(records)
