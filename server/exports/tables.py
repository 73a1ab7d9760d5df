"""The whole workshop as tables (a sheet each), written as XLSX or CSV with formulas neutralised.

Card texts are people's words: a cell starting with = + - @ (or a tab or carriage return) would
run as a formula when the file is opened in Excel, so every cell we write that starts so gets a
leading apostrophe.
"""
import csv
import io
import zipfile

from ..domain.amendments import CODES, flags, texts_of
from ..i18n import DEFAULT, N_, gettext, language_of, pgettext
from ..protocol import labels
from ..protocol.labels import CHECKIN_STATUSES, PLAN_QUESTIONS, PLAN_STATUSES, QUADRANTS

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HATS = {letter: name for letter, (name, *_) in labels.HATS.items()}
PERSPECTIVES = {key: label for key, (label, *_) in labels.SUCCESS_PERSPECTIVES.items()}
QUESTIONS = {tag: name for tag, (_question, name) in labels.QUESTIONS.items()}


def safe(value):
    """A cell value that a spreadsheet shows as text, never runs."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table_name(room: dict, lang: str = DEFAULT) -> str:
    """A table's name: the default one ("Table 2", as rooms.py names it) said in `lang`, one someone wrote as written."""
    number, name = room.get("number"), room.get("name")
    if not name or name == f"Table {number}":
        return gettext(lang, "Table {n}", n=number)
    return name


class Workshop:
    """Lookups over a workshop's records, shared by the sheets, the report and the renderer."""

    def __init__(self, records):
        self.records = {r["id"]: r for r in records}

    def of(self, kind: str) -> list[dict]:
        return [r for r in self.records.values() if r["kind"] == kind]

    @property
    def workshop(self) -> dict:
        return self.of("workshop")[0]

    def boards(self, *types: str) -> list[dict]:
        return sorted((b for b in self.of("board") if not types or b["type"] in types), key=lambda b: b["order"])

    def cards_on(self, board_id: str, *types: str) -> list[dict]:
        cards = [c for c in self.of("card") if c["board_id"] == board_id and (not types or c["type"] in types)]
        return sorted(cards, key=lambda c: (c.get("y", 0), c.get("x", 0), c.get("created_at", ""), c["id"]))

    def table_of(self, board: dict, lang: str = DEFAULT) -> str:
        room = self.records.get(board.get("room_id"))
        if room and room.get("type") == "table":
            return table_name(room, lang)
        return gettext(lang, "Whole group")

    def title_of(self, board: dict, lang: str = DEFAULT) -> str:
        """A board's own title: a default one (labels.BOARD_KINDS) said in `lang`, one someone wrote as written."""
        default = labels.BOARD_KINDS.get(board["type"], (None,))[0]
        title = board.get("title") or default or board["type"]
        return gettext(lang, default) if default and title == default else title

    def picture_title(self, board: dict, lang: str = DEFAULT) -> str:
        """A board's name with its table ("Root causes – Table 2"): every table has boards of the same names.
        A default title (labels.BOARD_KINDS, in the catalogue from the browser's boardName) is said in `lang`;
        a title someone wrote, as written."""
        title = self.title_of(board, lang)
        room = self.records.get(board.get("room_id"))
        return f"{title} – {self.table_of(board, lang)}" if room and room.get("type") == "table" else title

    def latest_round(self, board_id: str) -> dict | None:
        """The latest vote on this board, also one held across every table's board at once (board_ids):
        the report's tables, its vote results and the pictures all read their dots from that one tally."""
        rounds = [r for r in self.of("round") if r["board_id"] == board_id or board_id in (r.get("board_ids") or ())]
        return max(rounds, key=lambda r: (r.get("opened_at") or "", r["id"])) if rounds else None

    def dots(self, board_id: str) -> dict[str, int]:
        latest = self.latest_round(board_id)
        return dict(latest.get("tallies") or {}) if latest else {}  # hidden while a secret vote is open

    def name(self, participant_id: str | None) -> str:
        """A person's name as it is now (read when exporting, so an erased person is "Erased person")."""
        person = self.records.get(participant_id or "", {})
        return person.get("name", "") if person.get("kind") == "participant" else ""

    def checkins_of(self, plan_id: str) -> list[dict]:
        return sorted((c for c in self.of("checkin") if c["plan_id"] == plan_id), key=lambda c: (c["due"], c["id"]))

    def plans_on(self, board_id: str) -> list[dict]:
        return sorted((p for p in self.of("action_plan") if p.get("board_id") == board_id),
                      key=lambda p: (p.get("created_at") or "", p["id"]))

    def answers(self) -> list[dict]:
        order = {"ww": 0, "nww": 1, "iff": 2}
        return sorted(self.of("answer"), key=lambda a: (a.get("row") or 0, order.get(a["question"], 3),
                                                        a["created_at"], a["id"]))


