"""The review (stage 8) in the report: each plan's journey after the workshop, progress against its
indicators, the reflective feedback over time, the guide's review questions, "What happened to what
you said" per theme, and a true "You said, we did".

"You said" comes from the top themes with their I statements; "We did" only from plans taken
forward, with their status and latest update; ideas not taken forward are listed as such.
"""
from ..domain.feedback import CHECKIN_TITLE, DEFAULT_TITLE
from ..domain.mop_up import ideas_not_taken
from ..domain.progress import plan_view, plans_in_table_order, status_words
from ..domain.state import WorkshopState
from ..domain.trail import trail
from ..i18n import DEFAULT, N_, Word, day_in_words, gettext, language_of, ngettext
from ..protocol.labels import FEEDBACK_PLACE, FEEDBACK_QUESTIONS, FEEDBACK_RATINGS, REVIEW_QUESTIONS
from .document import Document
from .tables import QUESTIONS, Workshop, table_name

TOP_NWW, TOP_OTHER = 5, 2


def cards_and_dots(lang: str, cards: int, dots: int | None = None) -> str:
    """"3 cards, 2 dots" through the catalogue's plural forms (Welsh has six)."""
    said = ngettext(lang, "{n} card", "{n} cards", cards)
    return said if dots is None else said + ", " + ngettext(lang, "{n} dot", "{n} dots", dots)


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


def what_happened(state: WorkshopState, w: Workshop, theme: dict, today: str, lang: str = DEFAULT) -> list[str]:
    """Plain sentences: which table took the theme, its root causes, its plan and where the plan is now."""
    table = next((r for r in w.of("room") if r["type"] == "table" and r.get("theme_id") == theme["id"]), None)
    lines = []
    if table is None:
        lines.append(gettext(lang, "This was not one of the themes the tables worked on at the workshop."))
        if theme.get("taken_to"):
            lines.append(gettext(lang, "Afterwards it was taken to {where}.", where=theme["taken_to"]))
        return lines
    lines.append(gettext(lang, "{table} worked on it.", table=table_name(table, lang)))
    causes = [c["text"] for b in w.boards("root_causes") if b["room_id"] == table["id"]
              for c in w.cards_on(b["id"], "root_cause")]
    if causes:
        lines.append(gettext(lang, "They found these root causes: {causes}.", causes="; ".join(causes)))
    plans = [p for p in plans_in_table_order(state) if (state.get(p["board_id"]) or {}).get("room_id") == table["id"]]
    for plan in plans:
        view = plan_view(state, plan, today, lang)
        lines.append(gettext(lang, "They made an action plan: {idea}. Now: {status}.", idea=plan["idea_text"],
                             status=view["status_words"]))
        done = [c for c in view["checkins"] if c["status"] == "done"]
        if done:
            lines.append(gettext(lang, "Latest check-in ({label}): {note}", label=done[-1]["label"],
                                 note=done[-1]["note"] or ""))
    if not plans:
        lines.append(gettext(lang, "No action plan has been written for it yet."))
    return lines


# ---- the sections ---------------------------------------------------------------------------------

def review_sections(doc: Document, records, lang: str = DEFAULT) -> None:
    """Appended to the full report, after the workshop's own work, in the report's language."""
    state, w = state_of(records), Workshop(records)
    today = today_of(state)

    def _(msgid: str, **params) -> str:
        return gettext(lang, msgid, **params)

    doc.h(2, _("After the workshop: the action plans"))
    plans = plans_in_table_order(state)
    if not plans:
        doc.p(_("No action plans yet."))
    for plan in plans:
        view = plan_view(state, plan, today, lang)
        doc.h(3, f"{view['code'] or ''} {view['idea']}".strip())
        doc.p(_("Status: {status}. Lead: {lead}.", status=view["status_words"], lead=view["lead"] or _("not chosen yet")),
              bold=True)
        doc.h(4, _("Progress against the indicators"))
        doc.table(["", ""], [[_("Where we started (baseline)"), view["baseline"] or _("Not written yet")],
                             [_("How we will know (indicators)"), view["indicators"] or _("Not written yet")],
                             [_("Where we are now"), view["status_words"]]])
        doc.h(4, _("The plan's journey"))
        doc.table([_("When"), _("Status"), _("What changed and why"), _("By")],
                  [[h["at"][:10], status_words(h["status"], None, lang), h["reason"] or "", h["by"] or ""]
                   for h in view["history"]])
        if view["checkins"]:
            doc.table([_("Check-in"), _("Due"), _("Done"), _("What happened")],
                      [[c["label"], c["due_words"], _("yes") if c["status"] == "done" else _("not yet"), c["note"] or ""]
                       for c in view["checkins"]])
    feedback_section(doc, w, lang)
    doc.h(2, _("Review: questions for the facilitator"))
    answers = w.workshop.get("review") or {}
    for key, question in REVIEW_QUESTIONS.items():
        doc.h(3, _(question))
        doc.p(answers.get(key) or _("To be filled in."))
    doc.h(2, _("What happened to what you said"))
    for theme, board, cards, dots in top_themes(w):
        doc.h(3, _("You said: {text}", text=theme["text"]))
        doc.p(f"{_(QUESTIONS[board['type']])}: {cards_and_dots(lang, cards, dots)}.")
        doc.ul(what_happened(state, w, theme, today, lang))
    trails_section(doc, state, today, lang)


