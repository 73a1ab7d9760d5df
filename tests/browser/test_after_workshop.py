"""After the workshop in Chromium: a plan's lead comes back months later on a phone through a fresh
personal link (the page's clock set forward), lands on their plan, records the due check-in and
marks the plan stuck with a reason; another participant reads it on the progress screen; the
feedback form is answered with the keyboard only; the mop-up view for staff; axe-core finds
nothing serious on the new screens. Screenshots at 390×844 and 1920×1080 (COBOARD_SHOTS: a folder).
"""
import os
import re
from datetime import datetime, timezone

import httpx
import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from .pages import T, Member, open_screen, serious_axe_violations

pytestmark = pytest.mark.timeout(180)
SHOTS = os.environ.get("COBOARD_SHOTS")
MONTHS_LATER = datetime(2027, 3, 5, 10, 0, tzinfo=timezone.utc)
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}


def shot(page, tmp_path, name):
    folder = SHOTS or str(tmp_path)
    os.makedirs(folder, exist_ok=True)
    page.screenshot(path=os.path.join(folder, f"after-{name}.png"), full_page=name.endswith("390"))


def assert_axe_clean(page):
    bad = serious_axe_violations(page)
    assert not bad, [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in bad]


def a_followed_plan(server, with_answer=False):
    """A workshop after Day 2: table 1's plan (a Quick Win), led by Lee, check-ins planned from 1 Dec 2026.
    with_answer: an imported answer, shortened (code a), is a card of "I am lonely", which has Lee's dot,
    and table 1 wrote a root cause."""
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    lee, oli = server.join(w, "Lee"), server.join(w, "Oli")
    fac = Member(server, w["workshop_id"], w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}
    lonely = fac.op("card.create", board_id=boards["nww"], type="theme", text="I am lonely")["card_id"]
    fac.op("card.create", board_id=boards["nww"], type="theme", text="I cannot get out at night")
    fac.op("card.create", board_id=boards["iff"], type="theme", text="I want buses at night")
    if with_answer:
        aid = fac.op("answer.create", question="nww", text="Nobody ever visits me at the weekend, not once in months")
        fac.op("answer.amend", answer_id=aid["answer_id"], code="a", amended="Nobody visits me at the weekend")
        (card,) = fac.op("answer.publish", answer_ids=[aid["answer_id"]])["card_ids"]
        fac.op("card.group", card_id=card, theme_id=lonely)
        rnd = fac.op("round.open", board_id=boards["nww"])["round_id"]
        voter = Member(server, w["workshop_id"], lee["token"])
        voter.op("vote.cast", round_id=rnd, target_id=lonely)
        voter.close()
        fac.op("round.close", round_id=rnd)
    table = fac.op("room.create", type="table")["room_id"]
    fac.op("tables.give_themes", theme_ids=[lonely])
    if with_answer:
        causes = next(r["id"] for r in server.state(w["workshop_id"], w["token"])["records"]
                      if r["kind"] == "board" and r["type"] == "root_causes" and r["room_id"] == table)
        fac.op("card.create", board_id=causes, type="root_cause", text="The buses stop at six")
    fac.op("day.begin", day=2)
    recs = server.state(w["workshop_id"], w["token"])["records"]
    ideas = next(r["id"] for r in recs if r["kind"] == "board" and r["type"] == "ideas" and r["room_id"] == table)
    plan_board = next(r["id"] for r in recs if r["kind"] == "board" and r["type"] == "action_plan")
    idea = fac.op("card.create", board_id=ideas, type="idea", hat="C", text="A Sunday lift share")["card_id"]
    fac.op("card.create", board_id=ideas, type="idea", hat="R", text="Free taxis at night")
    (on_grid,) = fac.op("grid.add", card_ids=[idea])["card_ids"]
    fac.op("grid.place", card_id=on_grid, impact=0.9, effort=0.2)
    plan = fac.op("plan.create", board_id=plan_board, idea_id=on_grid)["plan_id"]
    fac.op("plan.update", plan_id=plan, field="aim", text="Nobody is stuck at home on Sundays")
    fac.op("plan.set_lead", plan_id=plan, participant_id=lee["participant_id"])
    fac.op("plan.update", plan_id=plan, field="baseline", text="Two people get out on Sundays")
    fac.op("plan.follow_up", plan_id=plan, start="2026-12-01")
    return w, lee, oli, fac, plan


