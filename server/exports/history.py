"""Snapshots of boards: taken when the facilitator moves to the next activity, and on demand.

"Make sure you have photos of all the boards", says the guide: every board is drawn to SVG from
what a participant sees (no one's secret votes, no hidden tallies, no collected answers) and kept
in the snapshot history, which can be browsed and downloaded as one PDF or one ZIP.
"""
import asyncio
import io
import logging
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor

from ..clock import new_id, now_iso
from ..domain.views import visible
from ..store.snapshots import Snapshot, SnapshotStore
from .convert import svg_to_png, svgs_to_pdf
from .svg import render_board

log = logging.getLogger("coboard.snapshots")
_PARTICIPANT = {"id": "", "role": "participant"}  # the view every member may see


def public_records(records) -> list[dict]:
    return [v for r in records if (v := visible(r, _PARTICIPANT)) is not None]


def boards_of(records) -> list[dict]:
    return sorted((r for r in records if r["kind"] == "board"), key=lambda b: b["order"])


def take(workshop_id: str, records: list[dict], seq: int, reason: str, taken_by: str | None,
         board_ids: list[str] | None = None, activity: str | None = None) -> list[Snapshot]:
    """Draw the boards (all, or those named) as they are in `records`; blocking, run it in a thread."""
    shown = public_records(records)
    at = now_iso()
    if activity is None:
        activity = next((r.get("activity") for r in records if r["kind"] == "workshop"), None)
    shots = []
    for board in boards_of(shown):
        if board_ids is not None and board["id"] not in board_ids:
            continue
        svg = render_board(shown, board["id"], taken_at=at[:16].replace("T", " ") + " UTC")
        shots.append(Snapshot(new_id("n"), workshop_id, board["id"], board["title"], board["type"], activity,
                              reason, seq, at, taken_by, svg))
    return shots


class AutoSnapshots:
    """The hub observer: when `workshop.update` changes the activity, snapshot every board."""

    def __init__(self, store: SnapshotStore):
        self.store = store
        self.pending: set[asyncio.Task] = set()

    ops = ("workshop.update",)  # the hub calls us only after these, with the records before them

    def __call__(self, hub, op: str, args: dict, event, records: list[dict]) -> None:
        try:
            if op != "workshop.update" or "activity" not in args:
                return
            before = next(r for r in records if r["kind"] == "workshop")
            after = next((r for r in event.put if r["kind"] == "workshop"), None)
            if after is None or after.get("activity") == before.get("activity"):
                return
            ended = before.get("activity")
            agenda = before.get("agenda") if isinstance(before.get("agenda"), list) else []
            ended = next((i.get("title") for i in agenda if isinstance(i, dict) and i.get("key") == ended
                          and i.get("title")), ended)  # the agenda item's title, when the activity is its key
            task = asyncio.get_running_loop().create_task(
                self._store(hub.workshop_id, records, event.seq, event.by, ended))
            self.pending.add(task)
            task.add_done_callback(self.pending.discard)
        except Exception:  # a snapshot must never break the op it follows
            log.exception("could not start the activity snapshot")

    async def _store(self, workshop_id, records, seq, by, ended) -> None:
        try:
            shots = await asyncio.to_thread(take, workshop_id, records, seq, "activity_end", by, None,
                                            ended or "Start")
            await self.store.add(shots)
        except Exception:
            log.exception("could not store the activity snapshot of %s", workshop_id)

    async def drain(self) -> None:
        if self.pending:
            await asyncio.gather(*self.pending, return_exceptions=True)


def file_name(shot: Snapshot, ext: str) -> str:
    stamp = shot.taken_at[:19].replace(":", "").replace("-", "")
    title = re.sub(r"[^A-Za-z0-9]+", "-", shot.board_title).strip("-").lower() or shot.board_type
    return f"{stamp}-{title}-{shot.id}.{ext}"


def history_pdf(shots: list[Snapshot]) -> bytes:
    """One PDF, a page a board snapshot, oldest first."""
    return svgs_to_pdf([s.svg for s in shots])


def history_zip(shots: list[Snapshot]) -> bytes:
    """One ZIP: each snapshot as SVG and PNG, and an index."""
    with ThreadPoolExecutor(max_workers=4) as pool:  # cairo draws and compresses outside the GIL
        pngs = list(pool.map(svg_to_png, [s.svg for s in shots]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        lines = ["taken_at,activity,board,reason,file"]
        for s, png in zip(shots, pngs):
            z.writestr(f"svg/{file_name(s, 'svg')}", s.svg)
            z.writestr(f"png/{file_name(s, 'png')}", png, compress_type=zipfile.ZIP_STORED)
            lines.append(",".join(_csv_cell(v) for v in (s.taken_at, s.activity or "", s.board_title, s.reason,
                                                         file_name(s, "svg"))))
        z.writestr("index.csv", "\ufeff" + "\r\n".join(lines) + "\r\n")
    return out.getvalue()


def _csv_cell(value: str) -> str:
    from .tables import safe

    value = str(safe(value))
    return '"' + value.replace('"', '""') + '"'
