"""The page's header and the facilitator's toolbar keep to one line at every width (issue 10).

Between 820 and 1920 px, in English and Welsh, with normal and large text: the site header is one
line (what does not fit is in its Menu, as the tabs go under "Other screens"), and the toolbar's
"Now" shows the whole name of the activity on now (two lines at most inside its item; the
board's picker and Show go into More first), never "Nawr: 1…".
"""
import pytest
from playwright.sync_api import expect

from .pages import Member, T

pytestmark = pytest.mark.timeout(300)
WIDTHS = (820, 1024, 1280, 1920)
KINDS = [("en", False), ("en", True), ("cy", False), ("cy", True)]
IDS = ["en", "en-large", "cy", "cy-large"]


def page_for(browser, server, wid, token, lang, large, width=1280):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(f"localStorage.setItem('coboard.pref.lang', '{lang}');"
                            + ("localStorage.setItem('coboard.pref.largeText', '1');" if large else ""))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.base_url}/w/{wid}#token={token}")
    expect(page.locator(".conn-live")).to_have_count(1, timeout=T)
    page.errors = errors
    return context, page


def now_is_whole(page):
    """The toolbar's "Now": its words all shown (nothing cut or clamped), in at most two lines, the row still one."""
    got = page.locator(".toolbar-now").evaluate("""e => { const r = e.getBoundingClientRect();
        const line = parseFloat(getComputedStyle(e).lineHeight) || 1.45 * parseFloat(getComputedStyle(e).fontSize);
        return { text: e.textContent, cut: e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1,
                 lines: Math.round(r.height / line), width: r.width }; }""")
    assert not got["cut"] and got["lines"] <= 2, got
    boxes = page.locator(".toolbar").evaluate("""bar => [...bar.children].filter((e) => e.offsetParent !== null)
        .map((e) => { const r = e.getBoundingClientRect(); return {cls: e.className, top: r.top, bottom: r.bottom, right: r.right}; })""")
    assert max(b["top"] for b in boxes) < min(b["bottom"] for b in boxes), boxes  # one row
    assert page.locator(".toolbar").evaluate("b => b.scrollWidth <= b.clientWidth + 1"), boxes
    return got


@pytest.mark.parametrize("lang,large", KINDS, ids=IDS)
def test_the_toolbar_shows_what_is_on_whole(browser, live_server, lang, large):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    fac.op("workshop.update", activity="ww_theming")
    context, page = page_for(browser, server, wid, w["token"], lang, large)
    try:
        expect(page.locator("[data-screen=theming]")).to_be_visible(timeout=T)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            expect(page.locator(".toolbar-now")).to_be_visible(timeout=T)
            page.wait_for_function("w => document.documentElement.clientWidth === w", arg=width)
            page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")  # its redraw at the new width
            got = now_is_whole(page)
            assert ("Themâu Yn Gweithio’n Dda" if lang == "cy" else "Working Well theming") in got["text"], got
        assert not page.errors, page.errors
    finally:
        context.close()
        fac.close()


def header_line(page):
    """The header's visible parts (inside the Menu too, while it is laid out in the line) all cross one
    horizontal line; nothing sticks out of it. A closed drop-down's insides are not in the line."""
    got = page.locator(".site-header").evaluate("""h => {
        const inDropDown = (e) => { for (let a = e; a && a !== h; a = a.parentElement) if (getComputedStyle(a).position === 'absolute') return true; return false; };
        const items = [...h.querySelectorAll('a, button, summary, p, label, select, .conn')]
            .filter((e) => e.checkVisibility({ visibilityProperty: true }) && !inDropDown(e))
            .map((e) => { const r = e.getBoundingClientRect(); return { cls: e.className || e.tagName, text: e.textContent.slice(0, 30), top: r.top, bottom: r.bottom, right: r.right }; })
            .filter((i) => i.bottom > i.top);
        const r = h.getBoundingClientRect();
        return { items, over: h.scrollWidth > h.clientWidth + 1, right: r.right, height: r.height }; }""")
    items = got["items"]
    assert len(items) >= 3, got
    assert max(i["top"] for i in items) < min(i["bottom"] for i in items), got
    assert not got["over"] and max(i["right"] for i in items) <= got["right"] + 1, got
    return got


