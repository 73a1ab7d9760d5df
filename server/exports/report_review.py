"""The review (stage 8) in the report: each plan's journey after the workshop, progress against its
indicators, the reflective feedback over time, the guide's review questions, "What happened to what
you said" per theme, and a true "You said, we did".

"You said" comes from the top themes with their I statements; "We did" only from plans taken
forward, with their status and latest update; ideas not taken forward are listed as such.
"""
from ..domain.mop_up import ideas_not_taken
from ..domain.progress import day_in_words, plan_view, plans_in_table_order
from ..domain.state import WorkshopState
from ..domain.trail import trail
from ..protocol.labels import FEEDBACK_QUESTIONS, FEEDBACK_RATINGS, REVIEW_QUESTIONS
from .document import Document
from .tables import QUESTIONS, Workshop

TOP_NWW, TOP_OTHER = 5, 2


def plural(n: int, one: str, many: str | None = None) -> str:
    """"1 dot", "2 dots", "1 card"."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def state_of(records) -> WorkshopState:
    records = list(records)
    workshop = next(r for r in records if r["kind"] == "workshop")
    return WorkshopState(workshop["id"], {r["id"]: r for r in records})


def today_of(state: WorkshopState) -> str:
    from datetime import datetime, timezone
    return datetime.now(timezone.utc).date().isoformat()


# ---- top themes: what people said ---------------------------------------------------------------

def theme_dots(w: Workshop, theme: dict) -> int:
    return sum((r.get("tallies") or {}).get(theme["id"], 0) for r in w.of("round")
               if r["status"] == "closed" or not r.get("hidden"))


def top_themes(w: Workshop) -> list[tuple[dict, dict, int, int]]:
    """(theme, board, cards, dots): the Not Working Well themes first (the ones tables took), then
    the top of Working Well and Important for the Future; most dots, then most cards."""
    given = {r.get("theme_id") for r in w.of("room") if r["type"] == "table"}
    out = []
    for board in w.boards("nww", "iff", "ww"):
        themes = [(t, board, sum(1 for c in w.of("card") if c.get("theme_id") == t["id"]), theme_dots(w, t))
                  for t in w.cards_on(board["id"], "theme")]
        themes.sort(key=lambda x: (x[0]["id"] not in given, -x[3], -x[2], x[0]["text"]))
        out += themes[:TOP_NWW if board["type"] == "nww" else TOP_OTHER]
    return out


def what_happened(state: WorkshopState, w: Workshop, theme: dict, today: str) -> list[str]:
    """Plain sentences: which table took the theme, its root causes, its plan and where the plan is now."""
    table = next((r for r in w.of("room") if r["type"] == "table" and r.get("theme_id") == theme["id"]), None)
    lines = []
    if table is None:
        lines.append("This was not one of the themes the tables worked on at the workshop.")
        if theme.get("taken_to"):
            lines.append(f"Afterwards it was taken to {theme['taken_to']}.")
        return lines
    lines.append(f"{table['name']} worked on it.")
    causes = [c["text"] for b in w.boards("root_causes") if b["room_id"] == table["id"]
              for c in w.cards_on(b["id"], "root_cause")]
    if causes:
        lines.append("They found these root causes: " + "; ".join(causes) + ".")
    plans = [p for p in plans_in_table_order(state) if (state.get(p["board_id"]) or {}).get("room_id") == table["id"]]
    for plan in plans:
        view = plan_view(state, plan, today)
        lines.append(f"They made an action plan: {plan['idea_text']}. Now: {view['status_words']}.")
        done = [c for c in view["checkins"] if c["status"] == "done"]
        if done:
            lines.append(f"Latest check-in ({done[-1]['label']}): {done[-1]['note']}")
    if not plans:
        lines.append("No action plan has been written for it yet.")
    return lines


# ---- the sections ---------------------------------------------------------------------------------

def review_sections(doc: Document, records) -> None:
    """Appended to the full report, after the workshop's own work."""
    state, w = state_of(records), Workshop(records)
    today = today_of(state)
    doc.h(2, "After the workshop: the action plans")
    plans = plans_in_table_order(state)
    if not plans:
        doc.p("No action plans yet.")
    for plan in plans:
        view = plan_view(state, plan, today)
        doc.h(3, f"{view['code'] or ''} {view['idea']}".strip())
        doc.p(f"Status: {view['status_words']}. Lead: {view['lead'] or 'not chosen yet'}.", bold=True)
        doc.h(4, "Progress against the indicators")
        doc.table(["", ""], [["Where we started (baseline)", view["baseline"] or "Not written yet"],
                             ["How we will know (indicators)", view["indicators"] or "Not written yet"],
                             ["Where we are now", view["status_words"]]])
        doc.h(4, "The plan's journey")
        doc.table(["When", "Status", "What changed and why", "By"],
                  [[h["at"][:10], h["status_words"].split(":")[0], h["reason"] or "", h["by"] or ""]
                   for h in view["history"]])
        if view["checkins"]:
            doc.table(["Check-in", "Due", "Done", "What happened"],
                      [[c["label"], c["due_words"], "yes" if c["status"] == "done" else "not yet", c["note"] or ""]
                       for c in view["checkins"]])
    feedback_section(doc, w)
    doc.h(2, "Review: questions for the facilitator")
    answers = w.workshop.get("review") or {}
    for key, question in REVIEW_QUESTIONS.items():
        doc.h(3, question)
        doc.p(answers.get(key) or "To be filled in.")
    doc.h(2, "What happened to what you said")
    for theme, board, cards, dots in top_themes(w):
        doc.h(3, f"You said: {theme['text']}")
        doc.p(f"{QUESTIONS[board['type']]}: {plural(cards, 'card')}, {plural(dots, 'dot')}.")
        doc.ul(what_happened(state, w, theme, today))
    trails_section(doc, state, today)


