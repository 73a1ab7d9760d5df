"""Data in and out in Chromium (issue 6): import a spreadsheet of answers with its preview and a
column mapped by hand, clean two answers with the data amendment key (one split, one shortened),
send them to the boards and see the cards there, take a picture of a board and download it (the
bytes are a PNG, the history a PDF); plain words for a repeated import and a file that is not a
spreadsheet; axe finds no serious or critical problem on the import and cleaning screens.

The test writes its own small CSV, so it needs nothing outside the project.
"""
import csv
import io
import re

import httpx
import pytest
from playwright.sync_api import expect

from .pages import open_screen, screen_names, serious_axe_violations

pytestmark = pytest.mark.timeout(60)

LONG = ("I have not had a full night's sleep in three years because my husband wanders at night and I am "
        "scared he will go out of the front door while I am asleep, and nobody seems to think it is urgent")
SHORT = "I have not slept properly in three years because my husband wanders at night"
TWO_POINTS = "The bus stopped coming down our road. Nobody rings when the carer is late."
PARTS = ["The bus stopped coming down our road", "Nobody rings to say when the carer will be late"]


def sample_csv() -> bytes:
    """Three people; the iff column is headed "Q3", so it must be mapped by hand."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["Respondent", "Name", "What is working well for you?", "What is not working well for you?", "Q3", "Age group"])
    w.writerow(["R1", "Ann Smith", "My support worker helped me fill in the blue badge form", LONG, "I want to get out twice a week", "65-74"])
    w.writerow(["R2", "Bob Jones", "The Wednesday coffee morning", TWO_POINTS, "I want the same carers", "65-74"])
    w.writerow(["R3", "Cy Patel", "My own front door key", "", "I want a real job", "65-74"])
    return out.getvalue().encode("utf-8")


def assert_accessible(page):
    bad = serious_axe_violations(page)
    assert not bad, [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in bad]


def test_import_clean_publish_and_download_a_picture(browser, live_server, tmp_path):
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    data_file = tmp_path / "answers.csv"
    data_file.write_bytes(sample_csv())
    not_a_sheet = tmp_path / "photo.png"
    not_a_sheet.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)

    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.base_url}/w/{wid}#token={w['token']}")
    expect(page.locator(".conn")).to_have_text("Connected", timeout=15000)

    # --- import: a file that is not a spreadsheet is refused in plain words
    open_screen(page, "Import answers")
    page.get_by_label("Choose the spreadsheet of answers (CSV or Excel .xlsx)").set_input_files(str(not_a_sheet))
    expect(page.locator(".error-summary")).to_contain_text("problem with the file", timeout=15000)

    # --- the preview: people, question columns, the long answer flagged, names never read
    page.get_by_label("Choose the spreadsheet of answers (CSV or Excel .xlsx)").set_input_files(str(data_file))
    preview = page.locator("section.preview")
    expect(preview.get_by_role("heading", name="What we found in answers.csv")).to_be_visible(timeout=15000)
    expect(preview.locator(".facts")).to_contain_text("People3")
    expect(preview.locator(".facts")).to_contain_text("0 answers (no column found)")
    expect(preview.locator(".flagged-list")).to_contain_text("too long for a card")
    expect(preview.get_by_label(re.compile("Column 2: Name"))).to_have_value("private")
    assert "Ann Smith" not in preview.inner_text()

    # map the "Q3" column to iff by hand: the preview is read again with three iff answers
    preview.get_by_label(re.compile("Column 5: Q3")).select_option("iff")
    expect(preview.locator(".facts")).to_contain_text("3 answers", timeout=15000)
    expect(preview.locator(".facts")).not_to_contain_text("no column found")
    expect(page.get_by_role("button", name="Import 8 answers")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Import 8 answers").click()
    done = page.locator("[data-focus-key=import-done]")
    expect(done).to_contain_text("Imported 8 answers from 3 people", timeout=15000)

    # the same file again: refused, with a way to import it anyway
    page.get_by_label("Choose the spreadsheet of answers (CSV or Excel .xlsx)").set_input_files(str(data_file))
    page.locator("section.preview").get_by_label(re.compile("Column 5: Q3")).select_option("iff")
    expect(page.locator("section.preview .facts")).to_contain_text("3 answers", timeout=15000)
    page.get_by_role("button", name="Import 8 answers").click()
    expect(page.locator(".error-summary")).to_contain_text("already imported", timeout=15000)
    expect(page.get_by_role("button", name="Import it again anyway")).to_be_visible()
    page.get_by_role("button", name="Keep the first import").click()

    # --- cleaning: every answer waits; the long one is flagged, never cut
    open_screen(page, re.compile("^Clean answers"))
    expect(page.get_by_role("heading", name="Clean the answers")).to_be_visible()
    expect(page.locator(".amend-key")).to_contain_text("More than one point – split into single points")
    items = page.locator("li.answer")
    expect(items).to_have_count(8, timeout=15000)
    long_item = items.filter(has_text="full night's sleep")
    expect(long_item.locator(".flags")).to_contain_text("Too long for a card")
    expect(long_item.locator("blockquote")).to_have_text(LONG)
    assert_accessible(page)

    # shorten the long one (a), with a live character count
    long_item.get_by_role("button", name=re.compile("^Amend")).click()
    long_item.get_by_label("Code from the data amendment key").select_option("a")
    text = long_item.get_by_label("Amended text")
    expect(text).to_have_value(LONG)
    expect(long_item.locator(".amend-form .counter")).to_contain_text("too many for a card")
    text.fill(SHORT)
    expect(long_item.locator(".amend-form .counter")).to_have_text(f"{len(SHORT)} of 170 characters")
    long_item.get_by_role("button", name="Save the amendment").click()
    expect(long_item.locator(".amendment")).to_contain_text(SHORT, timeout=15000)
    expect(long_item.locator(".flags")).to_have_count(0)
    expect(long_item.get_by_role("button", name=re.compile("^Change the amendment"))).to_be_focused()

    # split the two-point one (c) into two parts
    split_item = items.filter(has_text="The bus stopped coming")
    split_item.get_by_role("button", name=re.compile("^Amend")).click()
    split_item.get_by_label("Code from the data amendment key").select_option("c")
    expect(split_item.get_by_label("Part 2")).to_be_visible()
    split_item.get_by_label("Part 1").fill(PARTS[0])
    split_item.get_by_label("Part 2").fill(PARTS[1])
    # typed words are never lost: after a reload the amendment opens again with them
    page.reload()
    expect(page.locator(".conn")).to_have_text("Connected", timeout=15000)
    expect(page.get_by_role("heading", name="Clean the answers")).to_be_visible(timeout=15000)
    expect(split_item.get_by_label("Part 1")).to_have_value(PARTS[0], timeout=15000)
    expect(split_item.get_by_label("Part 2")).to_have_value(PARTS[1])
    split_item.get_by_role("button", name="Save the amendment").click()
    expect(split_item.locator("ol.parts li")).to_have_count(2, timeout=15000)
    expect(split_item.locator(".amendment")).to_contain_text("Code c")

    # send to the boards: all 8 answers, the split one as 2 cards
    page.get_by_role("button", name="Send 8 answers to the boards").click()
    expect(page.locator(".data-status", has_text="sent to the boards")).to_contain_text("9 cards sent to the boards", timeout=15000)

    # --- the cards on the boards
    open_screen(page, "Theming boards")
    nww = page.locator("#board-nww")
    for words in (SHORT, *PARTS):
        expect(nww.locator(".card-text", has_text=words)).to_have_count(1, timeout=15000)
    expect(page.locator("#board-iff .card-text", has_text="I want a real job")).to_have_count(1)
    assert "Ann Smith" not in page.locator(".boards").inner_text()

    # --- a picture of the board, kept in the history, downloaded as PNG
    page.locator(".toolbar #toolbar-board").select_option(label="NOT WORKING WELL")  # the toolbar's one board
    page.locator(".toolbar-more > summary").click()  # a laptop's toolbar: the picture is in More
    page.locator(".toolbar").get_by_role("button", name="Take a picture of NOT WORKING WELL").click()
    expect(page.locator("#toast")).to_contain_text("Picture taken of NOT WORKING WELL", timeout=20000)
    open_screen(page, "Board pictures")
    expect(page.get_by_role("heading", name="History: 1 picture")).to_be_visible(timeout=15000)
    shot = page.locator("li.shot")
    shot.scroll_into_view_if_needed()  # thumbnails load when they come into view
    expect(shot.locator("img")).to_have_attribute("src", re.compile("^blob:"), timeout=20000)
    with page.expect_download(timeout=30000) as dl:
        shot.get_by_role("button", name=re.compile("^PNG")).click()
    png = open(dl.value.path(), "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000
    with page.expect_download(timeout=30000) as dl:
        page.get_by_role("button", name="Download all as one PDF").click()
    assert open(dl.value.path(), "rb").read()[:5] == b"%PDF-"

    # the files really need the token: a plain link would be refused
    assert httpx.get(f"{live_server.base_url}/api/workshops/{wid}/snapshots.pdf", timeout=10).status_code in (401, 403)
    assert errors == []
    context.close()


def test_participants_see_no_answers_or_exports_but_can_take_pictures(browser, live_server):
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    ada = live_server.join(w, "Ada")
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.base_url}/w/{w['workshop_id']}#token={ada['token']}")
    expect(page.locator(".conn")).to_have_text("Connected", timeout=15000)
    names = screen_names(page)  # a phone: the screens in the Menu
    assert "Board pictures" in names, names
    for staff_only in ("Import answers", "Clean answers", "Reports and downloads"):
        assert not any(n.startswith(staff_only) for n in names), names
    open_screen(page, "Board pictures")
    with page.expect_download(timeout=30000) as dl:
        page.get_by_role("button", name=re.compile("^Download PDF")).click()
    assert open(dl.value.path(), "rb").read()[:5] == b"%PDF-"
    context.close()


def test_exports_and_the_report_download_with_the_token(browser, live_server):
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    r = httpx.post(f"{live_server.base_url}/api/workshops/{wid}/responses", headers={"Authorization": f"Bearer {w['token']}"},
                   files={"file": ("answers.csv", sample_csv(), "text/csv")}, data={"mapping": '{"4": "iff"}'}, timeout=30)
    assert r.status_code == 200, r.text
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(f"{live_server.base_url}/w/{wid}#token={w['token']}")
    expect(page.locator(".conn")).to_have_text("Connected", timeout=15000)
    open_screen(page, "Reports and downloads")
    expected = {
        "Download the report (PDF)": b"%PDF-", 'Download "You said, we did" (PDF)': b"%PDF-",
        "Spreadsheet (XLSX, a sheet each)": b"PK", "CSV files (ZIP)": b"PK", "Backup for Coboard (export.json)": b"{",
        "Cleaned spreadsheet (XLSX)": b"PK", "Download printable cards (PDF)": b"%PDF-",
    }
    for name, magic in expected.items():
        with page.expect_download(timeout=30000) as dl:
            page.get_by_role("button", name=name, exact=True).click()
        assert open(dl.value.path(), "rb").read()[:len(magic)] == magic, name
    expect(page.locator("#status-exports")).to_contain_text("Downloaded")

    # the report opens in a new tab from a blob
    with context.expect_page(timeout=30000) as tab:
        page.get_by_role("button", name=re.compile("^Open the report")).click()
    report = tab.value
    expect(report.get_by_role("heading", level=1)).to_contain_text("Working Together for Change", timeout=30000)
    assert report.url.startswith("blob:")
    context.close()


def test_columns_nobody_recognised_are_mapped_by_hand(browser, live_server, tmp_path):
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    sheet = tmp_path / "interviews.csv"
    sheet.write_bytes("Ref;Said first;Said next\n1;Good neighbours;Lonely nights\n2;My dog;\n".encode("cp1252"))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.base_url}/w/{w['workshop_id']}#token={w['token']}")
    expect(page.locator(".conn")).to_have_text("Connected", timeout=15000)
    open_screen(page, "Import answers")
    page.get_by_label("Choose the spreadsheet of answers (CSV or Excel .xlsx)").set_input_files(str(sheet))
    preview = page.locator("section.preview")
    expect(preview.locator(".preview-problem")).to_contain_text("No question columns were found", timeout=15000)
    expect(page.get_by_role("button", name=re.compile(r"^Import \d+ answer"))).to_have_count(0)
    preview.get_by_label(re.compile("Column 2: Said first")).select_option("ww")
    expect(page.get_by_role("button", name="Import 2 answers")).to_be_visible(timeout=15000)
    preview.get_by_label(re.compile("Column 3: Said next")).select_option("nww")
    expect(page.get_by_role("button", name="Import 3 answers")).to_be_visible(timeout=15000)
    expect(preview.locator(".preview-problem")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Import 3 answers").click()
    expect(page.locator("[data-focus-key=import-done]")).to_contain_text("Imported 3 answers from 2 people", timeout=15000)

    # an answer from a paper form is typed in and waits with the others
    page.get_by_role("button", name="Clean the answers").click()
    page.get_by_text("Type in an answer (from a paper form or an interview)").click()
    page.get_by_label("Question").select_option("iff")
    page.get_by_label("The answer, in the person's words").fill("I want to choose my own carers")
    page.get_by_role("button", name="Add the answer").click()
    typed = page.locator("li.answer", has_text="I want to choose my own carers")
    expect(typed).to_contain_text("Typed in", timeout=15000)
    expect(typed.locator(".tag")).to_have_text("iff")
    expect(page.locator("li.answer")).to_have_count(4)
    context.close()
