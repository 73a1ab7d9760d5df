"""The projector through Day 2 at 1920×1080, read from the back of the room (issue 10).

Five tables, nine ideas each, 15 of them on the Investment Grid. On every Day 2 stage: no text
smaller than 24 px, nothing outside the screen, nothing cut off (no ellipsis, no clipped line),
no buttons or fields. The vote on ideas ranks each table's ideas within its table (its top 3,
ties as "joint 3rd", labelled with the table) instead of across all tables; the grid shows the
ideas not placed yet as a tray with their count, codes and words. Set COBOARD_SHOTS to a folder
to keep the screenshots (projector-day2-*.png).
"""
import os
import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from .pages import Member, T, patient, serious_axe_violations

pytestmark = pytest.mark.timeout(300)
SHOTS = os.environ.get("COBOARD_SHOTS")
W, H = 1920, 1080
MIN_PX = 24
CONTROLS = "button, input, select, textarea, [role=button], [contenteditable=true]"

THEMES = ["I am lonely at weekends", "I want a say in my support", "I can't get to town when I need to",
          "My reviews feel rushed and nobody reads my plan", "Staff change too often"]
IDEAS = {
    "T": ["A named worker for every person, who stays for at least a year",
          "Reviews booked for an hour, at home, with the person's own agenda first",
          "A booklet of local groups"],
    "C": ["Peer support coffee mornings in the library every Saturday",
          "Befriending by neighbours, matched by the community centre",
          "Time banking: an hour of help given is an hour of help back, for anyone in the town who signs up"],
    "R": ["A community choir", "People who use services sit on the interview panel for every new member of staff",
          "Free bus passes for carers and the people they support, at any time of day or night, on every route"],
}
# Dots each table's nine ideas get (in the order written: T1 T2 T3 C1 C2 C3 R1 R2 R3).
DOTS = [
    [4, 0, 0, 3, 2, 2, 0, 0, 0],  # a tie at the cut-off: two ideas joint 3rd
    [3, 0, 0, 0, 3, 0, 1, 0, 0],  # joint 1st, then 3rd
    [2, 0, 1, 0, 0, 1, 0, 1, 0],  # 1st, then three joint 2nd for two places
    [0, 5, 0, 0, 0, 2, 0, 0, 1],
    [2, 0, 0, 2, 0, 0, 2, 1, 0],  # three joint 1st
]


def shot(page: Page, name: str):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"projector-day2-{name}.png"))


def records(server, w) -> list:
    return server.state(w["workshop_id"], w["token"])["records"]


def deal(dots: dict, per_person=3, per_target=2) -> list[list[str]]:
    """The dots {target: n} shared out among as few voters as the vote's rules allow."""
    voters: list[list[str]] = []
    for target, n in dots.items():
        for _ in range(n):
            v = next((v for v in voters if len(v) < per_person and v.count(target) < per_target), None)
            if v is None:
                v = []
                voters.append(v)
            v.append(target)
    return voters


def day2_workshop(server) -> dict:
    """Day 1 done quickly (five themed tables, root causes, success, IFF themes), then Day 2 up to
    its ideas: what is in place and nine ideas at each table. Over the WebSocket."""
    w = server.create_workshop(title="Day services in Bridgend: what works and what we change together",
                               facilitator_name="Sam", purpose="Better day services together")
    wid = w["workshop_id"]
    fac = Member(server, wid, w["token"])
    boards = {r["type"]: r["id"] for r in fac.welcome["records"] if r["kind"] == "board"}  # no tables yet
    themes = [patient(fac, "card.create", board_id=boards["nww"], type="theme", text=t)["card_id"] for t in THEMES]
    for i, t in enumerate(("I like my day centre", "Staff know me", "My friends are there")):
        patient(fac, "card.create", board_id=boards["ww"], type="theme", text=t)
    for t in ("I want to work", "I want my own home", "I want to learn to cook"):
        theme = patient(fac, "card.create", board_id=boards["iff"], type="theme", text=t)["card_id"]
        patient(fac, "card.create", board_id=boards["iff"], type="data", tag="iff", theme_id=theme, text=f"{t}, said one person")
    patient(fac, "tables.give_themes", theme_ids=themes)
    fac.op("day.begin", day=2)
    recs = records(server, w)
    tables = sorted((r for r in recs if r["kind"] == "room" and r["type"] == "table"), key=lambda r: r["number"])
    tb = {(r["room_id"], r["type"]): r["id"] for r in recs if r["kind"] == "board" and r.get("room_id")}
    ideas = []
    for n, table in enumerate(tables):
        for item in ("Library befriending group", "Carers centre advice line", "Dial-a-ride minibus")[: 1 + n % 3]:
            patient(fac, "card.create", board_id=tb[(table["id"], "in_place")], type="in_place", text=item)
        mine = []
        for hat in "TCR":
            for text in IDEAS[hat]:
                mine.append(patient(fac, "card.create", board_id=tb[(table["id"], "ideas")], type="idea", hat=hat,
                                    text=text)["card_id"])
        ideas.append(mine)
    return {"w": w, "wid": wid, "fac": fac, "tables": tables, "tb": tb, "ideas": ideas, "boards": boards}


