"""Dates people read, in their language: the server's from Babel, the browser's from Intl, and the two agree.

A Welsh reader saw "26 Feb 14:05" on the pictures and "3 June 2027" on the retention dates (English month
names from a list in web/model/files.js, or the browser's locale in place of the page's). Both sides now
take CLDR's names for the reader's language from Babel: server.i18n.day_in_words, and web/app/i18n.js from
the catalogue's "months" (`make i18n`), as Chromium's Intl has no Welsh dates ("December 24, 2026").
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from server.domain.errors import Rejected
from server.i18n import Day, day_in_words, gettext

ROOT = Path(__file__).resolve().parents[2]
DAYS = [f"2027-{m:02d}-{d:02d}" for m, d in zip(range(1, 13), (1, 26, 3, 9, 15, 30, 4, 31, 12, 7, 20, 25))]
WELSH_MONTHS = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref",
                "Tachwedd", "Rhagfyr")


def test_the_server_says_every_month_in_welsh_and_in_english():
    for day, welsh in zip(DAYS, WELSH_MONTHS):
        d = int(day[8:])
        assert day_in_words(day, "cy") == f"{d} {welsh} 2027"
    assert day_in_words("2027-02-26", "en") == "26 February 2027"
    assert day_in_words("2027-02-26T23:59:00.000Z", "cy") == "26 Chwefror 2027"  # an ISO time: its day


def test_the_browsers_catalogue_carries_cldrs_month_names():
    from server.i18n import month_names

    body = json.loads((ROOT / "web/i18n/cy.json").read_text())
    assert body["months"] == month_names("cy")
    assert body["months"]["wide"] == list(WELSH_MONTHS) and body["months"]["abbreviated"][1] == "Chwef"


def test_a_refusal_with_a_day_says_it_in_the_readers_language():
    expired = Rejected("unauthorized", "This link has expired: this workshop's personal data was kept until {date}. "
                                       "Ask the organiser if you still need it.", None, date=Day("2027-06-01T10:00:00Z"))
    assert "kept until 1 June 2027." in expired.message
    assert "1 Mehefin 2027" in expired.said("cy")
    assert gettext("cy", "This link has expired: this workshop's personal data was kept until {date}. "
                         "Ask the organiser if you still need it.") != expired.msgid  # translated around it


BROWSER = """
import { readFileSync } from 'node:fs';
import { useCatalogue, dayInWords, timeText } from './web/app/i18n.js';
const out = {};
const bodies = { en: {}, cy: JSON.parse(readFileSync('web/i18n/cy.json', 'utf8')) };
for (const lang of ['en', 'cy']) {
  useCatalogue(lang, bodies[lang]);
  out[lang] = { days: DAYS.map(dayInWords), later: timeText('2027-02-26T14:05:00', new Date('2027-03-01T09:00:00')),
                today: timeText('2027-02-26T14:05:00', new Date('2027-02-26T18:00:00')) };
}
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is installed by `make test`")
def test_the_browser_says_the_same_days_as_the_server_and_short_months_in_welsh():
    script = f"const DAYS = {json.dumps(DAYS)};\n{BROWSER}"
    done = subprocess.run(["node", "--input-type=module", "-e", script], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env={"TZ": "Europe/London", "PATH": os.environ.get("PATH", "")})
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    for lang in ("en", "cy"):
        assert said[lang]["days"] == [day_in_words(d, lang) for d in DAYS], lang
    assert said["cy"]["later"] == "26 Chwef 14:05"
    assert said["en"]["later"] == "26 Feb 14:05"
    assert said["cy"]["today"] == said["en"]["today"] == "14:05"
