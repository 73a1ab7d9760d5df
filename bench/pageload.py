"""A participant's first load on a phone: JavaScript over the wire, modules, time until the board is usable.

Not a test: it prints figures. Debian's Chromium (never a downloaded browser) through Playwright,
with the Chrome DevTools Protocol for what a test cannot see: 4× CPU throttling (a mid-range
phone), a 390×844 touch viewport, and the bytes each response took on the wire.

    .venv/bin/python bench/pageload.py                    # the work tree, 5 cold loads
    .venv/bin/python bench/pageload.py --snapshot main    # Coboard as committed at a revision
    .venv/bin/python bench/pageload.py --compare 981c065  # the work tree and a revision, loads alternating
    .venv/bin/python bench/pageload.py --runs 9 --throttle 6 --network 4g
    .venv/bin/python bench/pageload.py --activity ww_theming   # joining mid-theming (also: voting, root_causes)

One run: `coboard serve` on a fresh SQLite file, a workshop with the demo's sample answers
imported (cards on the boards, as in a real room), one participant joined by the API; then, per
load, a fresh browser context (empty cache) opens the participant's board link. "Usable" is the
moment the page shows it is connected with the board drawn (`.conn` reads "Connected", as every
browser test waits for) — from navigation start, measured inside the page. Aims: JS over the
wire ≤ 60 KB and usable ≤ 1 s (medians).
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import targets  # noqa: E402  (bench/targets.py: servers as subprocesses, git snapshots)

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]
PHONE = {"width": 390, "height": 844}
AIM_JS_KB, AIM_USABLE_MS = 60, 1000

# Network conditions for Network.emulateNetworkConditions (throughput in bytes/s, latency in ms).
NETWORKS = {
    "none": None,
    "4g": {"offline": False, "latency": 40, "downloadThroughput": 9 * 1024 * 1024 / 8,
           "uploadThroughput": 3 * 1024 * 1024 / 8},
    "3g": {"offline": False, "latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8,
           "uploadThroughput": 750 * 1024 / 8},
}

# Records, inside the page, the first moment the participant's board is usable. With --activity, once its
# screen is drawn with its board: not while it says "Loading…" (a screen whose module has not come yet).
USABLE_PROBE = """
(() => {
  const usable = () => {
    const conn = document.querySelector('.conn');
    const screen = document.querySelector('[data-screen]');
    return conn && /^\\s*Connected\\s*$/.test(conn.textContent) && document.querySelector('#main:not(:empty)')
      && (!window.__wantScreen || (screen && !screen.querySelector('.loading')));
  };
  const check = () => {
    if (window.__usableAt === undefined && usable()) window.__usableAt = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
})();
"""


def seed(base: str, activity: str | None = None) -> tuple[str, str]:
    """A workshop with the demo's answers on its boards and a participant, on `activity` if given (a vote has
    its round open, a table's work its themes); (workshop_id, participant token)."""
    from server.demo.seed import sample_answers_csv

    with httpx.Client(base_url=base, timeout=60) as http:
        w = http.post("/api/workshops", json={"title": "Page weight", "facilitator_name": "Sam"}).json()
        staff = {"Authorization": f"Bearer {w['token']}"}
        r = http.post(f"/api/workshops/{w['workshop_id']}/responses", headers=staff,
                      files={"file": ("responses.csv", sample_answers_csv().encode(), "text/csv")})
        r.raise_for_status()
        joined = http.post(f"/api/workshops/{w['workshop_id']}/join",
                           json={"join_code": w["join_code"], "name": "Ada"}).json()
        if activity:
            op(http, w, "room.assign", participant_id=joined["participant_id"], room_id=op(http, w, "room.create", type="table")["room_id"])
            if activity in ("voting", "root_causes", "success"):
                state = http.get(f"/api/workshops/{w['workshop_id']}/state", headers=staff).json()
                nww = next(r["id"] for r in state["records"] if r["kind"] == "board" and r["type"] == "nww")
                round_id = op(http, w, "round.open", board_id=nww)["round_id"]
                if activity != "voting":
                    op(http, w, "round.close", round_id=round_id)
                    op(http, w, "tables.give_themes", round_id=round_id, count=1)
            op(http, w, "workshop.update", activity=activity)
    return w["workshop_id"], joined["token"]


def op(http, w: dict, name: str, **args) -> dict:
    """One op of the facilitator's over HTTP (PROTOCOL.md, "Where WebSockets are blocked"); its result."""
    r = http.post(f"/api/workshops/{w['workshop_id']}/ops", headers={"Authorization": f"Bearer {w['token']}"},
                  json={"op": name, "id": f"bench-{name}", "args": args})
    r.raise_for_status()
    assert r.json()["t"] == "ack", r.json()
    return r.json().get("result") or {}


def one_load(browser, url: str, throttle: float, network: dict | None, activity: str | None = None) -> dict:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    try:
        page = context.new_page()
        page.add_init_script(("window.__wantScreen = true;" if activity else "") + USABLE_PROBE)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        if network:
            cdp.send("Network.emulateNetworkConditions", network)
        kinds: dict[str, tuple[str, str]] = {}
        wire: dict[str, int] = {}
        headers: dict[str, int] = {}  # bytes of each response's headers (encodedDataLength when they arrived)

        def received(e):
            kinds[e["requestId"]] = (e["type"], e["response"]["url"])
            headers[e["requestId"]] = int(e["response"].get("encodedDataLength") or 0)
        cdp.on("Network.responseReceived", received)
        cdp.on("Network.loadingFinished",
               lambda e: wire.__setitem__(e["requestId"], int(e["encodedDataLength"])))
        page.goto(url, wait_until="load")
        page.wait_for_function("() => window.__usableAt !== undefined", timeout=60000)
        usable = page.evaluate("() => window.__usableAt")
        timing = page.evaluate("""(() => { const n = performance.getEntriesByType('navigation')[0];
            return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd }; })()""")
        page.wait_for_timeout(300)  # late module requests (dynamic imports) still count
        scripts = {rid: url for rid, (kind, url) in kinds.items() if kind == "Script"}
        js_wire = sum(wire.get(rid, 0) for rid in scripts)
        js_bodies = sum(max(0, wire.get(rid, 0) - headers.get(rid, 0)) for rid in scripts)
        per_module = {url.split("/web/", 1)[-1]: [wire.get(rid, 0), min(headers.get(rid, 0), wire.get(rid, 0))]
                      for rid, url in scripts.items()}  # path → [bytes on the wire, of which headers]
        return {"usable_ms": usable, "dcl_ms": timing["dcl"], "load_ms": timing["load"], "modules": len(scripts),
                "js_wire_bytes": js_wire, "js_body_bytes": js_bodies, "all_wire_bytes": sum(wire.values()),
                "module_paths": sorted(per_module), "per_module": per_module}
    finally:
        context.close()


def start(tmp: Path, snapshot: str | None, activity: str | None = None) -> tuple[str, str]:
    """A server for the work tree (or a snapshot of REV) with its seeded workshop: (label, participant's link)."""
    targets._COBOARD_SRC[0] = targets.export_snapshot(snapshot, tmp / f"src-{snapshot}") if snapshot else None
    port = targets.free_port()
    targets.start_coboard(port, "none", tmp, tmp, name=f"coboard-{snapshot or 'tree'}")
    base = f"http://127.0.0.1:{port}"
    wid, token = seed(base, activity)
    return snapshot or "work tree", f"{base}/w/{wid}#token={token}"


def summary(label: str, loads: list[dict], args) -> dict:
    def med(key):
        return statistics.median(x[key] for x in loads)

    js_kb, usable = med("js_wire_bytes") / 1000, med("usable_ms")
    each = ", ".join(f"{x['usable_ms']:.0f}" for x in loads)
    print(f"\n{label}: median of {len(loads)} cold loads")
    print(f"  JS over the wire   {js_kb:8.1f} KB   (aim ≤ {AIM_JS_KB} KB)  {'ok' if js_kb <= AIM_JS_KB else 'OVER'}")
    heads = med("js_wire_bytes") - med("js_body_bytes")
    print(f"  of which bodies    {med('js_body_bytes') / 1000:8.1f} KB")
    print(f"  of which headers   {heads / 1000:8.1f} KB   ({heads / max(1, med('modules')):.0f} B a response: HTTP/1.1 "
          f"sends them whole each time)")
    print(f"  JS modules         {med('modules'):8.0f}")
    print(f"  everything on wire {med('all_wire_bytes') / 1000:8.1f} KB")
    print(f"  DOMContentLoaded   {med('dcl_ms'):8.0f} ms")
    print(f"  usable             {usable:8.0f} ms   (aim ≤ {AIM_USABLE_MS} ms)  {'ok' if usable <= AIM_USABLE_MS else 'OVER'}")
    print(f"  usable, each load  {each} ms")
    if args.modules:
        last = loads[-1]["per_module"]
        print("  modules of the last load, largest first (bytes on the wire = headers + body):")
        for path, (on_wire, head) in sorted(last.items(), key=lambda kv: -kv[1][0]):
            print(f"    {path:32} {on_wire:7} = {head:4} + {on_wire - head:6}")
    return {"js_kb": js_kb, "usable_ms": usable, "modules": med("modules"), "loads": loads}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--snapshot", metavar="REV", help="run Coboard as committed at REV (git archive), not the work tree")
    ap.add_argument("--compare", metavar="REV", help="also load REV, alternating with the other, and print the ratios "
                                                      "(the machine's load then weighs on both alike)")
    ap.add_argument("--runs", type=int, default=5, help="cold loads to take the median of (default 5)")
    ap.add_argument("--throttle", type=float, default=4.0, help="CPU slow-down factor (default 4)")
    ap.add_argument("--network", choices=sorted(NETWORKS), default="none",
                    help="network emulation (default none: the bytes are counted, the wire is the loopback)")
    ap.add_argument("--modules", action="store_true", help="list the modules of the last load with their bytes")
    ap.add_argument("--activity", metavar="KEY", help="the workshop is on this agenda item (ww_theming, voting, "
                                                      "root_causes…): usable once its board is drawn")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="coboard-pageload-") as tmp:
        tmp = Path(tmp)
        try:
            sites = [start(tmp, args.snapshot, args.activity)] + ([start(tmp, args.compare, args.activity)] if args.compare else [])
            loads: dict[str, list[dict]] = {label: [] for label, _ in sites}
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
                for _, url in sites:
                    one_load(browser, url, args.throttle, NETWORKS[args.network], args.activity)  # warm the servers, not the browser
                for i in range(args.runs):
                    # Each goes first every other time: on a busy machine the first load of a pair was ~15 %
                    # slower, whichever revision it was (a --snapshot A --compare B run against B/A).
                    for label, url in (sites if i % 2 == 0 else sites[::-1]):
                        loads[label].append(one_load(browser, url, args.throttle, NETWORKS[args.network], args.activity))
                browser.close()
        finally:
            targets._cleanup()

    print(f"\nA participant's first load{f' on {args.activity}' if args.activity else ''}; phone {PHONE['width']}×{PHONE['height']}, CPU ÷{args.throttle:g}, "
          f"network {args.network}")
    figures = {label: summary(label, runs, args) for label, runs in loads.items()}
    if args.compare:
        (a, fa), (b, fb) = figures.items()
        print(f"\n{a} / {b}: JS bytes ×{fa['js_kb'] / fb['js_kb']:.2f}, modules {fa['modules']:.0f} vs "
              f"{fb['modules']:.0f}, usable ×{fa['usable_ms'] / fb['usable_ms']:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"throttle": args.throttle, "network": args.network,
                                               "figures": figures, "at": time.time()}, indent=1))


if __name__ == "__main__":
    main()