def personal_link(server, w, pid):
    r = httpx.post(f"{server.base_url}/api/workshops/{w['workshop_id']}/participants/{pid}/link",
                   headers={"Authorization": f"Bearer {w['token']}"}, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()["url"]


def months_later_page(browser, url, viewport, mobile=False):
    context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.clock.set_fixed_time(MONTHS_LATER)  # Date.now() months after the workshop; timers run as usual
    page.goto(url)
    expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
    page.errors = errors
    return context, page


def tab_to(page, selector, limit=120):
    """Press Tab until the focused element matches `selector` (the keyboard only)."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_a_lead_comes_back_months_later_on_a_phone_and_others_see_the_news(browser, live_server, tmp_path):
    server = live_server
    w, lee, oli, fac, plan = a_followed_plan(server)
    url = personal_link(server, w, lee["participant_id"])
    assert httpx.get(f"{server.base_url}/api/workshops/{w['workshop_id']}/state",
                     headers={"Authorization": f"Bearer {lee['token']}"}).status_code == 401  # the old link stopped

    ctx, phone = months_later_page(browser, url, PHONE, mobile=True)
    # lands on the plan and its due check-ins, not on the Day 1 agenda
    expect(phone.get_by_role("heading", name="Check-ins due now")).to_be_visible(timeout=T)
    expect(phone.get_by_role("heading", name="Follow up: 1C A Sunday lift share")).to_be_visible()
    expect(phone.locator(".checkin.is-due")).to_have_count(2)  # 3 weeks and 3 months are past by March
    expect(phone.get_by_role("heading", name="Check-ins due now")).to_be_in_viewport(timeout=T)  # not below the menu
    shot(phone, tmp_path, "follow-up-390")
    assert_axe_clean(phone)

    first = phone.locator(".checkin.is-due").first
    first.get_by_label("What has happened since the workshop?").fill("We met the bus company and two drivers")
    first.get_by_label("How is the plan now?").select_option("on_track")
    first.get_by_role("button", name="Record this check-in").click()
    expect(phone.locator(".checkin-done")).to_have_count(1, timeout=T)
    expect(phone.locator(".follow-up-plan .progress-status")).to_contain_text("On track")

    # a wrong note is put right by the lead, saying why (checkin.correct); the old words stay in its story
    done = phone.locator(".checkin-done")
    done.get_by_text("Correct this check-in").click()
    done.get_by_label("What happened").fill("We met the bus company and three drivers")
    done.get_by_role("button", name="Save the correction").click()  # no reason: refused in plain words
    expect(done.locator(".field-error")).to_contain_text("Please say why the check-in is corrected", timeout=T)
    done.get_by_label("Why is it corrected? (needed)").fill("It was three drivers")
    done.get_by_role("button", name="Save the correction").click()
    expect(done.locator(".checkin-note")).to_have_text("We met the bus company and three drivers", timeout=T)
    expect(done.locator(".checkin-corrected")).to_have_text("Corrected: It was three drivers")

    form = phone.locator(".plan-status-form")
    form.get_by_label("Status").select_option("stuck")
    expect(form.locator(".stuck-questions")).to_contain_text("What circumstances have changed?")
    form.get_by_role("button", name="Save the status").click()  # no reason: refused in plain words
    expect(form.locator(".field-error")).to_contain_text("Please say why the plan is stuck")
    form.get_by_label("Why? (needed)").fill("Waiting for the bus company")
    form.get_by_role("button", name="Save the status").click()
    expect(phone.locator(".follow-up-plan .progress-status")).to_contain_text("Stuck: Waiting for the bus company",
                                                                             timeout=T)
    shot(phone, tmp_path, "follow-up-stuck-390")
    assert phone.errors == []

    # another participant reads it on the progress screen (large text, read-only)
    octx, other = months_later_page(browser, f"{server.base_url}/w/{w['workshop_id']}#token={oli['token']}", PROJECTOR)
    open_screen(other, "Progress")
    plan_item = other.locator(".progress-plan")
    expect(plan_item).to_contain_text("Stuck: Waiting for the bus company", timeout=T)
    expect(plan_item).to_contain_text("Lead: Lee.")
    expect(plan_item).to_contain_text("Where we started: Two people get out on Sundays")
    expect(plan_item).to_contain_text("Next check-in: 3 months: due now")
    assert other.locator(".progress-screen button, .progress-screen input, .progress-screen textarea").count() == 0
    shot(other, tmp_path, "progress-1920")
    assert_axe_clean(other)
    other.set_viewport_size(PHONE)
    other.locator(".progress-screen").scroll_into_view_if_needed()
    shot(other, tmp_path, "progress-phone")
    phone.set_viewport_size(PROJECTOR)
    shot(phone, tmp_path, "follow-up-1920")
    octx.close()
    ctx.close()
    fac.close()


def test_the_feedback_form_answered_with_the_keyboard_only(browser, live_server, tmp_path):
    server = live_server
    w, lee, oli, fac, plan = a_followed_plan(server)
    fid = fac.op("feedback.open", place="Leeds")["feedback_id"]
    ctx, page = months_later_page(browser, f"{server.base_url}/w/{w['workshop_id']}#token={oli['token']}", PHONE,
                                  mobile=True)
    open_screen(page, "Feedback")
    expect(page.get_by_role("group", name="We are focused on making Leeds better for everyone")).to_be_visible(timeout=T)
    shot(page, tmp_path, "feedback-390")
    assert_axe_clean(page)

    page.locator("body").focus()
    tab_to(page, 'input[name="equals"]')
    page.keyboard.press("ArrowRight")  # 1 → 2 …
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # … 4
    tab_to(page, 'input[name="diversity"]')
    page.keyboard.press("Space")  # the first option, 1
    tab_to(page, "#fb-word-0")
    page.keyboard.type("welcoming")
    page.keyboard.press("Tab")
    page.keyboard.type("slow")
    tab_to(page, "#fb-self_word")
    page.keyboard.type("hopeful")
    page.keyboard.press("Tab")
    page.keyboard.type("People listened to me")
    tab_to(page, 'input[name="satisfaction"]')
    page.keyboard.press("ArrowRight")
    tab_to(page, "#fb-help")
    page.keyboard.type("Shorter meetings")
    tab_to(page, ".feedback-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".fb-thanks")).to_contain_text("Thank you", timeout=T)
    expect(page.locator(".feedback-form")).to_have_count(0)

    # two more people answer; the results appear, with Oli's answers among them, named by nobody
    for name in ("Pat", "Quin"):
        person = server.join(w, name)
        m = Member(server, w["workshop_id"], person["token"])
        m.op("feedback.answer", feedback_id=fid, equals=2, words=["slow"])
        m.close()
    expect(page.locator(".fb-waiting")).to_contain_text("3 people have answered so far", timeout=T)
    expect(page.locator(".fb-results")).to_have_count(0)  # worked out at the close: no answer told by when it came
    fac.op("feedback.close", feedback_id=fid)
    results = page.locator(".fb-results")
    expect(results).to_contain_text("slow (3)", timeout=T)
    expect(results).to_contain_text("welcoming (1)")
    expect(results.locator("tr", has_text="We work together as equals")).to_contain_text("2.7")
    assert "Oli" not in results.inner_text()
    assert page.errors == []
    ctx.close()

    # the staff's mop-up view, on a projector-sized screen; a new round of feedback at a check-in
    sctx, staff = months_later_page(browser, f"{server.base_url}/w/{w['workshop_id']}#token={w['token']}", PROJECTOR)
    open_screen(staff, "Follow up plans")
    staff.get_by_role("button", name="Ask for reflective feedback at this check-in").first.click()
    open_screen(staff, "Feedback")
    expect(staff.locator(".feedback-screen h2").first).to_have_text("Feedback: 2–4 weeks: check and challenge", timeout=T)
    expect(staff.locator(".fb-rounds h3")).to_have_count(2)  # both rounds kept, to compare over time
    second = staff.locator(".feedback-screen h2").first  # the new round is open: three more people answer
    fid2 = next(r["id"] for r in server.state(w["workshop_id"], w["token"])["records"]
                if r["kind"] == "feedback" and r["status"] == "open")
    for name in ("Rae", "Sol", "Tam"):
        person = server.join(w, name)
        m = Member(server, w["workshop_id"], person["token"])
        m.op("feedback.answer", feedback_id=fid2, equals=5)
        m.close()
    staff.get_by_role("button", name="Close this questionnaire").click()
    compare = staff.locator(".fb-compare")
    expect(compare.locator("tr", has_text="We work together as equals")).to_contain_text("2.7", timeout=T)
    expect(compare.locator("tr", has_text="We work together as equals")).to_contain_text("5.0")
    assert second.count() == 1
    open_screen(staff, "Mop-up meeting")
    mop = staff.locator(".mop-up")
    expect(mop).to_contain_text("I cannot get out at night", timeout=T)
    expect(mop).to_contain_text("Free taxis at night (0 dots)")
    expect(mop).to_contain_text("“night”")
    shot(staff, tmp_path, "mop-up-1920")
    assert_axe_clean(staff)
    taxi = mop.locator("li", has_text="Free taxis at night")
    taxi.get_by_role("button", name="Make it an action plan").click()
    expect(mop.locator("li", has_text="I cannot get out at night").first).to_be_visible()
    expect(mop).not_to_contain_text("Free taxis at night (0 dots)", timeout=T)

    # the review (stage 8): the facilitator answers one of the guide's questions; the report has it
    review = staff.locator(".review-question", has_text="How successfully have you been able to achieve")
    review.get_by_label("How successfully have you been able to achieve the Action Plans?").fill(
        "The lift share runs on two Sundays a month")
    review.get_by_role("button", name="Save this answer").click()
    html = ""
    for _ in range(50):
        html = httpx.get(f"{server.base_url}/api/workshops/{w['workshop_id']}/report.html",
                         headers={"Authorization": f"Bearer {w['token']}"}, timeout=10).text
        if "The lift share runs on two Sundays a month" in html:
            break
        staff.wait_for_timeout(200)
    assert "The lift share runs on two Sundays a month" in html
    staff.locator(".review").scroll_into_view_if_needed()
    shot(staff, tmp_path, "review-1920")
    assert_axe_clean(staff)
    sctx.close()
    fac.close()


def test_staff_follow_a_card_to_its_plan_by_keyboard_and_download_the_check_ins(browser, live_server, tmp_path):
    server = live_server
    w, lee, oli, fac, plan = a_followed_plan(server, with_answer=True)
    fac.op("plan.set_status", plan_id=plan, status="at_risk", reason="No drivers yet")
    ctx, staff = months_later_page(browser, f"{server.base_url}/w/{w['workshop_id']}#token={w['token']}", PROJECTOR)
    open_screen(staff, "Theming boards")
    card = staff.get_by_role("button", name="Nobody visits me at the weekend")
    expect(card).to_be_visible(timeout=T)  # Day 1's boards are kept as they were, yet staff can follow a card
    card.focus()
    staff.keyboard.press("Enter")
    dialog = staff.locator("dialog[open]")
    expect(dialog.get_by_role("heading", name="What happened to this answer")).to_be_focused()
    expect(dialog.locator(".trail-answer")).to_contain_text("Nobody ever visits me at the weekend, not once in months",
                                                           timeout=T)
    expect(dialog.locator(".trail-answer")).to_contain_text("Amendment: a (Too long – shortened)")
    expect(dialog.locator(".trail-step.trail-theme")).to_contain_text("I am lonely")
    expect(dialog.locator(".trail-step.trail-theme")).to_contain_text("1 dot, 1 card")
    expect(dialog.locator(".trail-table")).to_contain_text("Table 1")
    expect(dialog.locator(".trail-table")).to_contain_text("The buses stop at six")
    expect(dialog.locator(".trail-plan")).to_contain_text("1C A Sunday lift share")
    expect(dialog.locator(".trail-plan")).to_contain_text("At risk: No drivers yet")
    expect(dialog.locator(".trail-plan")).to_contain_text("Lead: Lee.")
    expect(dialog.locator(".trail-plan")).to_contain_text("Next check-in: 2–4 weeks: check and challenge: due now")
    shot(staff, tmp_path, "trail-1920")
    assert_axe_clean(staff)
    staff.keyboard.press("Tab")  # the one control is Close, reached by the keyboard
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    staff.keyboard.press("Escape")
    expect(staff.locator("dialog[open]")).to_have_count(0)
    expect(card).to_be_focused()  # back where the staff member was
    staff.set_viewport_size(PHONE)
    staff.get_by_role("button", name=re.compile("^nww")).click()  # a phone shows one board at a time
    staff.get_by_role("button", name="Show cards of I am lonely").click()  # and folds a theme's cards away
    card.click()
    expect(staff.locator("dialog[open] .trail-plan")).to_contain_text("At risk: No drivers yet", timeout=T)
    shot(staff, tmp_path, "trail-390")
    staff.keyboard.press("Escape")

    # a participant's card is not a button for them: the trail is for staff (the API says 403 too)
    pctx, person = months_later_page(browser, f"{server.base_url}/w/{w['workshop_id']}#token={oli['token']}", PROJECTOR)
    open_screen(person, "Theming boards")
    expect(person.locator(".data-card", has_text="Nobody visits me at the weekend")).to_be_visible(timeout=T)
    expect(person.get_by_role("button", name="Nobody visits me at the weekend")).to_have_count(0)
    pctx.close()

    # the plan's check-ins, downloaded from the follow-up screen, parse with the icalendar library
    staff.set_viewport_size(PROJECTOR)
    open_screen(staff, "Follow up plans")
    with staff.expect_download() as got:
        staff.get_by_role("button", name="Add the check-ins to my calendar (.ics file)").first.click()
    download = got.value
    assert download.suggested_filename == "checkins-1C.ics"
    with open(download.path(), "rb") as f:
        cal = Calendar.from_ical(f.read())
    events = [(str(e["summary"]), e.decoded("dtstart").isoformat()) for e in cal.walk("VEVENT")]
    assert events == [("Check-in 2–4 weeks: check and challenge: A Sunday lift share", "2026-12-22"),
                      ("Check-in 3 months: A Sunday lift share", "2027-03-01"),
                      ("Check-in 6 months: A Sunday lift share", "2027-06-01")]
    assert "Status now: At risk" in str(next(iter(cal.walk("VEVENT")))["description"])
    assert staff.errors == []
    ctx.close()
    fac.close()
