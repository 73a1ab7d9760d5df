"""Joining by code alone on a phone (issue 10): /join, the code as read off the big screen, a first name."""
import pytest
from playwright.sync_api import expect

from .pages import T

pytestmark = pytest.mark.timeout(120)
SHOTS = "/tmp/coboard-shots"


def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  device_scale_factor=2)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    return context, page


def test_a_code_alone_finds_the_workshop_and_a_first_name_joins_it(browser, live_server, tmp_path):
    w = live_server.create_workshop(title="Day services review", facilitator_name="Sam")
    context, page = phone(browser)
    try:
        page.goto(live_server.base_url + "/join")
        code = w["join_code"]
        # an unknown code is answered in plain words, and nothing else happens
        page.get_by_label("Join code").fill("ZZZZ 2222" if code != "ZZZZ2222" else "YYYY 2222")
        page.get_by_role("button", name="Next").click()
        expect(page.locator(".error-summary")).to_contain_text("No open workshop has this code", timeout=T)
        page.screenshot(path=str(tmp_path / "join-unknown.png"))
        # typed as people do: small letters, a space in the middle
        page.get_by_label("Join code").fill(f"{code[:4].lower()} {code[4:]}")
        page.get_by_role("button", name="Next").click()
        expect(page.locator(".workshop-title")).to_have_text("Day services review", timeout=T)
        page.screenshot(path=str(tmp_path / "join-name.png"))
        page.get_by_label("Your first name").fill("Ada")
        page.get_by_role("button", name="Join").click()
        expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
        assert page.url.rstrip("/").endswith(f"/w/{w['workshop_id']}")
        assert code not in page.url
        people = live_server.state(w["workshop_id"], w["token"])["records"]
        assert any(r["kind"] == "participant" and r["name"] == "Ada" and r["role"] == "participant" for r in people)
        assert page.errors == []
    finally:
        context.close()
    assert code not in live_server.log()


def test_the_qr_codes_address_brings_the_code_with_it(browser, live_server):
    """The projector's QR code opens /join#code=…: the code is filled in, and leaves the address bar."""
    w = live_server.create_workshop(title="Day services review", facilitator_name="Sam")
    context, page = phone(browser)
    try:
        page.goto(f"{live_server.base_url}/join#code={w['join_code']}")
        expect(page.get_by_label("Join code")).to_have_value(w["join_code"], timeout=T)
        assert w["join_code"] not in page.url
        page.get_by_role("button", name="Next").click()
        expect(page.locator(".workshop-title")).to_have_text("Day services review", timeout=T)
        assert page.errors == []
    finally:
        context.close()
