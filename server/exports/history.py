"""Snapshots of boards: taken when the facilitator moves to the next activity, and on demand.

"Make sure you have photos of all the boards", says the guide: every board is drawn to SVG from
what a participant sees (no one's secret votes, no hidden tallies, no collected answers) and kept
in the snapshot history, which can be browsed and downloaded as one PDF or one ZIP.
"""
import asyncio
import hashlib
import io
import logging
import re
import zipfile
from collections import OrderedDict

from ..clock import new_id, now_iso
from ..domain.errors import Rejected
from ..domain.views import visible
from ..i18n import DEFAULT, N_, gettext
from ..protocol import labels
from ..store.snapshots import Snapshot, SnapshotStore
from ..workers import PICTURE, heavy
from .convert import svg_to_png, svg_to_png_pages, svgs_to_pdf
from .svg import render_board
from .tables import Workshop

# index.csv's header row, said in the workshop's default language (PROTOCOL.md fixes no column names)
INDEX_COLUMNS = (N_("Taken at"), N_("Activity"), N_("Board"), N_("Reason"), N_("File"))

log = logging.getLogger("coboard.snapshots")
_PARTICIPANT = {"id": "", "role": "participant"}  # the view every member may see


def public_records(records) -> list[dict]:
    return [v for r in records if (v := visible(r, _PARTICIPANT)) is not None]


def boards_of(records) -> list[dict]:
    return sorted((r for r in records if r["kind"] == "board"), key=lambda b: b["order"])


def stamp(at: str) -> str:
    """The time a picture shows in its header."""
    return at[:16].replace("T", " ") + " UTC"


def agenda_title(workshop: dict, activity: str | None) -> str | None:
    """What a picture is named after: the agenda item's title when the activity is its key ('welcome' →
    'Welcome', a catalogue msgid each reader's page says in its language), else the activity as it is."""
    agenda = workshop.get("agenda") if isinstance(workshop.get("agenda"), list) else []
    return next((i.get("title") for i in agenda if isinstance(i, dict) and i.get("key") == activity
                 and i.get("title")), activity)


def take(workshop_id: str, records: list[dict], seq: int, reason: str, taken_by: str | None,
         board_ids: list[str] | None = None, activity: str | None = None,
         changed_since: dict[str, Snapshot] | None = None) -> list[Snapshot]:
    """Draw the boards (all, or those named) as they are in `records`; blocking, run it in a thread.

    With `changed_since` (each board's latest snapshot), only boards whose picture would differ from
    their latest one are kept, and a board never pictured only once something is on it.
    """
    shown = public_records(records)
    w = Workshop(shown)
    at = now_iso()
    if activity is None:  # on demand: the agenda item going on now, named as the activity-end pictures are
        workshop = next((r for r in records if r["kind"] == "workshop"), {})
        activity = agenda_title(workshop, workshop.get("activity"))
    shots = []
    for board in boards_of(shown):
        if board_ids is not None and board["id"] not in board_ids:
            continue
        if changed_since is not None and board["id"] not in changed_since and not has_content(w, board):
            continue
        svg = render_board(shown, board["id"], taken_at=stamp(at))
        if changed_since is not None and board["id"] in changed_since and same_picture(changed_since[board["id"]],
                                                                                        svg, at):
            continue
        shots.append(Snapshot(new_id("n"), workshop_id, board["id"], w.picture_title(board), board["type"], activity,
                              reason, seq, at, taken_by, svg))
    return shots


def _boards_then(events: list[dict], shots: list[Snapshot]):
    """(shot, the public records as they were at the shot's seq), in order of seq: the log replayed once."""
    records, pending = {}, iter(events)
    following = next(pending, None)
    for shot in sorted(shots, key=lambda s: s.seq):
        while following is not None and following["seq"] <= shot.seq:
            for r in following["deleted"]:
                records.pop(r["id"], None)
            for r in following["put"]:
                records[r["id"]] = r
            following = next(pending, None)
        yield shot, public_records(records.values())


def said_in(shot: Snapshot, events: list[dict], lang: str) -> str | None:
    """The picture with its own words (headings, labels, counts) in `lang`: drawn again from the (redacted)
    event log as its board was at the picture's seq, so only the words differ; None when it cannot be
    (a picture restored from another workshop's log, or its board not there then): show it as it is.
    Blocking: run it in the heavy-work pool."""
    return all_said_in([shot], events, lang)[shot.id]