@pytest.mark.parametrize("lang,large", KINDS, ids=IDS)
def test_the_header_is_one_line_and_the_menu_has_the_rest(browser, live_server, lang, large):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    fac.op("workshop.update", activity="ww_theming")
    pages = [page_for(browser, server, wid, token, lang, large) for token in (w["token"], ada["token"])]
    try:
        for context, page in pages:
            expect(page.locator("[data-screen=theming]")).to_be_visible(timeout=T)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                page.wait_for_function("w => document.documentElement.clientWidth === w", arg=width)
                page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
                header_line(page)
                # What is not in the line is in the Menu: the language at least, one tap away.
                switch = page.locator(".site-header .language-switch:visible")
                if not switch.count():
                    menu = page.locator(".page-menu > summary")
                    expect(menu).to_be_visible()
                    menu.click()
                    expect(page.locator(".page-menu .language-switch")).to_be_visible()
                    if page.locator(".page-menu .display-toggles").count():  # a participant's display settings
                        expect(page.locator(".page-menu .display-toggles")).to_be_visible()
                    page.keyboard.press("Escape")
                    expect(page.locator(".page-menu .language-switch")).to_be_hidden()
            assert not page.errors, page.errors
    finally:
        for context, _ in pages:
            context.close()
        fac.close()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_participants_header_folds_only_when_it_does_not_fit(browser, live_server, lang):
    """At 1920 px a participant's whole header is in its one line, as staff's is: following, display,
    plain words, the language and "Take a picture" (a drop-down with the screen's boards), no Menu.
    It folded into the Menu at every width, even 1920 px."""
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    ada = server.join(w, "Ada")
    fac = Member(server, wid, w["token"])
    fac.op("workshop.update", activity="ww_theming")
    context, page = page_for(browser, server, wid, ada["token"], lang, False, width=1920)
    try:
        expect(page.locator("[data-screen=theming]")).to_be_visible(timeout=T)
        header = page.locator(".site-header")
        expect(header.locator(".picture-bar").first).to_be_attached(timeout=T)  # its module has come: the header is whole
        page.evaluate("() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
        assert header.get_attribute("data-fold") is None
        pictures = header.locator(".picture-menu")
        expect(pictures.locator("> summary")).to_be_visible()
        expect(header.locator(".page-menu > summary")).to_be_hidden()
        header_line(page)
        follow = "Dilyn yr hwylusydd" if lang == "cy" else "Follow the facilitator"
        for name in (follow, "English", "Cymraeg"):
            expect(header.get_by_role("button", name=name, exact=False).first).to_be_visible()
        expect(header.locator(".display-toggles button")).to_have_count(2)
        expect(header.locator(".plain-words-toggle:visible")).to_have_count(1)
        pictures.locator("> summary").click()
        takes = pictures.locator("button.take-picture")
        expect(takes).to_have_count(3)
        body = pictures.locator("> .menu-body").bounding_box()
        for i in range(3):
            expect(takes.nth(i)).to_be_visible()
            box = takes.nth(i).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 1920, box
            # inside its drop-down, not spilling out of it
            assert body["x"] <= box["x"] and box["x"] + box["width"] <= body["x"] + body["width"] + 1, (box, body)
            assert box["y"] + box["height"] <= body["y"] + body["height"] + 1, (box, body)
        page.keyboard.press("Escape")
        expect(takes.first).to_be_hidden()
        expect(pictures.locator("> summary")).to_be_focused()
        assert header.get_attribute("data-fold") is None
        assert not page.errors, page.errors
    finally:
        context.close()
        fac.close()
