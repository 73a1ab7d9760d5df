"""Nothing from an earlier activity on participants' and the facilitator's screens (issue 10).

A message to every room and an ended timer belong to the agenda step (or day) they were sent in:
Day 1's last message and its "Time is up!" are gone on Day 2, on an open page and on a fresh one.
"Hide message" is remembered by the browser that hid it, after a reload too.
Set COBOARD_SHOTS to a folder to keep the screenshots.
"""
import os

import pytest
from playwright.sync_api import expect

from .pages import Member, T, open_page

pytestmark = pytest.mark.timeout(180)
SHOTS = os.environ.get("COBOARD_SHOTS")
PHONE = {"width": 390, "height": 844}


def banner_is_clear(page):
    expect(page.locator(".room-banner .announcement")).to_have_count(0, timeout=T)
    expect(page.locator(".room-banner .countdown:visible")).to_have_count(0, timeout=T)


def test_day_1s_message_and_ended_timer_are_gone_on_day_2(browser, live_server):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    fac.op("workshop.update", activity="table_feedback_1")
    fctx, sam = open_page(browser, server, wid, w["token"], viewport={"width": 1280, "height": 900})
    actx, phone = open_page(browser, server, wid, ada["token"], viewport=PHONE)
    try:
        fac.op("breakout.broadcast", text="Two minutes left for Table 2")
        fac.op("timer.start", seconds=1, label="Table 2 feedback")
        for page in (sam, phone):
            expect(page.locator(".room-banner .announcement")).to_contain_text("Two minutes left for Table 2", timeout=T)
            expect(page.locator(".room-banner .countdown")).to_have_class(
                "countdown warning ended", timeout=T)  # "Time is up! Table 2 feedback: 00:00"
        # Day 1 is over; Day 2 begins with its welcome.
        fac.op("workshop.update", activity="finish_1")
        fac.op("day.begin", day=2)
        fac.op("workshop.update", activity="welcome_2")
        for page in (sam, phone):
            expect(page.locator("[data-testid=agenda-now]").first).to_contain_text("Welcome / opening round", timeout=T)
            banner_is_clear(page)
        if SHOTS:
            sam.screenshot(path=os.path.join(SHOTS, "day2-no-leftovers-facilitator.png"))
            phone.screenshot(path=os.path.join(SHOTS, "day2-no-leftovers-phone.png"))
        # A page opened on Day 2 knows as well.
        for page in (sam, phone):
            page.reload()
            expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
            expect(page.locator(".room-banner")).to_be_attached(timeout=T)
            banner_is_clear(page)

        # Day 2's own message shows; a running timer started earlier stays until it ends.
        fac.op("breakout.broadcast", text="Welcome back, everyone")
        for page in (sam, phone):
            expect(page.locator(".room-banner .announcement")).to_contain_text("Welcome back, everyone", timeout=T)
        # Hidden here stays hidden here, after a reload; the facilitator still has it.
        phone.locator(".room-banner .announcement").get_by_role("button", name="Hide message").click()
        expect(phone.locator(".room-banner .announcement")).to_have_count(0)
        phone.reload()
        expect(phone.locator(".conn")).to_have_text("Connected", timeout=T)
        expect(phone.locator(".room-banner")).to_be_attached(timeout=T)
        expect(phone.locator(".room-banner .announcement")).to_have_count(0)
        expect(sam.locator(".room-banner .announcement")).to_contain_text("Welcome back, everyone")
        # A newer message is new: it shows.
        fac.op("breakout.broadcast", text="Coffee is in the hall")
        expect(phone.locator(".room-banner .announcement")).to_contain_text("Coffee is in the hall", timeout=T)
        assert not sam.errors and not phone.errors, sam.errors + phone.errors
    finally:
        actx.close()
        fctx.close()
        fac.close()


def test_a_timer_running_over_a_change_of_activity_stays_until_it_ends(browser, live_server):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    fac.op("workshop.update", activity="break_1")
    fac.op("timer.start", seconds=600, label="Break")
    actx, phone = open_page(browser, server, wid, ada["token"], viewport=PHONE)
    try:
        fac.op("workshop.update", activity="nww_theming")
        expect(phone.locator(".room-banner .countdown")).to_contain_text("Break", timeout=T)
        expect(phone.locator(".room-banner .countdown")).to_be_visible()
        assert not phone.errors, phone.errors
    finally:
        actx.close()
        fac.close()


def test_time_is_up_in_the_readers_language(browser, live_server):
    """The ended countdown's "Time is up!" is drawn by CSS from the catalogue's words (it was an English literal)."""
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    fac.op("workshop.update", language="cy")
    context = browser.new_context(viewport=PHONE)
    phone = context.new_page()
    try:
        phone.goto(f"{server.base_url}/w/{wid}#token={ada['token']}")
        expect(phone.locator("html")).to_have_attribute("lang", "cy", timeout=T)
        fac.op("timer.start", seconds=1, label="Adborth")
        ended = phone.locator(".room-banner .countdown.ended .label")
        expect(ended).to_be_visible(timeout=T)
        assert ended.evaluate("e => getComputedStyle(e, '::before').content") == '"Mae’r amser ar ben! "'
    finally:
        context.close()
        fac.close()