def all_said_in(shots: list[Snapshot], events: list[dict], lang: str) -> dict[str, str | None]:
    """said_in for many pictures (a whole history), the log replayed once: {shot id: SVG or None}."""
    out: dict[str, str | None] = {s.id: None for s in shots}
    for shot, shown in _boards_then(events, [s for s in shots if s.reason != "restored"]):
        if any(b["kind"] == "board" and b["id"] == shot.board_id for b in shown):
            out[shot.id] = render_board(shown, shot.board_id, taken_at=stamp(shot.taken_at), lang=lang)
    return out


def redraw(shots: list[Snapshot], events: list[dict], shows) -> list[tuple[Snapshot, Snapshot | None]]:
    """Pictures drawn again from the (redacted) event log as their boards were at each picture's seq:
    (old, new), new None when the picture cannot be drawn again and is to be dropped — its board was not
    there at that moment (a picture restored from another workshop's log), or the new picture still
    `shows` what was erased. Blocking: run it in the heavy-work pool."""
    out = []
    for shot, shown in _boards_then(events, shots):
        board = next((b for b in shown if b["kind"] == "board" and b["id"] == shot.board_id), None)
        if shot.reason == "restored" or board is None:
            out.append((shot, None))
            continue
        svg = render_board(shown, board["id"], taken_at=stamp(shot.taken_at))
        title = Workshop(shown).picture_title(board)
        if shows(svg) or shows(title):
            out.append((shot, None))
            continue
        out.append((shot, Snapshot(**{**shot.as_dict(), "svg": svg, "board_title": title})))
    return out


def has_content(w: Workshop, board: dict) -> bool:
    return bool(w.cards_on(board["id"])) or bool(w.plans_on(board["id"]))


def same_picture(last: Snapshot, svg: str, at: str) -> bool:
    """The new picture shows what the last one showed: equal once each one's own time is left out."""
    return last.svg.replace(stamp(last.taken_at), "") == svg.replace(stamp(at), "")


class Said:
    """Stored pictures drawn again in another language (api/snapshots.py), the newest SIZE kept per process.

    Two things keep an erased name from being answered from here (docs/privacy.md "Erasure"): the key holds a
    digest of the stored SVG, so a picture redrawn after an erasure (its SVG changed) is never answered from an
    older copy; and a workshop's copies are let go (`forget`) when an erasure is stored in it, here or heard from
    another process, when it is deleted, and when its hub leaves this process (after which it would not hear of
    an erasure), so no copy drawn before an erasure outlives it in any process's memory."""
    SIZE = 200

    def __init__(self):
        self.kept: OrderedDict[tuple, str] = OrderedDict()

    @staticmethod
    def key(shot, lang: str) -> tuple:
        return shot.workshop_id, shot.id, lang, hashlib.blake2b(shot.svg.encode("utf-8"), digest_size=12).digest()

    def get(self, key):
        if key in self.kept:
            self.kept.move_to_end(key)
        return self.kept.get(key)

    def put(self, key, svg: str) -> None:
        self.kept[key] = svg
        while len(self.kept) > self.SIZE:
            self.kept.popitem(last=False)

    def forget(self, workshop_id: str) -> None:
        for key in [k for k in self.kept if k[0] == workshop_id]:
            del self.kept[key]


