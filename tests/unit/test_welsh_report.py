"""A Welsh workshop's report, "You said, we did" and board pictures say their own words in Welsh
(issue 13): every word they write themselves comes from the catalogue, labels.py's words too, and no
English word of the catalogue is left in them, in the HTML or in the PDF's text. People's words stay
as they wrote them (written in Welsh here, so that any English found is the report's own)."""
import html as htmllib
import io
import re

from babel.messages.extract import extract_from_file
from pypdf import PdfReader

from server import i18n
from server.exports.report import full_report, you_said_we_did
from server.exports.svg import render_board
from server.i18n import build

from .facilitation_helpers import Workshop

ROOT = build.ROOT
# Where the words of reports and pictures are written: labels.py's words and the exports' own messages.
SOURCES = [ROOT / "server/protocol/labels.py", ROOT / "server/domain/progress.py", ROOT / "server/domain/trail.py",
           ROOT / "server/domain/feedback.py",
           *sorted((ROOT / "server/exports").glob("*.py"))]


def english_words_of_the_catalogue(lang: str) -> set[str]:
    """The English of each message the reports and pictures may write whose translation differs: the whole
    message, or for one with {placeholders} its pieces of two words or more between them."""
    catalog = i18n.catalogue(lang)
    found = set()
    for path in SOURCES:
        for _line, message, _comments, context in extract_from_file("python", str(path), keywords=build.PY_KEYWORDS):
            ids = message if isinstance(message, tuple) else (message,)
            entry = catalog.get(ids[0], context=context)
            forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            for english in ids:
                if english in forms:
                    continue  # said the same in Welsh ("Data")
                for piece in re.split(r"\{\w+\}", english):
                    piece = piece.strip(" :;,.·–—")
                    if piece and (piece == english.strip(" :;,.·–—") or len(piece.split()) >= 2):
                        found.add(piece)
    return found


def english_left(text: str, words: set[str]) -> list[str]:
    return sorted(w for w in words if re.search(rf"(?<![\w’']){re.escape(w)}(?![\w’'])", text))


