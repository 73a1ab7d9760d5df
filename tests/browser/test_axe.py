"""axe-core (the copy the kept `axe-playwright-python` package ships, run with page.evaluate, which
the strict CSP allows) finds no serious or critical violation on any screen, with chat messages,
a poll and cards present: for the facilitator at 1920×1080, a participant on a 390×844 phone
and the projector.
"""
import httpx
import pytest
from playwright.sync_api import expect

from .pages import Member, T, serious_axe_violations

pytestmark = pytest.mark.timeout(300)

PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def workshop(live_server):
    w = live_server.create_workshop(title="Day services", facilitator_name="Sam")
    ada = live_server.join(w, "Ada")
    ben = live_server.join(w, "Ben")
    fac = Member(live_server, w["workshop_id"], w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    fac.op("workshop.update", activity="nww_theming")
    theme = fac.op("card.create", board_id=boards["nww"], type="theme", text="I am lonely")["card_id"]
    card = fac.op("card.create", board_id=boards["nww"], type="data", text="I see nobody at weekends")["card_id"]
    fac.op("card.group", card_id=card, theme_id=theme)
    for text in ("Nobody asks me what I want", "Staff change all the time"):
        fac.op("card.create", board_id=boards["nww"], type="data", text=text)
    fac.op("card.create", board_id=boards["ww"], type="data", text="Staff know me well")
    t1 = fac.op("room.create", type="table")["room_id"]
    fac.op("room.create", type="chill_out")
    fac.op("room.assign", participant_id=ben["participant_id"], room_id=t1)
    fac.op("poll.create", question="How are you feeling?", options=["Good", "Tired"], multiple=False, anonymous=True, show="live")
    fac.op("chat.send", text="Welcome, everyone", everyone=True)
    fac.op("chat.send", text="Lunch is at one", room_id=next(
        r["id"] for r in fac.welcome["records"] if r["kind"] == "room" and r["type"] == "main"))
    for who, room in ((ada, None), (ben, t1)):
        m = Member(live_server, w["workshop_id"], who["token"])
        m.op("chat.send", text="Hello, can someone help?", **({"room_id": room} if room else {"everyone": True}))
        m.op("hand.raise")
        m.close()
    yield {"server": live_server, "w": w, "ada": ada, "fac": fac}
    fac.close()


def screen_ids(page, wanted=()) -> list[str]:
    """The registered screens; staff-only ones are loaded after the page starts (dynamic import), so wait for `wanted`."""
    for _ in range(50):
        ids = page.evaluate("async () => (await import('/web/app/screens.js')).allScreens().map((s) => s.id)")
        if set(wanted) <= set(ids):
            return ids
        page.wait_for_timeout(200)
    return ids


def open_as(browser, server, wid, token, viewport, touch=False):
    context = browser.new_context(viewport=viewport, has_touch=touch, is_mobile=touch)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{server.base_url}/w/{wid}#token={token}")
    expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
    return context, page


def every_screen(page, wid, wanted=()) -> dict:
    """Each screen this person can open, drawn fresh (chosen in localStorage, then a reload): axe on each."""
    found = {}
    for sid in screen_ids(page, wanted):
        page.evaluate("([k, v]) => localStorage.setItem(k, v)", [f"coboard.screen.{wid}", sid])
        page.reload()
        expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
        drawn = page.locator("[data-screen]")
        expect(drawn).to_have_count(1, timeout=T)
        try:  # a lazily loaded screen takes its place once its module has arrived
            expect(page.locator(f"[data-screen='{sid}']")).to_have_count(1, timeout=3000)
        except AssertionError:
            pass
        shown = drawn.get_attribute("data-screen")
        if shown in found:
            continue  # not open to this person: the page fell back to a screen already checked
        page.wait_for_timeout(300)
        found[shown] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in serious_axe_violations(page)]
    return found


def test_no_serious_violation_for_the_facilitator_on_the_big_screen(browser, workshop):
    server, w = workshop["server"], workshop["w"]
    context, page = open_as(browser, server, w["workshop_id"], w["token"], PROJECTOR)
    try:
        expect(page.locator(".chat-log li").first).to_be_visible(timeout=T)  # chat messages are on the page
        found = every_screen(page, w["workshop_id"], wanted=("host",))
        assert {"theming", "host"} <= set(found), found.keys()
        assert not any(found.values()), {k: v for k, v in found.items() if v}
        assert not page.errors, page.errors
    finally:
        context.close()


def test_no_serious_violation_for_a_participant_on_a_phone(browser, workshop):
    server, w = workshop["server"], workshop["w"]
    context, page = open_as(browser, server, w["workshop_id"], workshop["ada"]["token"], PHONE, touch=True)
    try:
        expect(page.locator(".chat-log li").first).to_be_visible(timeout=T)  # chat messages are on the page
        found = every_screen(page, w["workshop_id"])
        assert "theming" in found, found.keys()
        assert not any(found.values()), {k: v for k, v in found.items() if v}
        # A dialog open on top: still nothing serious.
        page.evaluate(f"localStorage.setItem('coboard.screen.{w['workshop_id']}', 'theming')")
        page.reload()
        page.locator("button.data-card", has_text="Nobody asks me").tap()
        expect(page.locator("dialog[open]")).to_be_visible()
        assert not serious_axe_violations(page)
        assert not page.errors, page.errors
    finally:
        context.close()


def test_no_serious_violation_on_the_projector(browser, workshop):
    server, w, fac = workshop["server"], workshop["w"], workshop["fac"]
    link = httpx.post(f"{server.base_url}/api/workshops/{w['workshop_id']}/projector",
                      headers={"Authorization": f"Bearer {w['token']}"}, timeout=10).json()["url"]
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    try:
        page.goto(link)
        expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
        found = {}
        for activity in ("welcome", "nww_theming", "voting", "lunch_1", "table_feedback_1"):
            fac.op("workshop.update", activity=activity)
            page.wait_for_timeout(700)
            found[activity] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in serious_axe_violations(page)]
        assert not any(found.values()), {k: v for k, v in found.items() if v}
        assert not page.errors, page.errors
    finally:
        context.close()
