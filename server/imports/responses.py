"""Collected answers from a spreadsheet → answers per question, without touching any workshop.

Reads CSV (comma, semicolon or tab; UTF-8 with or without BOM, UTF-16 with BOM, and the
Windows code page Excel writes) and XLSX, in the wide layout a form exports (one row a person,
a column per question and answer) or the long layout (one row an answer, with a question
column and an answer column). Question columns are recognised by their wording and can be
mapped by hand. Respondent ids, names and contact columns are recognised so that they are
never read into answers; "who we heard from" columns (age group, service used) only ever
give counts, and groups smaller than MIN_GROUP people are not shown.
"""
import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from ..domain.amendments import flagged, has_contact_details
from ..domain.texts import CARD_TEXT_LIMIT, clean
from ..i18n import N_, gettext
from ..protocol.limits import XLSX_SHARED_STRINGS_BYTES, XLSX_UNZIPPED_BYTES

MIN_GROUP = 3  # smaller groups could identify someone: never shown
MAX_ROWS = 50_000
MAX_COLUMNS = 500
SMALL_GROUPS = "Smaller groups (under 3 people each)"

# Checked in this order: "not working well" also contains "working well".
QUESTION_WORDS = (("nww", ("not working well", "not working", "nww", "isn't working", "is not working")),
                  ("ww", ("working well", "ww", "what works")),
                  ("iff", ("important to you in the future", "important for the future", "in the future",
                           "iff", "important to you", "future")))
PRIVATE_WORDS = ("name", "email", "e-mail", "phone", "mobile", "telephone", "address", "postcode", "post code",
                 "contact", "nhs number", "date of birth", "dob")
RESPONDENT_WORDS = ("respondent", "response id", "respondent id", "id", "person", "participant", "ref",
                    "reference")
IGNORE_WORDS = ("timestamp", "time", "date", "submitted", "start time", "completion time", "email consent")
ABOUT_WORDS = ("age", "service", "gender", "ethnic", "area", "district", "locality", "disab", "carer",
               "group", "who are you", "i am a", "role", "support")
LONG_QUESTION_WORDS = ("question", "prompt", "board", "tag")
LONG_ANSWER_WORDS = ("answer", "response", "comment", "text", "what they said", "said")

ROLES = ("ww", "nww", "iff", "question", "answer", "respondent", "about", "private", "ignore")
NO_QUESTION_COLUMNS = N_("No question columns were recognised. Columns should say which question they answer "
                         "(\"What is working well for you?\", …), or map them by hand in the preview.")


class FileProblem(Exception):
    """A file we cannot read; `message` says why in plain words, `line` where when we know.

    The message is a catalogue msgid (Babel keyword `FileProblem:1`), its {placeholders} filled from
    `params` ({line} from `line`): `message` is the English, `said(lang)` the same in the reader's
    language (a Welsh workshop's facilitator reads why their upload was refused in Welsh)."""

    def __init__(self, message: str, /, line: int | None = None, status: int = 422, **params):
        self.msgid, self.line, self.status, self.params = message, line, status, params
        self.message = self.said("en")
        super().__init__(self.message)

    def said(self, lang: str | None) -> str:
        return gettext(lang or "en", self.msgid, **({"line": self.line} if self.line is not None else {}), **self.params)

    def __reduce__(self):  # whole from the child process that read the file (server/heavy_jobs.py)
        return _file_problem, (type(self), self.msgid, self.line, self.status, self.params)


def _file_problem(cls, msgid, line, status, params):
    return cls(msgid, line=line, status=status, **params)


@dataclass
class Answer:
    row: int
    question: str  # ww | nww | iff
    text: str

    @property
    def too_long(self) -> bool:
        return len(self.text) > CARD_TEXT_LIMIT

    @property
    def has_contact(self) -> bool:
        return has_contact_details(self.text)


@dataclass
class Column:
    index: int
    header: str
    role: str
    examples: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    """What a file holds, read with a mapping: the answers, how many people, who we heard from."""

    layout: str  # wide | long
    columns: list[Column]
    answers: list[Answer]
    responses: int
    heard_from: dict[str, dict[str, int]]
    problem: str | None = None  # a preview of a file with no question column found: map them by hand (a msgid)

    def flagged(self) -> list[dict]:
        return flagged(self.answers)

    def import_args(self, filename: str, digest: str | None, publish: bool = True, again: bool = False) -> dict:
        """The arguments of the `responses.import` op for this file (the gate checks them again)."""
        return {"filename": filename[:200], "layout": self.layout, "responses": self.responses,
                "answers": [{"row": a.row, "question": a.question, "text": a.text} for a in self.answers],
                "heard_from": self.heard_from, "digest": digest, "publish": publish, "again": again}

    def preview(self) -> dict:
        counts = Counter(a.question for a in self.answers)
        return {"layout": self.layout, "responses": self.responses,
                "answers": {q: counts.get(q, 0) for q in ("ww", "nww", "iff")},
                "columns": [{"index": c.index, "header": c.header, "role": c.role, "examples": c.examples}
                            for c in self.columns],
                "flagged": self.flagged(), "heard_from": self.heard_from,
                **({"problem": self.problem} if self.problem else {})}


