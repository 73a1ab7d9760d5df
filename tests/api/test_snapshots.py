"""Board snapshots: SVG as people see it, PNG and PDF from it, the automatic history (issue 6)."""
import io
import time
import zipfile
import xml.etree.ElementTree as ET

import httpx
import pytest
from PIL import Image
from pypdf import PdfReader

from .conftest import assert_error
from .data_helpers import auth, do_op, populated, records


@pytest.fixture(scope="module")
def journey(server):
    with httpx.Client(base_url=server.base_url, timeout=30) as http:
        return populated(server, http)


def snap(http, journey, board, fmt, token=None):
    return http.get(f"/api/workshops/{journey['workshop_id']}/boards/{journey['boards'][board]}/snapshot.{fmt}",
                    headers=auth(token or journey["token"]), timeout=30)


def svg_texts(svg: bytes) -> str:
    root = ET.fromstring(svg)  # well-formed: every text was escaped
    return " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))


def test_theming_board_svg_shows_themes_counts_dots_and_labels(http, journey):
    r = snap(http, journey, "nww", "svg")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    texts = svg_texts(r.content)
    assert "NOT WORKING WELL" in texts and "(nww)" in texts
    assert "I am lonely" in texts and "1 card" in texts and "1 dot" in texts
    assert "I feel lonely at weekends" in texts and "Not yet themed" in texts


def test_every_board_type_renders(server, http, journey):
    expected = {"ideas": ["Evening buddy scheme", "Community"], "success": ["People and families"],
                "root_causes": ["Buses stop at six"], "parking": ["=Ask about funding"],
                "action_plan": ["Call the volunteer centre", "Quick Wins"]}
    for board, words in expected.items():
        texts = svg_texts(snap(http, journey, board, "svg").content)
        for word in words:
            assert word in texts, (board, word)
    grid = next(b for b in records(server, journey, "board") if b["type"] == "grid")
    r = http.get(f"/api/workshops/{journey['workshop_id']}/boards/{grid['id']}/snapshot.svg",
                 headers=auth(journey["token"]))
    texts = svg_texts(r.content)
    for quadrant in ("Quick Wins", "Major Projects", "Fill Ins", "Thankless Tasks", "Evening buddy scheme"):
        assert quadrant in texts


def test_card_text_is_escaped(server, http, journey):
    wid, token = journey["workshop_id"], journey["token"]
    do_op(server, wid, token, "card.create", board_id=journey["boards"]["parking"], type="note",
          text='</text><script>alert(1)</script> & "quotes"')
    r = snap(http, journey, "parking", "svg")
    assert b"<script>" not in r.content
    assert '</text><script>alert(1)</script> & "quotes"' in svg_texts(r.content)