def language_of_records(records) -> str:
    """The workshop's default language: the one its shared documents (exports, reports) are in."""
    return language_of(Workshop(records).workshop.get("language"))


def sheets(records) -> dict[str, tuple[list[str], list[list]]]:
    """Sheet name → (headings, rows)."""
    w = Workshop(records)
    lang = language_of(w.workshop.get("language"))  # shared documents use the workshop's default language

    def say(word):  # a catalogue word (labels.py, amendments.CODES) in `lang`; nothing stays nothing
        return gettext(lang, word) if word else word

    out = {}
    out["Data"] = _said(say, [N_("Row"), N_("Question"), N_("Original"), N_("Code"), N_("Code meaning"), N_("Reason"), N_("Amended"), N_("Status"),
                    N_("Needs a look"), N_("Cards")],
                   [[a.get("row"), say(QUESTIONS[a["question"]]), a["original"], a.get("code") or "",
                     say(CODES.get(a.get("code"), "")), a.get("reason") or "",
                     " | ".join(texts_of(a)) if (a.get("amended") or a.get("parts")) else "",
                     a["status"], ", ".join(flags(a)), len(a.get("card_ids") or [])] for a in w.answers()])
    themes = []
    for board in w.boards("ww", "nww", "iff"):
        dots = w.dots(board["id"])
        for theme in w.cards_on(board["id"], "theme"):
            inside = [c["text"] for c in w.cards_on(board["id"], "data") if c.get("theme_id") == theme["id"]]
            themes.append([w.title_of(board, lang), theme["text"], theme.get("count", len(inside)), dots.get(theme["id"], 0),
                           "\n".join(inside)])
        unthemed = [c["text"] for c in w.cards_on(board["id"], "data") if not c.get("theme_id")]
        if unthemed:
            themes.append([w.title_of(board, lang), say(N_("(not yet themed)")), len(unthemed), "", "\n".join(unthemed)])
    out["Themes"] = _said(say, [N_("Board"), N_("Theme (I statement)"), N_("Cards"), N_("Dots"), N_("Data cards")], themes)
    votes = []
    for r in sorted(w.of("round"), key=lambda r: r.get("opened_at") or ""):
        board = w.records.get(r["board_id"], {})
        for target_id, n in sorted((r.get("tallies") or {}).items(), key=lambda kv: -kv[1]):
            target = w.records.get(target_id, {})
            votes.append([w.title_of(board, lang) if board else "", say(r["status"]), r["per_person"], r["per_target"],
                          target.get("code") or "", target.get("text", say(N_("(removed)"))), n, r.get("opened_at"),
                          r.get("closed_at") or ""])
    out["Votes"] = _said(say, [N_("Board"), N_("Status"), N_("Dots each"), N_("Most on one"), N_("Code"), N_("Theme or idea"), N_("Dots"), N_("Opened"),
                     N_("Closed")], votes)
    out["Root causes"] = _by_table(w, "root_causes", ("root_cause", "note"), lang)
    success = [[w.table_of(b, lang), say(PERSPECTIVES.get(c.get("perspective"), "Note")), c["text"]]
               for b in w.boards("success") for c in w.cards_on(b["id"], "success", "note")]
    out["Success statements"] = _said(say, [N_("Table"), N_("Perspective"), N_("Statement")], success)
    out["In place"] = _by_table(w, "in_place", ("in_place", "note"), lang)
    ideas = []
    for b in w.boards("ideas", "grid"):
        dots = w.dots(b["id"])
        for c in w.cards_on(b["id"], "idea"):
            ideas.append([w.title_of(b, lang), w.table_of(b, lang), c.get("code") or "", say(HATS.get(c.get("hat"), "")), c["text"],
                          dots.get(c["id"], 0), c.get("impact"), c.get("effort"),
                          say(QUADRANTS.get(c.get("quadrant"), ""))])
    out["Ideas"] = _said(say, [N_("Board"), N_("Table"), N_("Code"), N_("Hat"), N_("Idea"), N_("Dots"), N_("Impact"), N_("Effort"), N_("Quadrant")], ideas)
    plans, checkins = [], []
    for b in w.boards("action_plan"):
        for plan in w.plans_on(b["id"]):
            status = plan.get("status", "planned")
            latest = (plan.get("history") or [{}])[-1]
            plans.append([w.table_of(b, lang), plan.get("code") or "", plan.get("idea_text") or "",
                          say(QUADRANTS.get(plan.get("quadrant"), "")), w.name(plan.get("lead_id")),
                          say(PLAN_STATUSES.get(status, status)),
                          (latest.get("reason") or "") if latest.get("status") == status else "",
                          plan.get("baseline") or "", plan.get("indicators") or ""]
                         + [plan.get("fields", {}).get(k, "") for k in PLAN_QUESTIONS])
            for c in w.checkins_of(plan["id"]):
                checkins.append([w.table_of(b, lang), plan.get("code") or "", plan.get("idea_text") or "", say(c["label"]),  # a default label ("3 months") is a catalogue word
                                 c["due"], say(CHECKIN_STATUSES[c["status"]]), c.get("note") or "",
                                 say(PLAN_STATUSES.get(c.get("plan_status"), "")) if c.get("plan_status") else "",
                                 w.name(c.get("done_by")), (c.get("done_at") or "")[:10]])
        for note in w.cards_on(b["id"]):
            plans.append([w.table_of(b, lang), "", "", "", "", "", "", "", "", note["text"]]
                         + [""] * (len(PLAN_QUESTIONS) - 1))
    out["Action plans"] = _said(say, [N_("Table"), N_("Code"), N_("Idea"), N_("Quadrant"), N_("Lead"), N_("Status"), N_("Why (latest reason)"),
                            N_("Where we started (baseline)"), N_("How we will know (indicators)")]
                           + list(PLAN_QUESTIONS.values()), plans)
    out["Check-ins"] = _said(say, [N_("Table"), N_("Code"), pgettext(lang, "one action plan", "Plan"), N_("Check-in"), N_("Due"), N_("Status"), N_("Note"), N_("Plan status then"),
                         N_("Recorded by"), N_("Recorded on")], checkins)
    parked = [[w.table_of(b, lang), c["text"], say(N_("yes")) if c.get("reviewed") else say(N_("no")), c.get("response") or ""]
              for b in w.boards("parking") for c in w.cards_on(b["id"])]
    out["Parking space"] = _said(say, [N_("Where"), N_("Item"), N_("Reviewed"), N_("Response")], parked)
    heard = [[d.get("filename"), label, group, n] for d in w.of("dataset")
             for label, groups in d.get("heard_from", {}).items() for group, n in groups.items()]
    out["Who we heard from"] = _said(say, [N_("File"), N_("Question"), N_("Group"), N_("People")], heard)
    return out