def cast(server, d, round_id, dots: dict):
    """Participants join and cast `dots` ({idea: n}), three each, at most two on one idea."""
    for i, mine in enumerate(deal(dots)):
        p = server.join(d["w"], f"Voter {len(d.setdefault('voters', [])) + 1}")
        d["voters"].append(p)
        m = Member(server, d["wid"], p["token"])
        try:
            for target in mine:
                patient(m, "vote.cast", round_id=round_id, target_id=target)
        finally:
            m.close()


# ---- what the room reads ----------------------------------------------------------------

def small_text(page: Page) -> list:
    """Visible text on the stage drawn smaller than MIN_PX (the connection status too)."""
    return page.evaluate("""(min) => {
        const out = [];
        const walk = document.createTreeWalker(document.querySelector('.stage'), NodeFilter.SHOW_TEXT);
        for (let n = walk.nextNode(); n; n = walk.nextNode()) {
          const el = n.parentElement;
          if (!n.textContent.trim() || el.closest('.visually-hidden')) continue;
          const r = el.getBoundingClientRect();
          if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
          const px = parseFloat(getComputedStyle(el).fontSize);
          if (px < min) out.push({text: n.textContent.trim().slice(0, 40), px});
        }
        return out;
      }""", MIN_PX)


def cut_off(page: Page) -> list:
    """Stage text not wholly on screen: outside the viewport, clipped by a box it overflows, or ended with an ellipsis."""
    return page.evaluate("""([w, h]) => {
        const out = [];
        for (const el of document.querySelectorAll('.stage *')) {
          if (el.closest('.visually-hidden')) continue;
          const own = [...el.childNodes].some((c) => c.nodeType === 3 && c.textContent.trim());
          if (!own) continue;
          const r = el.getBoundingClientRect();
          if (!r.width || !r.height) continue;
          const cs = getComputedStyle(el);
          const text = el.textContent.trim().slice(0, 50);
          if (r.left < -0.5 || r.top < -0.5 || r.right > w + 0.5 || r.bottom > h + 0.5) out.push({text, why: 'off screen', r: [r.left, r.top, r.right, r.bottom]});
          else if (cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) out.push({text, why: 'ellipsis'});
          else if (cs.webkitLineClamp && cs.webkitLineClamp !== 'none' && el.scrollHeight > el.clientHeight + 1) out.push({text, why: 'line clamp'});
          else if (cs.overflow !== 'visible' && (el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2)) out.push({text, why: 'overflows its box'});
          else {
            for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
              const ac = getComputedStyle(a);
              if (ac.overflow === 'visible' && ac.overflowY === 'visible' && ac.overflowX === 'visible') continue;
              const b = a.getBoundingClientRect();
              if (r.bottom > b.bottom + 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.left < b.left - 1) {
                out.push({text, why: 'clipped by ' + a.className});
                break;
              }
            }
          }
        }
        return out;
      }""", [W, H])


def readable(page: Page, where: str):
    """Wait until the stage has settled (its lists fitted), then: all text big, nothing cut off, no controls."""
    # The stage fits its lists after each draw (smaller type, fewer items, parts): settled once a pass over
    # the latest draw changed nothing (it marks that draw data-fitted); then nothing overflows.
    page.wait_for_function("""() => { const s = document.querySelector('.stage[data-drawn]');
        return s && s.getAttribute('data-fitted') === s.getAttribute('data-drawn'); }""", timeout=T)
    shot(page, where.replace(" ", "-"))
    small, cut = small_text(page), cut_off(page)
    assert not small, (where, small[:8])
    assert not cut, (where, cut[:8])
    visible = [el.evaluate("e => e.outerHTML.slice(0, 120)") for el in page.locator(CONTROLS).all() if el.is_visible()]
    assert not visible, (where, visible)
    assert page.evaluate("() => document.scrollingElement.scrollHeight <= innerHeight + 1"), (where, "the page scrolls")


