"""The facilitator's Invite panel shows the join page also as a QR code (issue 10), the projector's
picture (GET join-qr.svg, drawn by segno on the server), with its words beside it for anyone who
cannot scan: the short address and the code. At 1920×1080 (open while nobody has joined) and on a
390×844 phone (in the toolbar's More, once someone has); in Welsh too.

The picture on the page is read back module by module and compared with the QR code of the short
join address carrying this workshop's code.
Set COBOARD_SHOTS to a folder to keep the screenshots.
"""
import base64
import io
import os
import re

import pytest
from playwright.sync_api import expect

from PIL import Image

from ..api.test_join_qr import BORDER, SCALE, expected
from .pages import T, serious_axe_violations
from .test_phone_now_line import phone

pytestmark = pytest.mark.timeout(120)
SHOTS = os.environ.get("COBOARD_SHOTS")
ALT = {"en": "QR code: scan it to open the join page", "cy": "Cod QR: sganiwch ef i agor y dudalen ymuno"}
WORDS = {"en": "Go to {addr} and type the code {code}", "cy": "Ewch i {addr} a theipiwch y cod {code}"}


DRAWN = """e => { const c = document.createElement('canvas'); c.width = e.naturalWidth; c.height = e.naturalHeight;
  const g = c.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, c.width, c.height); g.drawImage(e, 0, 0);
  return c.toDataURL('image/png'); }"""


def modules(png: bytes) -> list[list[bool]]:
    """The dark modules of the QR as the page drew it (SCALE px a module, a BORDER quiet zone), sampled at their centres."""
    img = Image.open(io.BytesIO(png)).convert("L")
    n = img.width // SCALE - 2 * BORDER
    return [[img.getpixel(((BORDER + x) * SCALE + SCALE // 2, (BORDER + y) * SCALE + SCALE // 2)) < 128
             for x in range(n)] for y in range(n)]


def spaced(code):
    half = (len(code) + 1) // 2
    return f"{code[:half]} {code[half:]}" if len(code) > 4 else code


def check_qr(page, server, w, lang):
    """The QR picture is drawn, big enough to scan, encodes the join address, and says it in words."""
    qr = page.get_by_role("img", name=ALT[lang])
    expect(qr).to_be_visible(timeout=T)
    expect(qr).to_have_attribute("src", re.compile("^blob:"), timeout=T)
    expect(qr).to_have_js_property("complete", True)
    assert qr.evaluate("e => e.naturalWidth") > 0
    shown = qr.bounding_box()
    assert shown["width"] >= 150 and shown["height"] >= 150, shown  # scannable from a screen
    assert shown["x"] >= 0 and shown["x"] + shown["width"] <= page.viewport_size["width"], shown
    # Read back as drawn (the page's CSP lets nothing fetch a blob: again): on a canvas at its own size.
    png = qr.evaluate(DRAWN)
    assert modules(base64.b64decode(png.split(",", 1)[1])) == expected(f"{server.base_url}/join#code={w['join_code']}")
    addr = server.base_url.replace("http://", "") + "/join"
    words = page.get_by_test_id("invite-qr-words")
    expect(words).to_have_text(WORDS[lang].format(addr=addr, code=spaced(w["join_code"])))
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_invite_panel_shows_the_join_page_as_a_qr_code_with_its_words(browser, live_server, lang):
    server = live_server
    w = server.create_workshop(title="Day services", facilitator_name="Sam")
    wid = w["workshop_id"]
    # A wide screen while nobody has joined: the invite is out in the open.
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.add_init_script(f"localStorage.setItem('coboard.pref.lang', '{lang}');")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{server.base_url}/w/{wid}#token={w['token']}")
        expect(page.locator(".conn-live")).to_have_count(1, timeout=T)
        expect(page.locator(".invite[open]")).to_be_visible(timeout=T)
        check_qr(page, server, w, lang)
        assert not serious_axe_violations(page)
        if SHOTS:
            page.screenshot(path=os.path.join(SHOTS, f"phone-invite-qr-1920-{lang}.png"))
        assert not errors, errors
    finally:
        context.close()

    # A phone, once someone has joined: Invite people is in the toolbar's More.
    server.join(w, "Ada")
    context, page = phone(browser, server, wid, w["token"], lang, False)
    try:
        page.locator(".toolbar-more > summary").click()
        page.locator(".toolbar-more .invite > summary").click()
        check_qr(page, server, w, lang)
        if SHOTS:
            page.locator(".invite-qr").scroll_into_view_if_needed()
            page.screenshot(path=os.path.join(SHOTS, f"phone-invite-qr-390-{lang}.png"))
        assert not page.errors, page.errors
    finally:
        context.close()
