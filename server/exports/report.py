"""The Working Together for Change report of the whole journey, and a one-page "You said, we did".

Both are written in the workshop's default language (the facilitator's choice, `language` of the
workshop record), like the board pictures: a report is a document of the whole workshop, shared,
printed and sent on, so every reader gets the same words whoever downloaded it. The words the report
itself writes come from the catalogue (labels.py's words translated here); what people wrote stays
as they wrote it.
"""
from ..i18n import day_in_words, gettext, language_of, ngettext
from ..protocol.labels import BOARD_CODES, QUADRANTS
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


def _tables(w: Workshop, lang: str) -> list[tuple[str, list[dict]]]:
    """Boards grouped by where they are: each table in number order, then the whole group."""
    groups: dict[str, list[dict]] = {}
    rooms = {r["id"]: r for r in w.of("room")}
    order = sorted(w.boards(), key=lambda b: ((rooms.get(b["room_id"]) or {}).get("number") or 10_000, b["order"]))
    for board in order:
        groups.setdefault(w.table_of(board, lang), []).append(board)
    return list(groups.items())


def full_report(records) -> Document:
    w = Workshop(records)
    ws = w.workshop
    lang = language_of(ws.get("language"))

    def _(msgid: str, **params) -> str:
        return gettext(lang, msgid, **params)

    doc = Document(_("Working Together for Change report: {title}", title=ws["title"]), lang)
    doc.h(1, doc.title)
    started = str(ws.get("created_at", ""))[:10]
    doc.p(_("Workshop started {day}.", day=day_in_words(started, lang) if len(started) == 10 else started))
    doc.h(2, _("Purpose"))
    doc.p(ws.get("purpose") or _("No purpose statement was recorded."))

    doc.h(2, _("Who we heard from"))
    datasets = w.of("dataset")
    answers = w.answers()
    people = sum(d.get("responses", 0) for d in datasets)
    collected = ngettext(lang, "{n} answer was collected.", "{n} answers were collected.", len(answers))
    if datasets:
        doc.p(ngettext(lang, "{n} person answered.", "{n} people answered.", people) + " " + collected)
    else:
        doc.p(collected)
    per_question = {q: sum(1 for a in answers if a["question"] == q) for q in QUESTIONS}
    doc.ul([f"{_(QUESTIONS[q])} ({q}): " + ngettext(lang, "{n} answer", "{n} answers", n)
            for q, n in per_question.items()])
    amended = sum(1 for a in answers if a.get("code"))
    omitted = sum(1 for a in answers if a["status"] == "omitted")
    if answers:
        doc.p(ngettext(lang, "{n} answer was amended using the data amendment key,",
                       "{n} answers were amended using the data amendment key,", amended) + " "
              + ngettext(lang, "of which {n} was omitted with a reason.", "of which {n} were omitted with a reason.",
                         omitted) + " " + _("Every original answer is kept."))
    for d in datasets:
        for label, groups in (d.get("heard_from") or {}).items():
            doc.h(3, label)
            doc.table([_("Group"), _("People")], [[g, n] for g, n in groups.items()])
    if any(d.get("heard_from") for d in datasets):
        doc.p(_("Groups of fewer than 3 people are not shown, so that nobody can be recognised."))

    doc.h(2, _("Themes"))
    for board in w.boards("ww", "nww", "iff"):
        ranked = _ranked_themes(w, board)
        doc.h(3, f"{w.picture_title(board, lang)} ({gettext(lang, BOARD_CODES[board['type']])})")
        data = w.cards_on(board["id"], "data")
        unthemed = sum(1 for c in data if not c.get("theme_id"))
        counts = [ngettext(lang, "{n} data card", "{n} data cards", len(data)),
                  ngettext(lang, "{n} theme", "{n} themes", len(ranked))]
        if unthemed:
            counts.append(ngettext(lang, "{n} card not themed", "{n} cards not themed", unthemed))
        said = ", ".join(counts) + "."
        doc.p(said[:1].upper() + said[1:])  # a Welsh zero form starts with a word ("dim cardiau")
        doc.table([_("Theme (I statement)"), _("Cards"), _("Dots")], [[t["text"], n, d] for t, n, d in ranked])

    doc.h(2, _("Vote results"))
    rounds = sorted(w.of("round"), key=lambda r: r.get("opened_at") or "")
    if not rounds:
        doc.p(_("No votes were held."))
    for r in rounds:
        board = w.records.get(r["board_id"])
        title = w.picture_title(board, lang) if board else _("A board")
        each = ngettext(lang, "{n} dot each", "{n} dots each", r["per_person"])
        most = ngettext(lang, "at most {n} on one", "at most {n} on one", r["per_target"])
        state = _("closed") if r["status"] == "closed" else _("still open")
        doc.h(3, f"{title}: {each}, {most} ({state})")
        rows = [[(w.records.get(t) or {}).get("code") or "", (w.records.get(t) or {}).get("text", _("(removed)")), n]
                for t, n in sorted((r.get("tallies") or {}).items(), key=lambda kv: -kv[1])]
        doc.table([_("Code"), _("Theme or idea"), _("Dots")], rows)

    doc.h(2, _("The tables' work"))
    for where, boards in _tables(w, lang):
        sections = [b for b in boards if b["type"] in ("root_causes", "success", "in_place", "ideas")]
        if not sections:
            continue
        room = w.records.get(sections[0].get("room_id"), {})
        doc.h(3, f"{where}: {room['theme_text']}" if room.get("theme_text") else where)
        for b in sections:
            if b["type"] == "root_causes":
                chain = sorted(w.cards_on(b["id"], "note"), key=lambda c: (c.get("step") is None, c.get("step") or 0))
                if chain:
                    doc.p(_("Asking why"), bold=True)
                    doc.ul([c["text"] for c in chain])
                doc.p(_("Root causes (the most likely reasons)"), bold=True)
                doc.ul([c["text"] for c in w.cards_on(b["id"], "root_cause")])
            elif b["type"] == "success":
                doc.p(_("Success statements"), bold=True)
                doc.ul([f"{_(PERSPECTIVES[c['perspective']]) if c.get('perspective') in PERSPECTIVES else _('Note')}: "
                        f"{c['text']}" for c in w.cards_on(b["id"], "success", "note")])
            elif b["type"] == "in_place":
                doc.p(_("What's in place already"), bold=True)
                doc.ul([c["text"] for c in w.cards_on(b["id"], "in_place", "note")])
            else:
                dots = w.dots(b["id"])
                doc.p(_("Ideas"), bold=True)
                doc.table([_("Code"), _("Hat"), _("Idea"), _("Dots")],
                          [[c.get("code"), _(HATS[c["hat"]]) if c.get("hat") in HATS else "", c["text"],
                            dots.get(c["id"], 0)] for c in w.cards_on(b["id"], "idea")])

    doc.h(2, _("The Investment Grid"))
    grid_ideas = [c for b in w.boards("grid") for c in w.cards_on(b["id"], "idea")]
    if not grid_ideas:
        doc.p(_("No ideas were placed on the Investment Grid."))
    for key, name in QUADRANTS.items():
        mine = [f"{c.get('code') or ''} {c['text']}".strip() for c in grid_ideas if c.get("quadrant") == key]
        if mine:
            doc.h(3, _(name))
            doc.ul(mine)
    unplaced = [f"{c.get('code') or ''} {c['text']}".strip() for c in grid_ideas if not c.get("quadrant")]
    if unplaced:
        doc.h(3, _("Not placed"))
        doc.ul(unplaced)

    doc.h(2, _("Action plans"))
    any_plan = False
    for b in w.boards("action_plan"):
        for plan in w.plans_on(b["id"]):
            any_plan = True
            lead = w.records.get(plan.get("lead_id") or "", {}).get("name") or _("not chosen yet")
            doc.h(3, f"{w.table_of(b, lang)}: {plan.get('code') or ''} {plan.get('idea_text') or ''}".strip())
            quadrant = QUADRANTS.get(plan.get("quadrant"))
            doc.p((f"{_(quadrant)}. " if quadrant else "") + _("Lead: {name}.", name=lead))
            doc.table([_("Question"), _("Answer")], [[_(q), plan.get("fields", {}).get(k, "")]
                                                     for k, q in PLAN_QUESTIONS.items()])
        notes = [c["text"] for c in w.cards_on(b["id"])]
        if notes:
            any_plan = True
            doc.p(_("Notes from {table}", table=w.table_of(b, lang)), bold=True)
            doc.ul(notes)
    if not any_plan:
        doc.p(_("No action plans were written yet."))

    doc.h(2, _("Parking space"))
    parked = [c["text"] + (" — " + _("reviewed: {response}", response=c["response"])
                           if c.get("reviewed") and c.get("response") else "")
              for b in w.boards("parking") for c in w.cards_on(b["id"])]
    doc.ul(parked) if parked else doc.p(_("Nothing was left in the parking space."))
    review_sections(doc, list(w.records.values()), lang)
    for board in w.boards("ww", "nww", "iff", "grid"):
        doc.pictures.append((w.picture_title(board, lang), render_board(list(w.records.values()), board["id"])))
    return doc


def you_said_we_did(records) -> Document:
    """One page: what people said (the top themes) and what was done about it (report_review.py)."""
    return review_you_said_we_did(records)