def trails_section(doc: Document, state: WorkshopState, today: str, lang: str = DEFAULT) -> None:
    """For staff (the report is theirs): each answer in a theme a table took, to the plan and where it is now."""
    rows = []
    for card in sorted(state.of_kind("card"), key=lambda c: (c.get("created_at") or "", c["id"])):
        if card["type"] != "data" or not card.get("theme_id"):
            continue
        t = trail(state, card["id"], today, lang)
        if not t or not t["table"]:
            continue
        answer = t["answer"] or {}
        said = answer.get("original") or t["text"]
        code = f"{answer['code']}: {answer['code_label']}" if answer.get("code_label") else ""
        plans = "; ".join(f"{p['idea']} ({p['status_words']})" for p in t["plans"]) or gettext(lang, "no plan yet")
        rows.append([said, code, t["theme"]["text"], t["theme"]["dots"], table_name(state.get(t["table"]["room_id"]) or {}, lang),
                     "; ".join(t["root_causes"]), plans])
    if rows:
        doc.h(2, gettext(lang, "From an answer to what happened"))
        doc.p(gettext(lang, "Each answer in a theme a table worked on: how it was amended, its theme and that theme's "
                            "dots, the table's root causes, and the plan that came out of it with where it is now."))
        doc.table([gettext(lang, h) for h in (N_("Answer"), N_("Amendment"), N_("Theme (I statement)"), N_("Dots"),
                                              N_("Table"), N_("Root causes"), N_("Plan and status"))], rows)


def _rating_text(lang: str, statement: str, place: str | None) -> str:
    """A principle's statement in `lang`, {place} filled: the place a facilitator named stays as written,
    the default "our area" is said in `lang` too."""
    if not place or place == FEEDBACK_PLACE:
        place = gettext(lang, FEEDBACK_PLACE)
    return gettext(lang, statement, place=place)


def feedback_title(f: dict, w: Workshop, lang: str) -> str:
    """A feedback round's title: a default one (domain/feedback.py) said in `lang`, one someone wrote as written."""
    checkin = w.records.get(f.get("checkin_id") or "")
    if checkin and f["title"] == CHECKIN_TITLE.replace("{label}", checkin["label"]):
        return gettext(lang, CHECKIN_TITLE, label=Word(checkin["label"]))
    return gettext(lang, f["title"]) if f["title"] == DEFAULT_TITLE else f["title"]


