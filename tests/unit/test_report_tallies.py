"""The report reads every idea's dots from the one tally of its round, on every table (issue 10)."""
import re

from server.exports.report import full_report
from server.exports.svg import render_board
from server.exports.tables import Workshop as Records

from .facilitation_helpers import Workshop


def test_one_tally_for_the_tables_work_the_vote_results_and_the_pictures():
    w = Workshop(people=["Ada", "Bob"])
    tables = [w.run(w.fac, "room.create", type="table").result["room_id"] for _ in range(2)]
    boards = [w.run(w.fac, "board.create", type="ideas", room_id=t).result["board_id"] for t in tables]
    first = w.run(w.fac, "card.create", board_id=boards[0], type="idea", hat="T", text="A walking group").result
    second = w.run(w.fac, "card.create", board_id=boards[1], type="idea", hat="C", text="Lifts to the shops").result
    rid = w.run(w.fac, "round.open", board_id=boards[0], board_ids=boards).result["round_id"]
    w.run(w.people[0], "vote.cast", round_id=rid, target_id=first["card_id"])
    w.run(w.people[0], "vote.cast", round_id=rid, target_id=first["card_id"])
    w.run(w.people[1], "vote.cast", round_id=rid, target_id=second["card_id"])
    w.run(w.fac, "round.close", round_id=rid)
    records = list(w.state.records.values())

    assert Records(records).dots(boards[1]).get(second["card_id"]) == 1
    html = full_report(records).html()
    results = html[html.index("<h2>Vote results"):html.index("<h2>The tables")]
    work = html[html.index("<h2>The tables"):html.index("<h2>The Investment Grid")]
    for text, dots in (("A walking group", "2"), ("Lifts to the shops", "1")):
        in_results = re.search(rf"<td>{text}</td><td>(\d+)</td>", results)
        in_work = re.search(rf"<td>{text}</td><td>(\d+)</td>", work)
        assert in_results and in_work, text
        assert in_results.group(1) == in_work.group(1) == dots, text
    # the board picture of Table 2 shows its idea's dot too
    assert "1 dot" in render_board(records, boards[1])


def test_a_welsh_workshops_board_picture_writes_its_own_words_in_welsh():
    """The words the picture itself writes (headings, labels, dots) follow the workshop's default
    language through the server's catalogue; what people wrote stays as they wrote it (issue 13)."""
    w = Workshop(people=["Ada"])
    board = w.run(w.fac, "board.create", type="ww").result["board_id"]
    w.run(w.fac, "card.create", board_id=board, type="data", text="My neighbour calls in")
    w.run(w.fac, "card.create", board_id=board, type="theme", text="I have people near me")
    w.run(w.fac, "card.create", board_id=board, type="note", text="Ask about Sundays")
    records = lambda: list(w.state.records.values())  # noqa: E731
    english = render_board(records(), board)
    assert "WORKING WELL (ww)" in english and "Whole group" in english
    assert "Not yet themed: 1" in english and "Themes: 1" in english and "Theme (ww) · 0 cards" in english

    w.run(w.fac, "workshop.update", language="cy")
    welsh = render_board(records(), board)
    # its heading: the board's default title and where it is (a title someone wrote stays as written)
    for words in ("YN GWEITHIO’N DDA (ww)", "Y grŵp cyfan", "Heb thema eto: 1", "Themâu: 1", "Thema (ww) · dim cardiau", "Nodyn"):
        assert words in welsh, words
    for words in ("WORKING WELL", "Whole group", "Not yet themed", "Themes:", "Theme (", ">Note<"):
        assert words not in welsh, words
    for text in ("My neighbour calls in", "I have people near me", "Ask about Sundays"):
        assert text in welsh, text


def test_a_welsh_workshops_printable_cards_say_their_own_words_in_welsh():
    """The cards' own words (the document's title, the note when there is nothing to print) follow the
    workshop's default language; the cards themselves are people's answers, printed as written."""
    import io

    from pypdf import PdfReader

    from server.exports.cards_pdf import printable_cards

    w = Workshop(people=["Ada"])
    english = PdfReader(io.BytesIO(printable_cards(list(w.state.records.values()))))
    assert "There are no answers to print yet." in english.pages[0].extract_text()
    assert english.metadata.title == "Cards to print and cut up"
    w.run(w.fac, "workshop.update", language="cy")
    welsh = PdfReader(io.BytesIO(printable_cards(list(w.state.records.values()))))
    text = welsh.pages[0].extract_text()
    assert "Does dim atebion i’w hargraffu eto." in text and "There are no answers" not in text
    assert welsh.metadata.title == "Cardiau i’w hargraffu a’u torri"
