"""GET /api/workshops/{wid}/join-qr.svg: the QR code the projector shows, drawn by segno.

The picture is read back module by module (rendered to pixels by cairosvg) and compared with the
QR code of the short join address carrying this workshop's code: a QR of any other text differs.
"""
import io

import cairosvg
import segno
from PIL import Image

from .conftest import assert_error, bearer

SCALE, BORDER = 10, 4  # as server/api/qr.py draws it


def qr_url(workshop):
    return f"/api/workshops/{workshop['workshop_id']}/join-qr.svg"


def modules(svg: bytes) -> list[list[bool]]:
    """The dark modules of a QR drawn at SCALE with a BORDER quiet zone, sampled at module centres."""
    img = Image.open(io.BytesIO(cairosvg.svg2png(bytestring=svg, background_color="white"))).convert("L")
    n = img.width // SCALE - 2 * BORDER
    return [[img.getpixel(((BORDER + x) * SCALE + SCALE // 2, (BORDER + y) * SCALE + SCALE // 2)) < 128
             for x in range(n)] for y in range(n)]


def expected(text: str) -> list[list[bool]]:
    return [[bool(v) for v in row] for row in segno.make(text, error="m", micro=False).matrix]


def test_the_facilitator_gets_an_svg_qr_of_the_short_join_address_with_the_code(http, server, workshop):
    r = http.get(qr_url(workshop), headers=bearer(workshop["token"]))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("image/svg+xml")
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.content.lstrip().startswith(b"<svg")
    seen = modules(r.content)
    assert seen == expected(f"{server.base_url}/join#code={workshop['join_code']}")
    assert seen != expected(f"{server.base_url}/join#code=XXXXXX")


def test_the_projector_gets_it_too(http, workshop):
    link = http.post(f"/api/workshops/{workshop['workshop_id']}/projector", headers=bearer(workshop["token"])).json()
    r = http.get(qr_url(workshop), headers=bearer(link["token"]))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("image/svg+xml")


def test_a_participant_may_not_fetch_the_join_code_as_a_picture(http, server, workshop):
    ada = server.join(workshop, "Ada")
    assert_error(http.get(qr_url(workshop), headers=bearer(ada["token"])), 403, "forbidden")


def test_without_a_sign_in_there_is_no_qr(http, workshop):
    assert_error(http.get(qr_url(workshop)), 401, "unauthorized")


def test_another_workshops_token_is_refused(http, server, workshop):
    other = server.create_workshop("Another", "Kim")
    assert_error(http.get(qr_url(workshop), headers=bearer(other["token"])), 403, "forbidden")


def test_join_info_gives_the_projector_the_code_and_the_short_address(http, server, workshop):
    link = http.post(f"/api/workshops/{workshop['workshop_id']}/projector", headers=bearer(workshop["token"])).json()
    r = http.get(f"/api/workshops/{workshop['workshop_id']}/join-info", headers=bearer(link["token"]))
    assert r.status_code == 200, r.text
    assert r.json() == {"join_code": workshop["join_code"], "short_url": f"{server.base_url}/join",
                        "url": f"{server.base_url}/join#code={workshop['join_code']}"}
    assert r.headers["cache-control"] == "no-store"
    ada = server.join(workshop, "Ada")
    assert_error(http.get(f"/api/workshops/{workshop['workshop_id']}/join-info", headers=bearer(ada["token"])),
                 403, "forbidden")


def test_the_qr_codes_title_is_in_the_language_of_the_page_that_shows_it(http, workshop):
    """The SVG's <title> (what a screen reader or a hover says of the picture) follows the reader's language:
    a Welsh projector page of an English workshop gets it in Welsh, an English page in English."""
    from server.i18n import PAGE_LANGUAGE, gettext

    english = "Scan to join the workshop"
    welsh = gettext("cy", english)
    assert welsh != english
    link = http.post(f"/api/workshops/{workshop['workshop_id']}/projector", headers=bearer(workshop["token"])).json()
    for lang, said in (("cy", welsh), ("en", english)):
        r = http.get(qr_url(workshop), headers={**bearer(link["token"]), PAGE_LANGUAGE: lang})
        assert r.status_code == 200, r.text
        assert f"<title>{said}</title>".encode() in r.content.replace("&#8217;".encode(), "’".encode()), r.content[:300]
    r = http.get(qr_url(workshop), headers=bearer(link["token"]), cookies={"coboard_lang": "cy"})
    assert f"<title>{welsh}</title>".encode() in r.content.replace("&#8217;".encode(), "’".encode())