def test_projector_day2_is_readable_from_the_back_of_the_room(browser, live_server):
    server = live_server
    d = day2_workshop(server)
    w, wid, fac, tables, tb, ideas = d["w"], d["wid"], d["fac"], d["tables"], d["tb"], d["ideas"]
    link = httpx.post(f"{server.base_url}/api/workshops/{wid}/projector",
                      headers={"Authorization": f"Bearer {w['token']}"}, timeout=10).json()
    context = browser.new_context(viewport={"width": W, "height": H})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    now = page.locator("[data-testid=stage-now]")

    def stage(activity, title, name):
        fac.op("workshop.update", activity=activity)
        expect(now).to_contain_text(title, timeout=T)
        readable(page, name)

    try:
        page.goto(link["url"])
        expect(page.locator(".conn")).to_have_text("Connected", timeout=T)
        stage("welcome_2", "Welcome / opening round", "welcome")
        expect(page.locator("[data-testid=join-code]")).to_be_visible()
        stage("recap", "Recap on Day 1", "recap")
        stage("iff_feedback", "Important for the Future", "iff")
        stage("in_place", "what's in place already?", "in-place")
        expect(page.locator(".stage-table")).to_have_count(5)
        stage("ideas", "generating new ideas", "ideas")
        expect(page.locator(".stage-table")).to_have_count(5)
        expect(page.locator(".stage-table").first).to_contain_text("9 ideas")

        # One table's ideas shown to everyone: three hats, nine ideas, every word on screen.
        fac.op("workshop.update", activity="ideas_feedback")
        fac.op("workshop.show", board_id=tb[(tables[0]["id"], "ideas")])
        expect(page.locator(".stage-one .board-header")).to_contain_text("Table 1", timeout=T)
        expect(page.locator(".stage-one .stage-card")).to_have_count(9)
        readable(page, "ideas shown")
        fac.op("workshop.show", board_id=None)

        # The vote on ideas, open: each table's ideas with their dots so far, within their table.
        fac.op("workshop.update", activity="idea_voting")
        boards = [tb[(t["id"], "ideas")] for t in tables]
        round_id = fac.op("round.open", board_id=boards[0], board_ids=boards)["round_id"]
        expect(page.locator(".stage-vote")).to_contain_text("the vote is open", timeout=T)
        cast(server, d, round_id, {ideas[0][0]: 2, ideas[1][4]: 1})
        per_table = page.locator(".stage-vote-table")
        expect(per_table).to_have_count(5, timeout=T)
        expect(per_table.first.locator("h3")).to_contain_text("Table 1")
        expect(per_table.first.locator(".stage-result").first.locator(".stage-dot-count")).to_have_text("2", timeout=T)
        readable(page, "vote open")
        # Open: each table's ideas, most dots first, with their words and dots, as many as fit at 24 px; the rest
        # counted and named by their codes. Nine ideas of up to 100 characters in a fifth of the width: seven fit.
        for i in range(5):
            drawn = per_table.nth(i).locator(".stage-result").count()
            assert drawn >= 7, (i, drawn)  # 5 before the ideas were drawn as compact rows
            if drawn < 9:
                expect(per_table.nth(i).locator(".stage-more")).to_have_text(re.compile(rf"^and {9 - drawn} more ideas: {i + 1}[TCR](, {i + 1}[TCR])*$"))
            else:
                expect(per_table.nth(i).locator(".stage-more")).to_have_count(0)
        expect(per_table.nth(1).locator(".stage-result").first.locator(".stage-idea-code")).to_have_text("2C")

        # Closed: each table's top 3, ties as "joint", the rest as a count.
        dots = {ideas[t][i]: n for t, row in enumerate(DOTS) for i, n in enumerate(row) if n}
        dots[ideas[0][0]] -= 2
        dots[ideas[1][4]] -= 1
        cast(server, d, round_id, {k: v for k, v in dots.items() if v})
        fac.op("round.close", round_id=round_id)
        expect(page.locator(".stage-vote")).to_contain_text("results", timeout=T)
        expect(per_table).to_have_count(5)
        readable(page, "results")
        places = [[" ".join(p.split()) for p in per_table.nth(i).locator(".stage-place").all_inner_texts()] for i in range(5)]
        assert places == [["1st", "2nd", "joint 3rd", "joint 3rd"], ["joint 1st", "joint 1st", "3rd"],
                          ["1st", "joint 2nd", "joint 2nd", "joint 2nd"], ["1st", "2nd", "3rd"],
                          ["joint 1st", "joint 1st", "joint 1st"]], places
        first = per_table.first
        def row(table, i):
            r = per_table.nth(table).locator(".stage-result").nth(i)
            return [r.locator(s).inner_text().strip() for s in (".stage-idea-code", ".stage-result-text", ".stage-dot-count")]
        assert row(0, 0) == ["1T", IDEAS["T"][0], "4"]
        assert row(0, 1) == ["1C", IDEAS["C"][0], "3"]
        assert row(3, 0) == ["4T", IDEAS["T"][1], "5"]
        assert row(4, 2) == ["5R", IDEAS["R"][0], "2"]
        expect(first.locator(".stage-more")).to_have_text("and 5 more ideas")
        assert not serious_axe_violations(page), "results"

        # The grid: 15 ideas, ten placed and five still in the tray, codes and words.
        chosen = [ideas[0][5], ideas[2][2], ideas[2][5]]
        sent = fac.op("grid.add_top", round_id=round_id, chosen=chosen)["card_ids"]
        assert len(sent) == 15
        spots = [(0.9, 0.1), (0.8, 0.3), (0.7, 0.2), (0.85, 0.7), (0.6, 0.9), (0.3, 0.2), (0.2, 0.8), (0.35, 0.4),
                 (0.1, 0.9), (0.4, 0.6)]
        for card, (impact, effort) in zip(sent, spots):
            patient(fac, "grid.place", card_id=card, impact=impact, effort=effort)
        stage("grid", "Investment Grid", "grid")
        tray = page.locator(".stage-tray")
        expect(tray.locator("h3")).to_have_text("Not placed yet: 5")
        grid = {r["id"]: r for r in records(server, w) if r["kind"] == "card" and r["type"] == "idea" and r.get("source_id")}
        # Every idea is there with its code: as a card with its words, or named in its list's "and n more" line.
        where = {c: ("tray" if c in sent[10:] else f"quad-{grid[c]['quadrant']}") for c in sent}
        for place in set(where.values()):
            box = page.locator(".stage-tray" if place == "tray" else f".stage-quad.{place}")
            cards = box.locator(".stage-card").all_inner_texts()
            more = " ".join(box.locator(".stage-more").all_inner_texts())
            mine = [grid[c] for c in sent if where[c] == place]
            shown = [c for c in mine if f"{c['code']} {c['text']}" in cards]
            assert len(shown) == len(cards) and len(shown) >= 1, (place, cards, mine)
            rest = [c for c in mine if c not in shown]
            assert all(c["code"] in more for c in rest), (place, more, rest)
            assert (f"and {len(rest)} more idea" in more) if rest else not more, (place, more)
        assert not serious_axe_violations(page), "grid"

        # Action plans, then one shown to everyone with the 3-minute timer.
        plan = fac.op("plan.create", board_id=tb[(tables[0]["id"], "action_plan")], idea_id=sent[0])["plan_id"]
        for field, text in (("aim", "Fewer lonely weekends for people who use day services"),
                            ("involve", "Ada leads, with the library and the day centre"),
                            ("next_week", "Ring the library about a room on Saturdays")):
            patient(fac, "plan.update", plan_id=plan, field=field, text=text)
        stage("action_plans", "Action plans", "plans")
        expect(page.locator(".stage-table").first).to_contain_text("Plan started")
        fac.op("workshop.update", activity="plan_feedback")
        fac.op("workshop.show", board_id=tb[(tables[0]["id"], "action_plan")])
        feedback = fac.op("timer.start", seconds=180, label="Table 1 feedback")["timer_id"]
        expect(page.locator(".stage-one .board-header")).to_contain_text("Table 1", timeout=T)
        expect(page.locator(".stage-one")).to_contain_text("Ring the library about a room on Saturdays")
        expect(page.locator(".stage-plan-idea")).to_have_text(f"Idea {grid[sent[0]]['code']}: {grid[sent[0]]['text']}")
        expect(page.locator(".stage-timer")).to_contain_text("Table 1 feedback")
        readable(page, "plan shown")
        # Long answers (250 characters each): smaller, in two columns, never under 24 px, every word on the wall.
        long = "We will ask the library, the day centre and the carers centre to share one list of weekend groups, " \
               "and ring everyone who said they are lonely at weekends to ask what they would like to try first, then " \
               "go with them the first time, and again the week after if they want."
        assert len(long) >= 250
        for field in ("months_3_6", "difference", "engaged", "aim", "involve", "next_week"):
            patient(fac, "plan.update", plan_id=plan, field=field, text=f"{field}: {long}")
        expect(page.locator(".stage-plan dd").nth(2)).to_contain_text("next_week: We will ask", timeout=T)
        readable(page, "plan shown long")
        expect(page.locator("[data-testid=plan-part]")).to_have_count(0)  # one page: no parts
        # Answers of 1,000 characters (the limit) do not fit one page at 24 px: the plan is shown in parts,
        # in turn, the heading says which; every answer whole in one part, all six across the parts.
        limit = 1000
        full = {field: (f"{field}: " + " ".join([long] * 5))[:limit].rstrip() for field in
                ("aim", "involve", "next_week", "months_3_6", "difference", "engaged")}
        fac.op("timer.stop", timer_id=feedback)  # a longer feedback timer: the parts turn many times within it
        fac.op("timer.start", seconds=1800, label="Table 1 feedback")
        page.clock.install()  # time goes on as usual; fast_forward jumps it to the next part
        for field, text in full.items():
            patient(fac, "plan.update", plan_id=plan, field=field, text=text)
        part = page.locator("[data-testid=plan-part]")
        expect(part).to_have_text(re.compile(r"^Part 1 of [2-6]: more follows$"), timeout=T)
        total = int(re.search(r"of (\d)", part.inner_text())[1])
        seen = {}
        for n in range(1, total + 1):
            expect(part).to_have_text(f"Part {n} of {total}" + (": more follows" if n < total else ""), timeout=T)
            readable(page, f"plan shown 1000 part {n}")
            shown = dict(zip(page.locator(".stage-plan dt").all_inner_texts(), page.locator(".stage-plan dd").all_inner_texts()))
            assert shown and not set(shown) & set(seen), (n, list(shown), list(seen))  # each answer in one part only
            seen.update(shown)
            page.clock.fast_forward(60_000)  # a part stays up at most a minute
        expect(part).to_have_text(f"Part 1 of {total}: more follows", timeout=T)  # round again
        assert sorted(" ".join(v.split()) for v in seen.values()) == sorted(" ".join(v.split()) for v in full.values())
        assert len(seen) == 6
        fac.op("workshop.show", board_id=None)
        stage("closing_2", "Next steps", "closing")
        # Connected, the wall says nothing of it; a lost connection is a band the back of the room reads.
        conn = page.locator(".conn")
        expect(conn).to_have_text("Connected")
        expect(conn).to_have_class(re.compile(r"\bvisually-hidden\b"))
        context.set_offline(True)
        expect(conn).to_contain_text("Connection lost. Reconnecting.", timeout=T)
        expect(conn).to_contain_text("What this screen shows may be out of date.")
        expect(conn).not_to_have_class(re.compile(r"\bvisually-hidden\b"))
        readable(page, "connection lost")
        assert conn.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= MIN_PX
        context.set_offline(False)
        expect(conn).to_have_text("Connected", timeout=T)
        expect(conn).to_have_class(re.compile(r"\bvisually-hidden\b"))
        stage("finish_2", "Finish", "finish")
        assert not errors, errors
    finally:
        context.close()
        fac.close()