def trails_section(doc: Document, state: WorkshopState, today: str) -> None:
    """For staff (the report is theirs): each answer in a theme a table took, to the plan and where it is now."""
    rows = []
    for card in sorted(state.of_kind("card"), key=lambda c: (c.get("created_at") or "", c["id"])):
        if card["type"] != "data" or not card.get("theme_id"):
            continue
        t = trail(state, card["id"], today)
        if not t or not t["table"]:
            continue
        answer = t["answer"] or {}
        said = answer.get("original") or t["text"]
        code = f"{answer['code']}: {answer['code_label']}" if answer.get("code_label") else ""
        plans = "; ".join(f"{p['idea']} ({p['status_words']})" for p in t["plans"]) or "no plan yet"
        rows.append([said, code, t["theme"]["text"], t["theme"]["dots"], t["table"]["name"],
                     "; ".join(t["root_causes"]), plans])
    if rows:
        doc.h(2, "From an answer to what happened")
        doc.p("Each answer in a theme a table worked on: how it was amended, its theme and that theme's dots, the "
              "table's root causes, and the plan that came out of it with where it is now.")
        doc.table(["Answer", "Amendment", "Theme", "Dots", "Table", "Root causes", "Plan and status"], rows)


def feedback_section(doc: Document, w: Workshop) -> None:
    rounds = sorted(w.of("feedback"), key=lambda f: (f["opened_at"], f["id"]))
    doc.h(2, "Reflective feedback")
    if not rounds:
        doc.p("No feedback questionnaire has been run yet.")
        return
    doc.p("Answers are anonymous. Results are worked out when a round closes, and only once 3 people or more have answered.")
    for f in rounds:
        doc.h(3, f"{f['title']} ({day_in_words(f['opened_at'][:10])}): {plural(f['answers'], 'answer')}")
        r = f.get("results")
        if not r:
            doc.p("Fewer than 3 answers so far: the results stay hidden so that nobody's answer stands alone.")
            continue
        questions = f.get("questions") or FEEDBACK_RATINGS
        doc.table(["Principle", "Average (1–5)", "Answers"],
                  [[questions[k], "" if v["mean"] is None else f"{v['mean']:.1f}", v["count"]]
                   for k, v in r["ratings"].items()]
                  + [[FEEDBACK_QUESTIONS["satisfaction"], "" if r["satisfaction"]["mean"] is None
                      else f"{r['satisfaction']['mean']:.1f}", r["satisfaction"]["count"]]])
        if r["words"]:
            doc.p("Words for how the group has been working: " + ", ".join(
                f"{x['word']} ({x['count']})" for x in r["words"]))
        if r["self_words"]:
            doc.p("Words people used for themselves: " + ", ".join(f"{x['word']} ({x['count']})"
                                                                   for x in r["self_words"]))
        for key in ("self_reason", "help", "more_less"):
            if r.get(key):
                doc.p(FEEDBACK_QUESTIONS[key], bold=True)
                doc.ul(r[key])
    done = [f for f in rounds if f.get("results")]
    if len(done) > 1:
        doc.h(3, "Compared over time")
        doc.table(["Principle"] + [f"{f['number']}. {f['opened_at'][:10]}" for f in done],
                  [[FEEDBACK_RATINGS[k].format(place=done[-1].get("place", "")) ] +
                   ["" if f["results"]["ratings"][k]["mean"] is None else f"{f['results']['ratings'][k]['mean']:.1f}"
                    for f in done] for k in FEEDBACK_RATINGS])


def you_said_we_did(records) -> Document:
    """One A4 page: what people said (the top themes), what we did (plans taken forward, with where they
    are now), and the ideas not taken forward, named as such."""
    state, w = state_of(records), Workshop(records)
    today = today_of(state)
    doc = Document(f"You said, we did: {w.workshop['title']}")
    doc.h(1, "You said, we did")
    doc.p(w.workshop["title"], bold=True)
    doc.h(2, "You said")
    said = [f"{t['text']} ({QUESTIONS[b['type']].lower()}: {plural(n, 'card')}" + (f", {plural(d, 'dot')})" if d
                                                                                  else ")")
            for t, b, n, d in top_themes(w)]
    doc.ul(said[:9]) if said else doc.p("The themes will appear here once the answers have been themed.")
    doc.h(2, "We did")
    did = []
    for plan in plans_in_table_order(state):
        view = plan_view(state, plan, today)
        latest = next((c for c in reversed(view["checkins"]) if c["status"] == "done"), None)
        update = f" Latest: {_short(latest['note'])}" if latest else (
            f" Next step: {_short(plan['fields'].get('next_week'))}" if plan["fields"].get("next_week") else "")
        did.append(f"{_short(view['idea'], 80)}: {view['status_words'][:120]}.{update}")
    doc.ul(did[:6]) if did else doc.p("The action plans will be added here as they are taken forward.")
    not_taken = ideas_not_taken(state)
    if not_taken:
        doc.h(2, "Ideas not taken forward (yet)")
        doc.ul([f"{_short(i['text'], 80)} ({plural(i['dots'], 'dot')})"
                + (f", taken to {i['taken_to']}" if i.get("taken_to") else "") for i in not_taken[:5]]
               + ([f"and {plural(len(not_taken) - 5, 'more idea')}"] if len(not_taken) > 5 else []))
    return doc


def _short(text: str | None, limit: int = 140) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