class AutoSnapshots:
    """The hub observer: when `workshop.update` changes the activity, snapshot every board that changed."""

    def __init__(self, store: SnapshotStore):
        self.store = store
        self.pending: set[asyncio.Task] = set()
        self.locks: dict[str, asyncio.Lock] = {}  # one activity's pictures stored before the next compares

    ops = ("workshop.update",)  # the hub calls us only after these, with the records before them

    def __call__(self, hub, op: str, args: dict, event, records: list[dict]) -> None:
        try:
            if op != "workshop.update" or "activity" not in args:
                return
            before = next(r for r in records if r["kind"] == "workshop")
            after = next((r for r in event.put if r["kind"] == "workshop"), None)
            if after is None or after.get("activity") == before.get("activity"):
                return
            ended = agenda_title(before, before.get("activity"))
            task = asyncio.get_running_loop().create_task(
                self._store(hub.workshop_id, records, event.seq, event.by, ended))
            self.pending.add(task)
            task.add_done_callback(self.pending.discard)
        except Exception:  # a snapshot must never break the op it follows
            log.exception("could not start the activity snapshot")

    async def _store(self, workshop_id, records, seq, by, ended) -> None:
        try:
            # only boards that changed since their last picture: breaks and steps that leave a board
            # alone add no copies of it (one run of the agenda made 247 pictures before)
            async with self.locks.setdefault(workshop_id, asyncio.Lock()):
                latest = await self.store.latest_per_board(workshop_id)
                # before the first activity there is none to name (None): each reader's page says
                # "Before the agenda started" in its own language, where an English "Start" was stored
                shots = await heavy(take, workshop_id, records, seq, "activity_end", by, None, ended, latest,
                                    lane=PICTURE)
                await self.store.add(shots)
        except Rejected:  # the server is stopping (workers.stopping): nothing was stored
            log.info("the activity snapshot of %s was not taken: the server is stopping", workshop_id)
        except Exception:
            log.exception("could not store the activity snapshot of %s", workshop_id)

    async def drain(self) -> None:
        if self.pending:
            await asyncio.gather(*self.pending, return_exceptions=True)


def slug(title: str) -> str:
    """A file name's words: "Root causes – Table 2" → "root-causes-table-2"."""
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()


def file_name(shot: Snapshot, ext: str) -> str:
    when = shot.taken_at[:19].replace(":", "").replace("-", "")
    return f"{when}-{slug(shot.board_title) or shot.board_type}-{shot.id}.{ext}"


def board_title_in(shot: Snapshot, lang: str) -> str:
    """A picture's stored board title (Workshop.picture_title in English: "Root causes – Table 2") said in
    `lang`: the default board and table names from the catalogue, a title or table name someone typed as written."""
    default = labels.BOARD_KINDS.get(shot.board_type, (None,))[0]
    title, table = shot.board_title, None
    if default and title.startswith(default + " – "):
        title, table = default, title[len(default) + 3:]
    if default and title == default:
        title = gettext(lang, default)
    if table is not None and (number := re.fullmatch(r"Table (\d+)", table)):
        table = gettext(lang, "Table {n}", n=int(number[1]))
    return title if table is None else f"{title} – {table}"


def history_pdf(shots: list[Snapshot]) -> bytes:
    """One PDF, a page a board snapshot, oldest first."""
    return svgs_to_pdf([s.svg for s in shots])


def history_zip(shots: list[Snapshot], lang: str = DEFAULT) -> bytes:
    """One ZIP: each snapshot as SVG and PNG, and an index; a board too tall to read as one PNG also
    as PNG pages at full size (png/…-page-01.png …, convert.svg_to_png_pages). The index names each
    picture's agenda item as the pictures screen does: a default title (stored in English, a catalogue
    msgid) in `lang` (the asking member's, as its pictures are), a title someone typed as written; so are its
    boards (board_title_in) and its header row."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        lines = [",".join(_csv_cell(gettext(lang, column)) for column in INDEX_COLUMNS)]
        # one picture after the other, in the one thread of the history lane (server/workers.py HISTORY):
        # before, each ZIP drew on two threads of its own, and 8 ZIPs at once took every core
        for s in shots:
            z.writestr(f"svg/{file_name(s, 'svg')}", s.svg)
            z.writestr(f"png/{file_name(s, 'png')}", svg_to_png(s.svg), compress_type=zipfile.ZIP_STORED)
            for n, page in enumerate(svg_to_png_pages(s.svg), 1):
                z.writestr(f"png/{file_name(s, 'png').removesuffix('.png')}-page-{n:02d}.png", page,
                           compress_type=zipfile.ZIP_STORED)
            activity = gettext(lang, s.activity) if s.activity else ""
            lines.append(",".join(_csv_cell(v) for v in (s.taken_at, activity, board_title_in(s, lang), s.reason,
                                                         file_name(s, "svg"))))
        z.writestr("index.csv", "\ufeff" + "\r\n".join(lines) + "\r\n")
    return out.getvalue()


def _csv_cell(value: str) -> str:
    from .tables import safe

    value = str(safe(value))
    return '"' + value.replace('"', '""') + '"'