STAGE_TEXTS = """() => {
  const out = [];
  const walk = document.createTreeWalker(document.querySelector('.stage'), NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) { const s = n.data.trim(); if (s) out.push(s); }
  for (const el of document.querySelectorAll('.stage [aria-label], .stage [alt], .stage [data-ended-label]')) {
    for (const a of ['aria-label', 'alt', 'data-ended-label']) { const v = el.getAttribute(a); if (v && v.trim()) out.push(v.trim()); }
  }
  for (const el of document.querySelectorAll('.stage h2, .stage h3, .stage p, .stage li')) { const s = el.textContent.trim(); if (s) out.push(s); }
  return out;
}"""


def test_projector_day2_in_welsh_has_no_english_left(browser, live_server):
    """The Day 2 stages in Welsh: the tables' counts, the vote on ideas (places, the tie, 'and n more'),
    the grid with its tray: no English message of the catalogue on the wall."""
    from .test_welsh_board import english_patterns
    server = live_server
    d = day2_workshop(server)
    w, wid, fac, tables, tb, ideas = d["w"], d["wid"], d["fac"], d["tables"], d["tb"], d["ideas"]
    link = httpx.post(f"{server.base_url}/api/workshops/{wid}/projector",
                      headers={"Authorization": f"Bearer {w['token']}"}, timeout=10).json()
    context = browser.new_context(viewport={"width": W, "height": H})
    context.add_init_script("localStorage.setItem('coboard.pref.lang', 'cy')")
    page = context.new_page()
    patterns = english_patterns()
    seen = []

    def english_left(where):
        readable(page, f"cy {where}")
        texts = page.evaluate(STAGE_TEXTS)
        seen.extend(texts)
        left = sorted({s for s in texts if any(p.match(s) for p in patterns)})
        assert not left, (where, left)

    try:
        page.goto(link["url"])
        expect(page.locator(".conn")).to_have_text("Wedi cysylltu", timeout=T)
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        for activity, where in (("in_place", "in place"), ("ideas", "ideas")):
            fac.op("workshop.update", activity=activity)
            expect(page.locator(".stage-table")).to_have_count(5, timeout=T)
            english_left(where)
        expect(page.locator(".stage-table").first).to_contain_text("9 o syniadau")
        fac.op("workshop.update", activity="idea_voting")
        boards = [tb[(t["id"], "ideas")] for t in tables]
        round_id = fac.op("round.open", board_id=boards[0], board_ids=boards)["round_id"]
        cast(server, d, round_id, {ideas[t][i]: n for t, row in enumerate(DOTS) for i, n in enumerate(row) if n})
        fac.op("round.close", round_id=round_id)
        expect(page.locator(".stage-vote-tie")).to_be_visible(timeout=T)
        english_left("results")
        expect(page.locator(".stage-vote-table").first.locator(".stage-place").nth(2)).to_have_text("3ydd ar y cyd")
        sent = fac.op("grid.add_top", round_id=round_id, chosen=[ideas[0][5], ideas[2][2], ideas[2][5]])["card_ids"]
        for card, (impact, effort) in zip(sent[:9], [(0.9, 0.1), (0.8, 0.3), (0.7, 0.2), (0.75, 0.15), (0.85, 0.7),
                                                      (0.3, 0.2), (0.2, 0.8), (0.35, 0.4), (0.1, 0.9)]):
            patient(fac, "grid.place", card_id=card, impact=impact, effort=effort)
        fac.op("workshop.update", activity="grid")
        tray = page.locator(".stage-tray h3")
        expect(tray).to_have_text("Heb eu gosod eto: 6", timeout=T)
        english_left("grid")
        assert any(s.startswith(("ac ", "a ")) and "syniad" in s for s in seen), "no Welsh 'and n more ideas' line was drawn"
        # A plan too long for one page, in parts: the part it is on said in Welsh.
        plan = fac.op("plan.create", board_id=tb[(tables[0]["id"], "action_plan")], idea_id=sent[0])["plan_id"]
        words = "Byddwn yn gofyn i’r llyfrgell, y ganolfan ddydd a’r ganolfan gofalwyr rannu un rhestr o grwpiau penwythnos. "
        for field in ("aim", "involve", "next_week", "months_3_6", "difference", "engaged"):
            patient(fac, "plan.update", plan_id=plan, field=field, text=(words * 10)[:1000].strip())
        fac.op("workshop.update", activity="plan_feedback")
        fac.op("workshop.show", board_id=tb[(tables[0]["id"], "action_plan")])
        expect(page.locator("[data-testid=plan-part]")).to_have_text(re.compile(r"^Rhan 1 o \d: mae mwy i ddod$"), timeout=T)
        english_left("plan in parts")
        # A lost connection, said in Welsh.
        context.set_offline(True)
        expect(page.locator(".conn")).to_contain_text("Collwyd y cysylltiad", timeout=T)
        english_left("connection lost")
        context.set_offline(False)
        expect(page.locator(".conn")).to_have_text("Wedi cysylltu", timeout=T)
    finally:
        context.close()
        fac.close()