def test_png_and_pdf_open_with_a_library(http, journey):
    png = snap(http, journey, "nww", "png")
    assert png.headers["content-type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert image.size[0] == 1600 and image.size[1] > 300
    pdf = snap(http, journey, "nww", "pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) > 500
    assert "I am lonely" in reader.pages[0].extract_text()


def test_participants_snapshot_too_but_never_see_answers(server, http, journey):
    person = server.join(journey, "Pat")
    assert snap(http, journey, "nww", "svg", person["token"]).status_code == 200
    missing = http.get(f"/api/workshops/{journey['workshop_id']}/boards/nope/snapshot.svg",
                       headers=auth(person["token"]))
    assert_error(missing, 404, "not_found")
    assert_error(http.get(f"/api/workshops/{journey['workshop_id']}/boards/x/snapshot.gif",
                          headers=auth(person["token"])), 422, "invalid")


def test_moving_to_the_next_activity_snapshots_every_board_with_something_on_it(server, http, journey):
    wid, token = journey["workshop_id"], journey["token"]
    before = http.get(f"/api/workshops/{wid}/snapshots", headers=auth(token)).json()["snapshots"]
    do_op(server, wid, token, "workshop.update", activity="Voting on NWW themes")
    boards = records(server, journey, "board")
    used = {c["board_id"] for c in records(server, journey, "card")} | \
        {p["board_id"] for p in records(server, journey, "action_plan")}
    filled = [b for b in boards if b["id"] in used]
    assert len(filled) >= 6
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        shots = http.get(f"/api/workshops/{wid}/snapshots", headers=auth(token)).json()["snapshots"]
        auto = [s for s in shots if s["reason"] == "activity_end" and s not in before]
        if len(auto) == len(filled):
            break
        time.sleep(0.2)
    assert {s["board_id"] for s in auto} == {b["id"] for b in filled}
    one = http.get(f"/api/workshops/{wid}/snapshots/{auto[0]['id']}.png", headers=auth(token))
    assert Image.open(io.BytesIO(one.content)).size[0] == 1600
    # On demand, by anyone; then the whole history as one PDF (a page a board) and one ZIP.
    person = server.join(journey, "Pat")
    taken = http.post(f"/api/workshops/{wid}/snapshots", headers=auth(person["token"]), json={})
    assert taken.status_code == 201 and len(taken.json()["snapshots"]) == len(boards)
    shots = http.get(f"/api/workshops/{wid}/snapshots", headers=auth(person["token"])).json()["snapshots"]
    pdf = http.get(f"/api/workshops/{wid}/snapshots.pdf", headers=auth(token), timeout=60)
    assert len(PdfReader(io.BytesIO(pdf.content)).pages) == len(shots)
    z = zipfile.ZipFile(io.BytesIO(http.get(f"/api/workshops/{wid}/snapshots.zip", headers=auth(token),
                                            timeout=60).content))
    assert len([n for n in z.namelist() if n.endswith(".svg")]) == len(shots) and "index.csv" in z.namelist()


def test_svgs_we_did_not_draw_still_convert_through_cairosvg():
    from server.exports.convert import svg_to_pdf, svg_to_png

    foreign = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><g><path d="M0 0 L200 100" '
               'stroke="red"/><text x="10" y="50"><tspan>Hello</tspan></text></g></svg>')
    assert Image.open(io.BytesIO(svg_to_png(foreign))).size == (200, 100)
    assert "Hello" in PdfReader(io.BytesIO(svg_to_pdf(foreign))).pages[0].extract_text()


def test_on_demand_snapshots_are_limited_per_person(server, http, workshop):
    person = server.join(workshop, "Pat")
    url = f"/api/workshops/{workshop['workshop_id']}/snapshots"
    codes = [http.post(url, headers=auth(person["token"]), json={}).status_code for _ in range(14)]
    assert codes[:12] == [201] * 12 and codes[-1] == 429
    assert http.post(url, headers=auth(workshop["token"]), json={}).status_code == 201  # others are not held up


def test_a_hidden_vote_stays_hidden_in_pictures_until_it_closes(server, http, workshop):
    wid, token = workshop["workshop_id"], workshop["token"]
    nww = next(b["id"] for b in records(server, workshop, "board") if b["type"] == "nww")
    theme = do_op(server, wid, token, "card.create", board_id=nww, type="theme", text="I wait too long")["card_id"]
    round_id = do_op(server, wid, token, "round.open", board_id=nww, hidden=True)["round_id"]
    person = server.join(workshop, "Pat")
    do_op(server, wid, person["token"], "vote.cast", round_id=round_id, target_id=theme)
    url = f"/api/workshops/{wid}/boards/{nww}/snapshot.svg"
    seen_by_person = svg_texts(http.get(url, headers=auth(person["token"])).content)
    assert "I wait too long" in seen_by_person and "1 dot" not in seen_by_person
    assert "1 dot" in svg_texts(http.get(url, headers=auth(token)).content)  # the facilitator sees the count
    do_op(server, wid, token, "workshop.update", activity="Voting")  # the automatic snapshot works too
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        shots = http.get(f"/api/workshops/{wid}/snapshots", headers=auth(token)).json()["snapshots"]
        if shots:
            break
        time.sleep(0.2)
    shot = next(s for s in shots if s["board_id"] == nww)
    kept = svg_texts(http.get(f"/api/workshops/{wid}/snapshots/{shot['id']}.svg", headers=auth(token)).content)
    assert "I wait too long" in kept and "1 dot" not in kept
    do_op(server, wid, token, "round.close", round_id=round_id)
    assert "1 dot" in svg_texts(http.get(url, headers=auth(person["token"])).content)


def test_snapshots_are_named_after_the_agenda_item_that_ended(server, http, workshop):
    wid, token = workshop["workshop_id"], workshop["token"]
    nww = next(b["id"] for b in records(server, workshop, "board") if b["type"] == "nww")
    do_op(server, wid, token, "workshop.update", activity="welcome")
    do_op(server, wid, token, "card.create", board_id=nww, type="theme", text="I wait too long")  # a change to keep
    do_op(server, wid, token, "workshop.update", activity="approach")
    deadline, named = time.monotonic() + 20, []
    while time.monotonic() < deadline and not named:
        shots = http.get(f"/api/workshops/{wid}/snapshots", headers=auth(token)).json()["snapshots"]
        named = [s for s in shots if s["activity"] == "Welcome"]
        time.sleep(0.2)
    assert named and all(s["reason"] == "activity_end" for s in named)


def test_pictures_taken_when_the_first_activity_begins_store_no_english_name(server, http, workshop):
    """Before the first activity there is none to name: the pictures keep no activity (each page then says
    "Before the agenda started" in its reader's language), not an English "Start" stored for everyone."""
    wid, token = workshop["workshop_id"], workshop["token"]
    nww = next(b["id"] for b in records(server, workshop, "board") if b["type"] == "nww")
    do_op(server, wid, token, "card.create", board_id=nww, type="theme", text="I wait too long")
    do_op(server, wid, token, "workshop.update", activity="welcome")
    deadline, auto = time.monotonic() + 20, []
    while time.monotonic() < deadline and not auto:
        shots = http.get(f"/api/workshops/{wid}/snapshots", headers=auth(token)).json()["snapshots"]
        auto = [s for s in shots if s["reason"] == "activity_end"]
        time.sleep(0.2)
    assert auto and {s["board_id"] for s in auto} == {nww}
    assert all(s["activity"] is None for s in auto), [s["activity"] for s in auto]


def test_the_zips_index_names_a_default_agenda_item_in_the_workshops_language(server, http, workshop):
    """index.csv wrote the stored English ('Welcome') in a Welsh workshop: a default agenda title is said in
    the workshop's default language (as the pictures screen says it in the reader's), one typed as written."""
    wid, token = workshop["workshop_id"], workshop["token"]
    nww = next(b["id"] for b in records(server, workshop, "board") if b["type"] == "nww")
    agenda = next(r for r in records(server, workshop, "workshop"))["agenda"]
    typed = [{k: i[k] for k in ("key", "day", "time", "title", "boards") if k in i} for i in agenda]
    typed[[i["key"] for i in typed].index("approach")]["title"] = "Paned a sgwrs"  # a title someone typed
    do_op(server, wid, token, "workshop.update", language="cy")
    do_op(server, wid, token, "agenda.update", items=typed)
    do_op(server, wid, token, "workshop.update", activity="welcome")
    do_op(server, wid, token, "card.create", board_id=nww, type="theme", text="Aros yn rhy hir")
    do_op(server, wid, token, "workshop.update", activity="approach")  # 'Welcome' ended
    do_op(server, wid, token, "card.create", board_id=nww, type="theme", text="Bws yn hwyr")
    do_op(server, wid, token, "workshop.update", activity="local_context")  # the typed title ended
    deadline, named = time.monotonic() + 20, set()
    while time.monotonic() < deadline and len(named) < 2:  # the pictures are stored after the op, in their own time
        shots = http.get(f"/api/workshops/{wid}/snapshots", headers=auth(token)).json()["snapshots"]
        named = {s["activity"] for s in shots if s["reason"] == "activity_end"}
        time.sleep(0.2)
    assert named == {"Welcome", "Paned a sgwrs"}  # stored as the agenda has them
    z = zipfile.ZipFile(io.BytesIO(http.get(f"/api/workshops/{wid}/snapshots.zip", headers=auth(token),
                                            timeout=60).content))
    index = z.read("index.csv").decode("utf-8-sig")
    assert '"Croeso"' in index and '"Paned a sgwrs"' in index
    assert '"Welcome"' not in index


def test_pictures_taken_on_demand_are_named_after_the_agenda_item_going_on(server, http, workshop):
    """A picture someone takes stored the activity's key ('welcome'): it is named after the agenda item, as the
    pictures taken when an activity ends are, so the pictures screen and the ZIP's index say its title."""
    wid, token = workshop["workshop_id"], workshop["token"]
    do_op(server, wid, token, "workshop.update", activity="welcome")
    taken = http.post(f"/api/workshops/{wid}/snapshots", headers=auth(token), json={})
    assert taken.status_code == 201 and taken.json()["snapshots"]
    assert {s["activity"] for s in taken.json()["snapshots"]} == {"Welcome"}
    shots = http.get(f"/api/workshops/{wid}/snapshots", headers=auth(token)).json()["snapshots"]
    assert {s["activity"] for s in shots if s["reason"] == "on_demand"} == {"Welcome"}


def test_the_zips_index_names_default_boards_and_its_columns_in_the_workshops_language(server, http, workshop):
    """index.csv wrote the stored English board title ('NOT WORKING WELL', '… – Table 2') under an English header
    row in a Welsh workshop: a default board or table name is said in the workshop's language, a typed one as
    written."""
    from server.i18n import gettext

    wid, token = workshop["workshop_id"], workshop["token"]
    do_op(server, wid, token, "workshop.update", language="cy")
    table = do_op(server, wid, token, "room.create", type="table")["room_id"]
    number = next(r["number"] for r in records(server, workshop, "room") if r["id"] == table)
    do_op(server, wid, token, "board.create", type="root_causes", room_id=table)
    do_op(server, wid, token, "board.create", type="ideas", title="Ein syniadau ni")
    assert http.post(f"/api/workshops/{wid}/snapshots", headers=auth(token), json={}).status_code == 201
    z = zipfile.ZipFile(io.BytesIO(http.get(f"/api/workshops/{wid}/snapshots.zip", headers=auth(token),
                                            timeout=60).content))
    index = z.read("index.csv").decode("utf-8-sig")
    header, rows = index.split("\r\n", 1)
    assert header == ",".join(f'"{gettext("cy", w)}"' for w in ("Taken at", "Activity", "Board", "Reason", "File"))
    assert "Bwrdd" in header and "board" not in header.lower()
    assert '"DDIM YN GWEITHIO’N DDA"' in rows and '"Ein syniadau ni"' in rows
    assert f'"{gettext("cy", "Root causes")} – {gettext("cy", "Table {n}", n=number)}"' in rows
    assert "NOT WORKING WELL" not in rows and "Table " not in rows


def test_a_pictures_own_words_are_in_the_readers_language(server, http, workshop):
    """Issue 10 (Welsh): pictures are drawn in the workshop's default language when taken; a Welsh reader of an
    English workshop saw 'NOT WORKING WELL (nww)', 'Themes: 1', '1 card' on every thumbnail. A stored picture is
    now said in the asking member's language (drawn again from the log as the board was then: the cards added
    after it do not appear), a board now likewise; people's words stay as written, English readers unchanged."""
    from server.i18n import PAGE_LANGUAGE

    wid, token = workshop["workshop_id"], workshop["token"]
    nww = next(b["id"] for b in records(server, workshop, "board") if b["type"] == "nww")
    theme = do_op(server, wid, token, "card.create", board_id=nww, type="theme", text="Rwy’n unig")["card_id"]
    do_op(server, wid, token, "card.create", board_id=nww, type="data", text="Neb yn galw", theme_id=theme)
    taken = http.post(f"/api/workshops/{wid}/snapshots", headers=auth(token), json={"board_id": nww})
    assert taken.status_code == 201, taken.text
    (shot,) = taken.json()["snapshots"]
    do_op(server, wid, token, "card.create", board_id=nww, type="data", text="Added after the picture")
    ada = server.join(workshop, "Ada")
    url = f"/api/workshops/{wid}/snapshots/{shot['id']}.svg"
    english = svg_texts(http.get(url, headers=auth(ada["token"])).content)
    assert "NOT WORKING WELL (nww)" in english and "Themes: 1" in english and "1 card" in english, english
    for ask in ({PAGE_LANGUAGE: "cy"}, {"Cookie": "coboard_lang=cy"}):
        r = http.get(url, headers={**auth(ada["token"]), **ask})
        assert r.status_code == 200, r.text
        assert r.content.startswith(b"<svg") and b'lang="cy"' in r.content[:400]
        welsh = svg_texts(r.content)
        assert "DDIM YN GWEITHIO’N DDA (nww)" in welsh and "Themâu: 1" in welsh, welsh
        assert "NOT WORKING WELL" not in welsh and "Themes:" not in welsh and "card" not in welsh.replace("cerdyn", "")
        assert "Rwy’n unig" in welsh and "Neb yn galw" in welsh  # people's words as written
        assert "Added after the picture" not in welsh  # the board as it was when the picture was taken
    png = http.get(f"/api/workshops/{wid}/snapshots/{shot['id']}.png", headers={**auth(ada["token"]), PAGE_LANGUAGE: "cy"})
    assert png.status_code == 200 and Image.open(io.BytesIO(png.content)).size[0] == 1600
    assert svg_texts(http.get(url, headers=auth(ada["token"])).content) == english  # English readers: as stored
    now = http.get(f"/api/workshops/{wid}/boards/{nww}/snapshot.svg", headers={**auth(ada["token"]), PAGE_LANGUAGE: "cy"})
    assert "DDIM YN GWEITHIO’N DDA" in svg_texts(now.content) and "Added after the picture" in svg_texts(now.content)


def test_the_whole_history_is_in_the_readers_language(server, http, workshop):
    """Issue 10 (Welsh): the history as one ZIP or PDF was drawn in the workshop's default language whoever asked:
    a Welsh reader of an English workshop got 'NOT WORKING WELL', 'Themes: 1' on every page and an English index,
    where each picture alone is said in the reader's language. Now the whole history follows the reader too (the
    board as it was at each picture, people's words as written); English readers get the pictures as stored."""
    from server.i18n import PAGE_LANGUAGE, gettext

    wid, token = workshop["workshop_id"], workshop["token"]
    nww = next(b["id"] for b in records(server, workshop, "board") if b["type"] == "nww")
    theme = do_op(server, wid, token, "card.create", board_id=nww, type="theme", text="Rwy’n unig")["card_id"]
    do_op(server, wid, token, "card.create", board_id=nww, type="data", text="Neb yn galw", theme_id=theme)
    assert http.post(f"/api/workshops/{wid}/snapshots", headers=auth(token), json={"board_id": nww}).status_code == 201
    do_op(server, wid, token, "card.create", board_id=nww, type="data", text="Added after the picture")
    assert http.post(f"/api/workshops/{wid}/snapshots", headers=auth(token), json={}).status_code == 201
    welsh, english = server.join(workshop, "Ada"), server.join(workshop, "Bea")  # each has a budget of history files

    def history(fmt, reader=welsh, **ask):
        r = http.get(f"/api/workshops/{wid}/snapshots.{fmt}", headers={**auth(reader["token"]), **ask}, timeout=120)
        assert r.status_code == 200, r.text
        return r.content

    def pictures(body):
        z = zipfile.ZipFile(io.BytesIO(body))
        svgs = {n: z.read(n) for n in z.namelist() if n.startswith("svg/")}
        return z.read("index.csv").decode("utf-8-sig"), svgs

    index, svgs = pictures(history("zip", **{PAGE_LANGUAGE: "cy"}))
    assert index.split("\r\n", 1)[0] == ",".join(f'"{gettext("cy", w)}"' for w in
                                                 ("Taken at", "Activity", "Board", "Reason", "File"))
    assert '"DDIM YN GWEITHIO’N DDA"' in index and "NOT WORKING WELL" not in index
    nww_pictures = sorted((svg_texts(svg) for svg in svgs.values() if b"(nww)" in svg), key=len)
    assert len(nww_pictures) == 2
    for name, svg in svgs.items():
        assert b'lang="cy"' in svg[:400], name
        texts = svg_texts(svg)
        assert "NOT WORKING WELL" not in texts and "Themes:" not in texts and "Whole group" not in texts, (name, texts)
    before, after = nww_pictures  # each as its board was when it was taken: the late card in the second only
    assert "DDIM YN GWEITHIO’N DDA (nww)" in before and "Themâu: 1" in before, before
    assert "Rwy’n unig" in before and "Neb yn galw" in before and "Added after the picture" not in before
    assert "Added after the picture" in after
    pdf = PdfReader(io.BytesIO(history("pdf", **{PAGE_LANGUAGE: "cy"})))
    assert len(pdf.pages) == len(svgs)
    words = " ".join(page.extract_text() for page in pdf.pages)
    assert "GWEITHIO" in words and "WORKING WELL" not in words, words[:400]

    index, svgs = pictures(history("zip", english))  # an English reader of an English workshop: as stored
    assert '"Taken at"' in index and '"NOT WORKING WELL"' in index
    assert all(b'lang="cy"' not in svg[:400] for svg in svgs.values())
    assert all("NOT WORKING WELL (nww)" in svg_texts(svg) for svg in svgs.values() if b"(nww)" in svg)
    assert "WORKING WELL" in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(history("pdf", english))).pages)