def _said(say, headings: list[str], rows: list[list]) -> tuple[list[str], list[list]]:
    """A sheet's headings said in the workshop's language (column keys stay in the rows' order)."""
    return [say(h) for h in headings], rows


def _by_table(w: Workshop, board_type: str, types, lang: str = DEFAULT) -> tuple[list[str], list[list]]:
    rows = [[w.table_of(b, lang), w.title_of(b, lang), c["text"]] for b in w.boards(board_type)
            for c in w.cards_on(b["id"], *(types or ()))]
    return _said(lambda h: gettext(lang, h), [N_("Table"), N_("Board"), N_("Text")], rows)


# The sheets' names, said in the XLSX in the workshop's language; the CSV names (csv_name) stay these English
# keys, which PROTOCOL.md fixes in the export/{sheet}.csv paths.
SHEET_NAMES = (N_("Data"), N_("Themes"), N_("Votes"), N_("Root causes"), N_("Success statements"), N_("In place"),
               N_("Ideas"), N_("Action plans"), N_("Check-ins"), N_("Parking space"), N_("Who we heard from"),
               N_("Answers"))


def to_xlsx(tables: dict[str, tuple[list[str], list[list]]], lang: str = DEFAULT) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    for name, (headings, rows) in tables.items():
        sheet = book.create_sheet(gettext(lang, name)[:31])
        sheet.append([safe(h) for h in headings])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe(v) for v in row])
        for i, heading in enumerate(headings, start=1):
            width = max([len(str(heading))] + [min(60, len(str(r[i - 1] or ""))) for r in rows[:200]])
            sheet.column_dimensions[sheet.cell(1, i).column_letter].width = max(8, width + 2)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_csv(headings: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a BOM, so that Excel opens accents right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe(h) for h in headings])
    writer.writerows([[safe("" if v is None else v) for v in row] for row in rows])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_name(sheet: str) -> str:
    return sheet.lower().replace(" ", "-")


def to_csv_zip(tables) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, (headings, rows) in tables.items():
            z.writestr(f"{csv_name(name)}.csv", to_csv(headings, rows))
    return out.getvalue()


def cleaned_responses(records) -> tuple[list[str], list[list]]:
    """The cleaned spreadsheet: original, code, reason and amended, one row an answer."""
    headings, rows = sheets(records)["Data"]
    return headings, rows
