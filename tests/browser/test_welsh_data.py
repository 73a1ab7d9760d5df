"""The staff's data screens in Welsh (issue 13): a facilitator who chose Cymraeg imports a spreadsheet
(its preview, a column mapped by hand), cleans the answers (the amendment key, an answer too long
for a card, the amendment form with a split) and opens the reports and downloads, and reads no
English message of the catalogue on any of them; <html lang="cy"> and axe-core finds no serious
problem. The answers, headings and file names are Welsh too, so only the interface is checked.
"""
import os
import re

import httpx
import pytest
from playwright.sync_api import expect

from .pages import T, open_screen, serious_axe_violations
from .test_welsh_board import TEXTS, english_patterns

pytestmark = pytest.mark.timeout(150)

HIR = ("Dydw i ddim wedi cysgu noson gyfan ers tair blynedd am fod fy ngŵr yn crwydro yn y nos, ac mae ofn arna i y bydd "
       "yn mynd allan drwy’r drws ffrynt tra fy mod i’n cysgu, a does neb yn meddwl ei fod yn fater brys")


def csv_bytes(rows) -> bytes:
    return "\n".join(";".join(r) for r in rows).encode("utf-8")


# Imported first through the API: what the cleaning screen lists (one answer too long for a card).
FIRST = csv_bytes([["ww", "nww", "iff"],
                   ["Mae fy ngweithiwr cymorth yn fy helpu", HIR, "Rwy eisiau mynd allan ddwywaith yr wythnos"],
                   ["Bore coffi dydd Mercher", "Does neb yn ffonio pan fydd y gofalwr yn hwyr", "Rwy eisiau’r un gofalwyr"],
                   ["Fy allwedd drws ffrynt fy hun", "", "Rwy eisiau swydd go iawn"]])
# Chosen in the page: the third column's heading is not recognised, so it is mapped by hand.
SECOND = csv_bytes([["ww", "nww", "Dyfodol?"],
                    ["Cymdogion da", "Nosweithiau unig", "Rwy eisiau dysgu nofio"],
                    ["Fy nghi", "", "Rwy eisiau gweld fy wyres"]])


def english_left(page) -> list[str]:
    patterns = english_patterns()
    return sorted({s for s in page.evaluate(TEXTS) if any(p.match(s) for p in patterns)})


def check_screen(page, name):
    left = english_left(page)
    assert not left, f"English messages on the Welsh {name} screen: {left}"
    bad = serious_axe_violations(page)
    assert not bad, [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
    if os.environ.get("COBOARD_SHOTS"):
        page.screenshot(path=os.path.join(os.environ["COBOARD_SHOTS"], f"cydata-{name}-cy-1920.png"))
        page.screenshot(path=os.path.join(os.environ["COBOARD_SHOTS"], f"cydata-{name}-cy-1920-full.png"), full_page=True)


def test_the_data_screens_in_welsh_have_no_english_left(browser, live_server, tmp_path):
    w = live_server.create_workshop(title="Gwasanaethau dydd", facilitator_name="Sam")
    wid = w["workshop_id"]
    r = httpx.post(f"{live_server.base_url}/api/workshops/{wid}/responses?publish=false", headers={"Authorization": f"Bearer {w['token']}"},
                   files={"file": ("atebion-cyntaf.csv", FIRST, "text/csv")}, timeout=30)
    assert r.status_code == 200, r.text
    sheet = tmp_path / "cyfweliadau.csv"
    sheet.write_bytes(SECOND)

    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    context.add_init_script("localStorage.setItem('coboard.pref.lang', 'cy')")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{live_server.base_url}/w/{wid}#token={w['token']}")
        expect(page.locator(".conn")).to_have_text("Wedi cysylltu", timeout=T)
        expect(page.locator("html")).to_have_attribute("lang", "cy")

        # import: the preview of a file with a column nobody recognised, mapped by hand
        open_screen(page, "Mewnforio atebion")
        expect(page.get_by_role("heading", name="Mewnforio atebion pobl")).to_be_visible(timeout=T)
        page.get_by_label("Dewiswch y daenlen o atebion (CSV neu Excel .xlsx)").set_input_files(str(sheet))
        preview = page.locator("section.preview")
        expect(preview.get_by_role("heading", name="Beth ddaethon ni o hyd iddo yn cyfweliadau.csv")).to_be_visible(timeout=T)
        expect(page.get_by_role("button", name="Mewnforio 3 ateb")).to_be_visible(timeout=T)
        preview.get_by_label(re.compile("^Colofn 3: Dyfodol")).select_option("iff")
        expect(page.get_by_role("button", name="Mewnforio 5 o atebion")).to_be_visible(timeout=T)  # 5: "o" + plural
        expect(page.locator(".data-done summary")).to_have_text("Mewnforiwyd hyd yma: 1 ffeil")
        check_screen(page, "import")

        # cleaning: the key, the summary, an answer too long for a card, the amendment form with a split
        open_screen(page, re.compile(r"^Glanhau atebion"))
        expect(page.get_by_role("heading", name="Glanhau’r atebion")).to_be_visible(timeout=T)
        summary = page.locator(".summary")
        expect(summary).to_contain_text("8 o atebion: 8 yn aros (7 yn barod i’w hanfon)")
        expect(summary).to_contain_text("Mae angen newid 1 ateb cyn iddo allu mynd ar gerdyn.")
        expect(page.get_by_role("button", name="Anfon 7 o atebion i’r byrddau")).to_be_visible()
        long_item = page.locator("li.answer", has_text=HIR[:40])
        expect(long_item.locator(".flags")).to_contain_text("Rhy hir i gerdyn")
        long_item.get_by_role("button", name=re.compile("^Diwygio")).click()
        long_item.get_by_label("Cod o allwedd diwygio’r data").select_option("c")
        expect(long_item.locator("legend")).to_have_text("Y rhannau (daw pob un yn gerdyn ar wahân)")
        expect(long_item.get_by_label("Rhan 1")).to_be_visible()
        check_screen(page, "cleaning")

        # the reports and downloads
        open_screen(page, "Adroddiadau a lawrlwythiadau")
        expect(page.get_by_role("heading", name="Yr adroddiad")).to_be_visible(timeout=T)
        expect(page.get_by_role("button", name="Taenlen (XLSX, dalen i bob rhan)")).to_be_visible()
        check_screen(page, "exports")
        assert not errors, errors
    finally:
        context.close()