def question_of(header: str) -> str | None:
    said = re.sub(r"n[’']t\b", " not", header.lower())  # "isn't working well" is the nww question
    words = f" {re.sub(r'[^a-z0-9]+', ' ', said)} "
    for tag, phrases in QUESTION_WORDS:
        if any(f" {p} " in words for p in phrases):
            return tag
    return None


# ---- bytes → rows ------------------------------------------------------------------------------

def read_rows(data: bytes, filename: str = "") -> list[list[str]]:
    """The rows of a CSV or XLSX file as text, whatever its encoding; FileProblem when we cannot."""
    if not data.strip():
        raise FileProblem("The file is empty.")
    if data[:4] == b"PK\x03\x04":
        return _xlsx_rows(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileProblem("This is an old Excel file (.xls). Please save it as .xlsx or CSV and try again.")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return _csv_rows(_decode_utf16(data))
    if b"\x00" in data[:4096] or _looks_binary(data):
        raise FileProblem("This file is not a spreadsheet we can read. Please upload a CSV or an Excel "
                          "(.xlsx) file.", status=415)
    return _csv_rows(decode(data))


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) // 50


def _decode_utf16(data: bytes) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as e:
        raise FileProblem("Part of this file is not readable text (it says UTF-16 but has broken characters).",
                          line=data[:e.start].count(b"\n\x00") + 1) from None