def a_welsh_journey():
    """A whole journey, Day 1 to the review, in a workshop whose default language is Welsh."""
    w = Workshop(people=["Ada", "Bob", "Cai"])
    w.run(w.fac, "workshop.update", language="cy", purpose="Gwella bywyd bob dydd yn y dref")
    nww = next(b["id"] for b in w.state.of_kind("board") if b["type"] == "nww")
    theme = w.run(w.fac, "card.create", board_id=nww, type="theme", text="Rwy’n unig").result["card_id"]
    card = w.run(w.fac, "card.create", board_id=nww, type="data", text="Does neb yn galw").result["card_id"]
    w.run(w.fac, "card.create", board_id=nww, type="data", text="Dim bws ar y Sul")
    w.run(w.fac, "card.create", board_id=nww, type="note", text="Holi am y Sul")
    w.run(w.fac, "card.group", card_id=card, theme_id=theme)
    # an answer amended with the data amendment key, sent to the board and themed: the trail's "Amendment"
    answer = w.run(w.fac, "answer.create", question="nww", text="Does neb yn galw heibio i mi o gwbl yn y nos").result["answer_id"]
    w.run(w.fac, "answer.amend", answer_id=answer, code="a", amended="Neb yn galw yn y nos")
    w.run(w.fac, "answer.publish", answer_ids=[answer])
    published = next(c["id"] for c in w.state.of_kind("card") if c.get("answer_id") == answer)
    w.run(w.fac, "card.group", card_id=published, theme_id=theme)
    rid = w.run(w.fac, "round.open", board_id=nww).result["round_id"]
    for person in w.people:
        w.run(person, "vote.cast", round_id=rid, target_id=theme)
    w.run(w.fac, "round.close", round_id=rid)
    w.run(w.fac, "room.create", type="table")
    (table,) = w.run(w.fac, "tables.give_themes", round_id=rid).result["room_ids"]
    boards = {b["type"]: b["id"] for b in w.state.of_kind("board") if b.get("room_id") == table}
    w.run(w.fac, "card.create", board_id=boards["root_causes"], type="note", text="Mae’r bysiau’n stopio am chwech")
    w.run(w.fac, "card.create", board_id=boards["root_causes"], type="root_cause", text="Dim arian i’r bysiau")
    for perspective, text in (("people_families", "Rwy’n gallu mynd allan"), ("providers", "Rydyn ni’n gwrando"),
                              ("buyers", "Rydyn ni’n talu am deithiau")):
        w.run(w.fac, "card.create", board_id=boards["success"], type="success", perspective=perspective, text=text)
    parking = next(b["id"] for b in w.state.of_kind("board") if b["type"] == "parking")
    parked = w.run(w.fac, "card.create", board_id=parking, type="note", text="Arian y cyngor").result["card_id"]
    w.run(w.fac, "parking.review", card_id=parked, response="Gofyn i’r cabinet")
    w.run(w.fac, "day.begin", day=2)
    boards = {b["type"]: b["id"] for b in w.state.of_kind("board") if b.get("room_id") == table}
    w.run(w.fac, "card.create", board_id=boards["in_place"], type="in_place", text="Clwb cinio")
    ideas = [w.run(w.fac, "card.create", board_id=boards["ideas"], type="idea", hat=hat, text=text).result["card_id"]
             for hat, text in (("T", "Bws gyda’r nos"), ("C", "Rhannu ceir"), ("R", "Tacsi am ddim"),
                               ("T", "Gwasanaeth cyfeillio"))]
    on_grid = w.run(w.fac, "grid.add", card_ids=ideas).result["card_ids"]
    for idea, (impact, effort) in zip(on_grid, ((0.8, 0.2), (0.8, 0.8), (0.2, 0.2), (0.2, 0.8))):
        w.run(w.fac, "grid.place", card_id=idea, impact=impact, effort=effort)
    plan = w.run(w.fac, "plan.create", board_id=boards["action_plan"], idea_id=on_grid[0]).result["plan_id"]
    w.run(w.fac, "plan.set_lead", plan_id=plan, participant_id=w.people[0])
    w.run(w.fac, "plan.update", plan_id=plan, field="next_week", text="Ffonio’r cwmni bysiau")
    w.run(w.fac, "plan.follow_up", plan_id=plan, start="2026-11-26")
    w.run(w.fac, "plan.set_status", plan_id=plan, status="at_risk", reason="Dim gyrwyr eto")
    checkin = next(c["id"] for c in w.state.of_kind("checkin"))
    w.run(w.fac, "checkin.record", checkin_id=checkin, note="Un gyrrwr newydd", plan_status="on_track")
    feedback = w.run(w.fac, "feedback.open").result["feedback_id"]
    for person in w.people:
        w.run(person, "feedback.answer", feedback_id=feedback, equals=4, brave=3, satisfaction=4, words=["brwdfrydig"],
              self_word="tawel", help="Mwy o amser")
    w.run(w.fac, "feedback.close", feedback_id=feedback)
    at_checkin = w.run(w.fac, "feedback.open", checkin_id=checkin).result["feedback_id"]  # titled after the check-in
    w.run(w.fac, "feedback.close", feedback_id=at_checkin)
    return w


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def text_of_html(page: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", page))


def test_a_welsh_workshops_report_has_no_english_word_of_the_catalogue():
    w = a_welsh_journey()
    records = list(w.state.records.values())
    words = english_words_of_the_catalogue("cy")
    assert {"Quick Wins", "Traditional", "People and families", "At risk", "Vote results", "Impact ↑ (up)"} <= words
    report = full_report(records)
    page = report.html()
    assert page.startswith('<!doctype html><html lang="cy">')
    text = text_of_html(page)
    # its own words in Welsh: labels.py's (quadrants, hats, perspectives, statuses, questions) and the report's
    for welsh in ("Adroddiad Cydweithio er Newid", "Enillion Cyflym", "Traddodiadol", "Pobl a theuluoedd",
                  "Ar y trywydd iawn", "Canlyniadau’r bleidlais", "Grŵp 1", "Casglwyd 1 ateb.", "Cafodd 1 ateb ei ddiwygio gydag allwedd diwygio’r data,", "Effaith ↑ (i fyny)",
                  "Rydyn ni’n cydweithio fel partneriaid cyfartal", "Ymdrech → (i’r dde)", "Sut mae’r grŵp yn gweithio?",
                  "Adborth: 2–4 wythnos: gwirio a herio"):
        assert welsh in text, welsh
    assert "a: Rhy hir – wedi’i fyrhau" in text  # the amendment key's label (labels.py) in the trail
    for said in ("Rwy’n unig", "Dim gyrwyr eto", "Gofyn i’r cabinet", "Tacsi am ddim", "Un gyrrwr newydd"):
        assert said in text, said  # people's words, as written
    assert english_left(text, words) == []
    assert english_left(pdf_text(report.pdf()), words) == []


def test_a_welsh_workshops_you_said_we_did_and_pictures_have_no_english_word_of_the_catalogue():
    w = a_welsh_journey()
    records = list(w.state.records.values())
    words = english_words_of_the_catalogue("cy")
    one_page = you_said_we_did(records)
    text = text_of_html(one_page.html())
    assert "Dywedoch chi, fe wnaethon ni" in text and "Rwy’n unig" in text
    assert english_left(text, words) == []
    assert english_left(pdf_text(one_page.pdf()), words) == []
    for board in w.state.of_kind("board"):
        picture = text_of_html(render_board(records, board["id"]))
        assert english_left(picture, words) == [], board["type"]


def test_the_check_finds_english_left_in_a_report():
    words = english_words_of_the_catalogue("cy")
    assert english_left("Enillion Cyflym · Quick Wins; Statws: At risk", words) == ["At risk", "Quick Wins"]
    assert english_left("Data · Grŵp 1", words) == []  # "Data" is Welsh too
