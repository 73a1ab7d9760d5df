"""The facilitator's "Personal data" screen: the retention dates, a new link for someone, erasing someone."""
import os

import httpx
import pytest
from playwright.sync_api import expect

from .pages import T, open_page, open_screen

pytestmark = pytest.mark.timeout(180)


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1920, "height": 1080}])
def test_the_facilitator_sees_the_dates_makes_a_link_and_erases_someone(browser, live_server, viewport):
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada, ben = live_server.join(w, "Ada"), live_server.join(w, "Zephyrine")
    context, page = open_page(browser, live_server, wid, w["token"], viewport)
    try:
        open_screen(page, "Personal data")  # a tool: in the Menu on a phone, under "Other screens" on a wide screen
        screen = page.locator("section.privacy")
        expect(screen).to_contain_text("Personal data will be erased on", timeout=T)
        expect(screen).to_contain_text("the workshop will be deleted on")
        expect(screen).to_contain_text("(the server’s setting)")
        # the workshop's own retention, and whether cards may go without a name (D6, D7)
        screen.get_by_label("Erase personal data after (days)").fill("40")
        screen.get_by_label("Delete the workshop after (days)").fill("100")
        screen.get_by_role("button", name="Save the days").click()
        expect(screen).to_contain_text("keeps personal data 40 days and is deleted after 100 days (its own setting)",
                                       timeout=T)
        dates = httpx.get(f"{live_server.base_url}/api/workshops/{wid}/retention",
                          headers={"Authorization": f"Bearer {w['token']}"}, timeout=10).json()
        assert (dates["erase_after_days"], dates["delete_after_days"], dates["own_setting"]) == (40, 100, True)
        unnamed = screen.get_by_label("Participants may add cards without their name shown")
        expect(unnamed).to_be_checked()
        unnamed.uncheck()
        expect(screen).to_contain_text("Every card shows the name of the person who added it.", timeout=T)
        record = next(r for r in live_server.state(wid, w["token"])["records"] if r["kind"] == "workshop")
        assert record["unnamed_cards"] is False
        page.get_by_role("button", name="Mark the workshop as finished").click()
        expect(page.get_by_role("button", name="Mark the workshop as not finished")).to_be_visible(timeout=T)
        row = screen.locator("li", has_text="Ada")
        row.get_by_role("button", name="New personal link").click()
        link = row.get_by_role("textbox", name="New link for Ada")
        expect(link).to_have_value(f"{live_server.base_url}/w/{wid}#token=" + link.input_value().rsplit("=", 1)[-1],
                                   timeout=T)
        old = httpx.get(f"{live_server.base_url}/api/workshops/{wid}/state",
                        headers={"Authorization": f"Bearer {ada['token']}"}, timeout=10)
        assert old.status_code == 401
        screen.locator("li", has_text="Zephyrine").get_by_role("button", name="Erase…").click()
        page.get_by_role("dialog").get_by_role("button", name="Erase", exact=True).click()
        expect(screen.locator("li", has_text="Erased person")).to_be_visible(timeout=T)
        expect(screen).not_to_contain_text("Zephyrine")
        shots = os.environ.get("COBOARD_SHOTS")
        if shots:
            page.screenshot(path=f"{shots}/privacy-{viewport['width']}.png", full_page=True)
        assert not page.errors, page.errors
    finally:
        context.close()