def decode(data: bytes) -> str:
    """UTF-8 (BOM or not); else the Windows code page Excel writes (cp1252).

    A file that is mostly UTF-8 with a few broken bytes is reported with the line at fault rather
    than guessed at: mixed encodings would put wrong letters on people's cards.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        utf8_error = e
    multibyte = re.search(rb"[\xc2-\xf4][\x80-\xbf]+", data)
    if multibyte and _valid_utf8_run(multibyte.group()):
        line = data[:utf8_error.start].count(b"\n") + 1
        raise FileProblem("Line {line} has characters that are not readable text (the file is UTF-8 but "
                          "this line is not). Please check the file's encoding and save it again as "
                          "\"CSV UTF-8\".", line=line)
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise FileProblem("Line {line} has characters that are not readable text. Please save the file "
                          "again as \"CSV UTF-8\".", line=line) from None


def _valid_utf8_run(chunk: bytes) -> bool:
    try:
        chunk.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _csv_rows(text: str) -> list[list[str]]:
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=lambda d: _count_outside_quotes(first_line, d))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise FileProblem("The file has more than {n} rows. Please split it.", n=MAX_ROWS)
    except csv.Error as e:
        # the csv module's own words are English; the one error its lenient reading gives here is a huge cell
        if "field limit" in str(e):
            raise FileProblem("Line {line} cannot be read as CSV: a cell is longer than {n} characters.",
                              line=reader.line_num, n=csv.field_size_limit()) from None
        raise FileProblem("Line {line} cannot be read as CSV.", line=reader.line_num) from None
    return rows


def _count_outside_quotes(line: str, delimiter: str) -> int:
    return len(re.sub(r'"[^"]*"', "", line).split(delimiter)) - 1


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # imported here: only uploads of spreadsheets need it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if "xl/workbook.xml" not in z.namelist():
                raise FileProblem("This zip file is not an Excel workbook. Please upload a CSV or an .xlsx file.",
                                  status=415)
            _unzipped_sizes_allowed(z)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileProblem:
        raise
    except Exception:
        raise FileProblem("This Excel file could not be opened. It may be damaged or password protected. "
                          "Please save it again as .xlsx or CSV.") from None
    try:
        sheet = next((s for s in book.worksheets if s.max_row and s.max_row > 1), book.worksheets[0])
        rows = []
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            row = [_cell_text(v) for v in values]
            while row and not row[-1]:  # read-only sheets pad rows out to max_col
                row.pop()
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise FileProblem("The sheet has more than {n} rows. Please split it.", n=MAX_ROWS)
        return rows
    finally:
        book.close()


def _unzipped_sizes_allowed(z: zipfile.ZipFile) -> None:
    """Refuse a workbook whose parts would unpack too large, before openpyxl reads any of them.

    The sizes are those the zip declares; reading never goes past them (zipfile stops at the
    declared size and the check of its CRC then fails), so a part that lies is unreadable, not big."""
    parts = z.infolist()
    if sum(p.file_size for p in parts) > XLSX_UNZIPPED_BYTES:
        raise FileProblem("This Excel file unpacks to more than {mb} MB. Please save the answers as CSV, "
                          "or split them into smaller files.", status=413, mb=XLSX_UNZIPPED_BYTES // (1024 * 1024))
    texts = sum(p.file_size for p in parts if p.filename.lower().endswith("sharedstrings.xml"))
    if texts > XLSX_SHARED_STRINGS_BYTES:
        raise FileProblem("The texts in this Excel file come to more than {mb} MB. Please save the answers "
                          "as CSV, or split them into smaller files.", status=413,
                          mb=XLSX_SHARED_STRINGS_BYTES // (1024 * 1024))


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


# ---- rows → answers ----------------------------------------------------------------------------

def detect_role(header: str) -> str:
    """What a column holds, from its heading alone."""
    words = " ".join(re.sub(r"[^a-z0-9@]+", " ", header.lower()).split())
    if not words:
        return "ignore"
    question = question_of(header)
    if question:
        return question
    padded = f" {words} "
    if any(f" {w} " in padded for w in PRIVATE_WORDS):
        return "private"
    if any(words == w or words.startswith(w + " ") for w in RESPONDENT_WORDS):
        return "respondent"
    if any(f" {w} " in padded for w in LONG_QUESTION_WORDS):
        return "question"
    if any(f" {w} " in padded for w in LONG_ANSWER_WORDS):
        return "answer"
    if any(f" {w} " in padded for w in IGNORE_WORDS):
        return "ignore"
    if any(w in words for w in ABOUT_WORDS):
        return "about"
    return "ignore"


def parse(rows: list[list[str]], mapping: dict | None = None, preview: bool = False) -> Parsed:
    """Answers, people and "who we heard from" of a table; `mapping` ({header or index: role}) wins.

    With `preview`, a table whose question columns were not recognised still gives its columns
    (and no answers, with the `problem` said), so that they can be mapped by hand."""
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(clean(c or "") for c in r)]  # spreadsheet rows
    if not numbered:
        raise FileProblem("The file has no rows.")
    header = [clean(h or "") for h in numbered[0][1]]
    columns = [Column(i, h, detect_role(h)) for i, h in enumerate(header)]
    for key, role in (mapping or {}).items():
        if role not in ROLES:
            raise FileProblem("“{role}” is not a kind of column. Use one of: {roles}.", role=role, roles=", ".join(ROLES))
        matched = [c for c in columns if c.header == key or str(c.index) == str(key)]
        if not matched:
            raise FileProblem("There is no column called “{column}” in the file.", column=key)
        for c in matched:
            c.role = role
    body = numbered[1:]
    for c in columns:
        if c.role not in ("private", "respondent"):
            c.examples = [v for _, row in body if (v := _cell(row, c.index))][:3]
    roles = {c.role for c in columns}
    if roles & {"ww", "nww", "iff"}:
        return _wide(columns, body)
    if {"question", "answer"} <= roles:
        return _long(columns, body)
    if preview:
        return Parsed("wide", columns, [], 0, {}, problem=NO_QUESTION_COLUMNS)
    raise FileProblem(NO_QUESTION_COLUMNS)


def _cell(row: list[str], index: int) -> str:
    return clean(row[index]) if index < len(row) and row[index] is not None else ""


def _wide(columns: list[Column], body) -> Parsed:
    asked = [c for c in columns if c.role in ("ww", "nww", "iff")]
    about = [c for c in columns if c.role == "about"]
    answers, people, groups = [], 0, {c.header: Counter() for c in about}
    for n, row in body:
        given = [Answer(n, c.role, text) for c in asked if (text := _cell(row, c.index))]
        if not given:
            continue
        people += 1
        answers += given
        for c in about:
            if value := _cell(row, c.index):
                groups[c.header][value] += 1
    return Parsed("wide", columns, answers, people, heard_from(groups))


def _long(columns: list[Column], body) -> Parsed:
    q_col = next(c for c in columns if c.role == "question")
    a_col = next(c for c in columns if c.role == "answer")
    who = next((c for c in columns if c.role == "respondent"), None)
    about = [c for c in columns if c.role == "about"]
    answers, seen, groups = [], set(), {c.header: Counter() for c in about}
    for n, row in body:
        text = _cell(row, a_col.index)
        if not text:
            continue
        said = _cell(row, q_col.index)
        question = question_of(said) or (said.lower() if said.lower() in ("ww", "nww", "iff") else None)
        if question is None:
            raise FileProblem("Row {line}: the question “{question}” is not one of the three questions (working "
                              "well, not working well, important for the future).", line=n, question=said)
        answers.append(Answer(n, question, text))
        person = _cell(row, who.index) if who else f"row {n}"
        if person in seen:
            continue
        seen.add(person)
        for c in about:
            if value := _cell(row, c.index):
                groups[c.header][value] += 1
    return Parsed("long", columns, answers, len(seen), heard_from(groups))


def heard_from(groups: dict[str, Counter]) -> dict[str, dict[str, int]]:
    """Counts per group, with groups under MIN_GROUP people folded together (or left out)."""
    shown = {}
    for label, counts in groups.items():
        big = {k: v for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if v >= MIN_GROUP}
        small = sum(v for v in counts.values() if v < MIN_GROUP)
        if small >= MIN_GROUP:
            big[SMALL_GROUPS] = small
        if big:
            shown[label] = big
    return shown


def read_answers(data: bytes, filename: str = "", mapping: dict | None = None, preview: bool = False) -> Parsed:
    return parse(read_rows(data, filename), mapping, preview)


def read_wide_csv(content: str) -> list[Answer]:
    """Every non-blank answer of a wide CSV text, in reading order (used by the demo)."""
    return parse(_csv_rows(content)).answers
