"""The agenda fits a 390×844 phone (issue 10): the facilitator's "Edit the agenda" dialog (every
item's time, title, day, boards and buttons) and the participant's agenda strip have nothing wider
than the phone, nothing cut sideways and no field squeezed too narrow to type in, in English and
Welsh, normal and large text; no day's select is narrower than its options (in Welsh large text
'Diwrnod 1' was cut to 'Diwrnod'). (The strip is checked at every agenda step in
test_phone_now_and_board.)
Set COBOARD_SHOTS to a folder to keep the screenshots.
"""
import os

import pytest
from playwright.sync_api import expect

from .pages import T, Member
from .test_phone_now_line import IDS, KINDS, WHOLE, phone

pytestmark = pytest.mark.timeout(180)
SHOTS = os.environ.get("COBOARD_SHOTS")
W = 390

# Inside the dialog: what is seen and cut sideways (but a field's own text), sticks out of the dialog's box, or a field
# narrower than 4 characters of its own text (squeezed by its neighbours).
FITS = """d => { const box = d.getBoundingClientRect();
  const seen = (x) => { const r = x.getBoundingClientRect(); return x.offsetParent !== null && r.width > 1 && r.height > 1; };
  const all = [...d.querySelectorAll('*')].filter(seen);
  const field = (x) => ['INPUT', 'TEXTAREA', 'SELECT'].includes(x.tagName); // a field's own long text scrolls inside it
  const cut = all.filter((x) => !field(x) && x.scrollWidth > x.clientWidth + 1 && getComputedStyle(x).overflowX !== 'visible'
      || (getComputedStyle(x).textOverflow === 'ellipsis' && x.scrollWidth > x.clientWidth))
    .map((x) => ({ tag: x.tagName, cls: x.className, text: x.textContent.slice(0, 30), sw: x.scrollWidth, cw: x.clientWidth }));
  const out = all.filter((x) => { const r = x.getBoundingClientRect(); return r.left < box.left - 1 || r.right > box.right + 1; })
    .map((x) => ({ tag: x.tagName, cls: x.className, text: x.textContent.slice(0, 30), left: x.getBoundingClientRect().left, right: x.getBoundingClientRect().right }));
  const narrow = [...d.querySelectorAll('input[type=text], select')].filter(seen)
    .filter((x) => x.getBoundingClientRect().width < 4 * parseFloat(getComputedStyle(x).fontSize))
    .map((x) => ({ id: x.id, width: x.getBoundingClientRect().width }));
  // a select narrower than its own options (its widest at max-content), so its chosen day is cut: 'Diwrnod' for 'Diwrnod 1'
  const selects = [...d.querySelectorAll('select')].filter(seen).filter((x) => {
    const w = x.getBoundingClientRect().width; x.style.width = 'max-content'; const need = x.getBoundingClientRect().width; x.style.width = '';
    return w < need - 0.5; }).map((x) => ({ id: x.id, text: x.options[x.selectedIndex].text }));
  return { cut, out, narrow, selects, box: [box.left, box.right], page: document.documentElement.scrollWidth, items: d.querySelectorAll('.agenda-edit-item').length }; }"""


@pytest.mark.parametrize("lang,large", KINDS, ids=IDS)
def test_the_agenda_editor_fits_a_phone(browser, live_server, lang, large):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    server.join(w, "Ada")
    context, page = phone(browser, server, w["workshop_id"], w["token"], lang, large)
    try:
        page.locator(".toolbar-more > summary").click()
        page.locator(".toolbar-more [data-focus-key=agenda-edit-btn]").click()
        dialog = page.locator("dialog[open], [role=dialog]").first
        expect(dialog.locator(".agenda-edit-item").first).to_be_visible(timeout=T)
        dialog.locator(".agenda-edit-boards summary").first.click()  # one item's boards open too
        got = dialog.evaluate(FITS)
        assert got["items"] == 29, got["items"]  # both days' agendas
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, f"phone-agenda-dialog-{lang}{'-large' if large else ''}.png"))
        assert got["box"][0] >= 0 and got["box"][1] <= W, got["box"]
        assert not got["cut"], got["cut"]
        assert not got["out"], got["out"]
        assert not got["narrow"], got["narrow"]
        assert not got["selects"], got["selects"]
        assert got["page"] <= W + 1, got["page"]
        page.set_viewport_size({"width": 1280, "height": 900})  # wider, the day's select keeps its words too
        page.wait_for_function("() => document.documentElement.clientWidth === 1280")
        wide = dialog.evaluate(FITS)
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, f"wide-agenda-dialog-{lang}{'-large' if large else ''}.png"))
        assert not wide["selects"] and not wide["cut"] and not wide["out"], wide
        # The guide's titles are said in the reader's language (a Welsh editor showed 'Welcome', 'Discuss the Working
        # Together for Change approach'), and saved unchanged they stay the guide's, said in each reader's language.
        title = dialog.locator("#agenda-welcome-title")
        expect(title).to_have_value("Croeso" if lang == "cy" else "Welcome")
        expect(dialog.locator(".agenda-edit-item legend").first).to_contain_text("Croeso" if lang == "cy" else "Welcome")
        dialog.locator("button[type=submit]").click()
        expect(dialog).to_be_hidden(timeout=T)
        agenda = next(r for r in server.state(w["workshop_id"], w["token"])["records"] if r["kind"] == "workshop")["agenda"]
        assert agenda[0]["title"] == "Welcome", agenda[0]
        assert not page.errors, page.errors
    finally:
        context.close()


@pytest.mark.parametrize("lang,large", KINDS, ids=IDS)
def test_the_agenda_strip_fits_a_phone_before_the_day_starts_and_on_the_last_step(browser, live_server, lang, large):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    ada = server.join(w, "Ada")
    fac = Member(server, w["workshop_id"], w["token"])
    context, page = phone(browser, server, w["workshop_id"], ada["token"], lang, large)
    try:
        for activity in (None, "finish_2"):
            if activity:
                fac.op("day.begin", day=2)
                fac.op("workshop.update", activity=activity)
                expect(page.locator("[data-testid=agenda-now]")).to_contain_text("15:00", timeout=T)
            strip = page.locator(".agenda-strip")
            expect(strip).to_be_visible(timeout=T)
            got = strip.evaluate(WHOLE)
            assert not got["cut"], (activity, got["cut"])
            assert got["right"] <= W and got["page"] <= W + 1, (activity, got)
        assert not page.errors, page.errors
    finally:
        context.close()
        fac.close()