def feedback_section(doc: Document, w: Workshop, lang: str = DEFAULT) -> None:
    def _(msgid: str, **params) -> str:
        return gettext(lang, msgid, **params)

    rounds = sorted(w.of("feedback"), key=lambda f: (f["opened_at"], f["id"]))
    doc.h(2, _("Reflective feedback"))
    if not rounds:
        doc.p(_("No feedback questionnaire has been run yet."))
        return
    doc.p(_("Answers are anonymous. Results are worked out when a round closes, and only once 3 people or more have "
            "answered."))
    for f in rounds:
        answered = ngettext(lang, "{n} answer", "{n} answers", f["answers"])
        doc.h(3, f"{feedback_title(f, w, lang)} ({day_in_words(f['opened_at'][:10], lang)}): {answered}")
        r = f.get("results")
        if not r:
            doc.p(_("Fewer than 3 answers so far: the results stay hidden so that nobody's answer stands alone."))
            continue
        place = f.get("place")
        questions = (f.get("questions") if lang == DEFAULT and f.get("questions")  # as they were asked
                     else {k: _rating_text(lang, FEEDBACK_RATINGS[k], place) for k in FEEDBACK_RATINGS})
        doc.table([_("Principle"), _("Average (1–5)"), _("Answers")],
                  [[questions.get(k, k), "" if v["mean"] is None else f"{v['mean']:.1f}", v["count"]]
                   for k, v in r["ratings"].items()]
                  + [[_(FEEDBACK_QUESTIONS["satisfaction"]), "" if r["satisfaction"]["mean"] is None
                      else f"{r['satisfaction']['mean']:.1f}", r["satisfaction"]["count"]]])
        if r["words"]:
            doc.p(_("Words for how the group has been working: {words}",
                    words=", ".join(f"{x['word']} ({x['count']})" for x in r["words"])))
        if r["self_words"]:
            doc.p(_("Words people used for themselves: {words}",
                    words=", ".join(f"{x['word']} ({x['count']})" for x in r["self_words"])))
        for key in ("self_reason", "help", "more_less"):
            if r.get(key):
                doc.p(_(FEEDBACK_QUESTIONS[key]), bold=True)
                doc.ul(r[key])
    done = [f for f in rounds if f.get("results")]
    if len(done) > 1:
        doc.h(3, _("Compared over time"))
        doc.table([_("Principle")] + [f"{f['number']}. {f['opened_at'][:10]}" for f in done],
                  [[_rating_text(lang, FEEDBACK_RATINGS[k], done[-1].get("place"))] +
                   ["" if f["results"]["ratings"][k]["mean"] is None else f"{f['results']['ratings'][k]['mean']:.1f}"
                    for f in done] for k in FEEDBACK_RATINGS])


def you_said_we_did(records) -> Document:
    """One A4 page: what people said (the top themes), what we did (plans taken forward, with where they
    are now), and the ideas not taken forward, named as such."""
    state, w = state_of(records), Workshop(records)
    today = today_of(state)
    lang = language_of(w.workshop.get("language"))  # the workshop's default language, as the full report

    def _(msgid: str, **params) -> str:
        return gettext(lang, msgid, **params)

    doc = Document(_("You said, we did: {title}", title=w.workshop["title"]), lang)
    doc.h(1, _("You said, we did"))
    doc.p(w.workshop["title"], bold=True)
    doc.h(2, _("You said"))
    said = [f"{t['text']} ({_(QUESTIONS[b['type']]).lower()}: {cards_and_dots(lang, n, d or None)})"
            for t, b, n, d in top_themes(w)]
    doc.ul(said[:9]) if said else doc.p(_("The themes will appear here once the answers have been themed."))
    doc.h(2, _("We did"))
    did = []
    for plan in plans_in_table_order(state):
        view = plan_view(state, plan, today, lang)
        latest = next((c for c in reversed(view["checkins"]) if c["status"] == "done"), None)
        update = " " + _("Latest: {note}", note=_short(latest["note"])) if latest else (
            " " + _("Next step: {step}", step=_short(plan["fields"].get("next_week")))
            if plan["fields"].get("next_week") else "")
        did.append(f"{_short(view['idea'], 80)}: {view['status_words'][:120]}.{update}")
    doc.ul(did[:6]) if did else doc.p(_("The action plans will be added here as they are taken forward."))
    not_taken = ideas_not_taken(state)
    if not_taken:
        doc.h(2, _("Ideas not taken forward (yet)"))
        doc.ul([f"{_short(i['text'], 80)} ({ngettext(lang, '{n} dot', '{n} dots', i['dots'])})"
                + (", " + _("taken to {where}", where=i["taken_to"]) if i.get("taken_to") else "")
                for i in not_taken[:5]]
               + ([ngettext(lang, "and {n} more idea", "and {n} more ideas", len(not_taken) - 5)]
                  if len(not_taken) > 5 else []))
    return doc


def _short(text: str | None, limit: int = 140) -> str:
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
