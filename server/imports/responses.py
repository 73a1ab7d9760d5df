"""Collected answers from a form export (wide layout: one row a person) → answers per question.

Question columns are recognised by their wording; respondent ids, names, timestamps and
"who we heard from" columns never become card text.
"""
import csv
import io
from dataclasses import dataclass

from ..domain.texts import CARD_TEXT_LIMIT, clean

# Checked in this order: "not working well" also contains "working well".
QUESTION_WORDS = (("nww", ("not working well",)), ("ww", ("working well",)),
                  ("iff", ("important to you in the future", "important for the future", "in the future")))


@dataclass
class Answer:
    row: int
    question: str  # ww | nww | iff
    text: str

    @property
    def too_long(self) -> bool:
        return len(self.text) > CARD_TEXT_LIMIT


def question_of(header: str) -> str | None:
    words = header.lower()
    for tag, phrases in QUESTION_WORDS:
        if any(p in words for p in phrases):
            return tag
    return None


def read_wide_csv(content: str) -> list[Answer]:
    """Every non-blank answer of a wide CSV, in reading order."""
    reader = csv.reader(io.StringIO(content.lstrip("\ufeff")))
    header = next(reader, [])
    columns = [(i, q) for i, h in enumerate(header) if (q := question_of(h))]
    answers = []
    for row_number, row in enumerate(reader, start=2):
        for i, question in columns:
            text = clean(row[i]) if i < len(row) else ""
            if text:
                answers.append(Answer(row_number, question, text))
    return answers
