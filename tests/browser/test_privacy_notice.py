"""The join page shows the privacy notice and who sees what before anyone joins; the join records it (D5, D6)."""
import os

import pytest
from playwright.sync_api import expect

from tests.conftest import start_server, stop_server

from .pages import T

pytestmark = pytest.mark.timeout(120)
NOTICE = "Leeds City Council runs this workshop. We keep your first name and what you write for this workshop."
FULL = "https://council.example/privacy"


@pytest.fixture
def noticed_server(tmp_path):
    server = start_server(tmp_path, {"COBOARD_PRIVACY_NOTICE": NOTICE, "COBOARD_PRIVACY_NOTICE_URL": FULL})
    yield server
    stop_server(server)


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1920, "height": 1080}])
def test_D5_the_join_page_shows_the_notice_and_the_join_records_it(browser, noticed_server, viewport, tmp_path):
    w = noticed_server.create_workshop(title="Day services", facilitator_name="Sam")
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(w["join_url"])
        section = page.get_by_role("region", name="Your privacy")
        expect(section).to_be_visible(timeout=T)
        expect(section).to_contain_text(NOTICE)
        expect(section.get_by_role("link", name="Read the full privacy notice")).to_have_attribute("href", FULL)
        section.get_by_text("Who sees what").click()
        expect(section).to_contain_text("Only the facilitators and hosts.")
        shots = os.environ.get("COBOARD_SHOTS")
        if shots:
            page.screenshot(path=f"{shots}/join-notice-{viewport['width']}.png", full_page=True)
        page.get_by_label("Your first name").fill("Nia")
        page.get_by_label("Do not show my name on my cards (the facilitators still see it)").check()
        page.get_by_role("button", name="Join").click()
        page.wait_for_url(f"**/w/{w['workshop_id']}", timeout=T)
        people = [r for r in noticed_server.state(w["workshop_id"], w["token"])["records"]
                  if r["kind"] == "participant" and r["name"] == "Nia"]
        assert len(people) == 1 and people[0]["cards_unnamed"] is True
        assert people[0]["notice"]["version"] and people[0]["notice"]["shown_at"]
        assert not errors, errors
    finally:
        context.close()
