"""Board snapshots over HTTP: any board now (SVG, PNG, PDF), and the snapshot history.

A picture's own words (headings, labels, counts: not people's text) are said in the asking member's
language: a board now is drawn in it, and a stored picture drawn in another language (the workshop's
default, when it was taken) is drawn again from the event log in the reader's (history.said_in), kept
a while per process (history.Said) so that a list of thumbnails costs one replay per picture and language. The
whole history as one PDF or ZIP likewise: its pictures and its index in the asking member's language.

Drawing costs, so each person has budgets (PICTURES_PER_MINUTE for a board's PNG or PDF,
HISTORY_FILES_PER_MINUTE for the whole history as one ZIP or PDF, SNAPSHOTS_PER_MINUTE for pictures
kept; app.py makes them, one for all the processes), and the drawing runs in the heavy-work pool's lanes (server/workers.py): a board's picture in
PICTURE, the whole history in HISTORY, so one workshop's big ZIP never delays another's single picture.
The same file of the same workshop asked for again while it is being made is made once (`once`).
"""
import dataclasses
import hashlib
from typing import Literal, Optional

from fastapi import APIRouter, Request
from fastapi.responses import ORJSONResponse, Response
from pydantic import BaseModel, ConfigDict

from ..exports import history
from ..exports.convert import svg_to_pdf, svg_to_png
from ..exports.svg import drawn_in, render_board
from ..exports.tables import Workshop
from ..workers import HISTORY, PICTURE, heavy
from .deps import Member
from .errors import ApiError
from .workshops import PerClientLimit

router = APIRouter(prefix="/api/workshops/{workshop_id}")
Format = Literal["svg", "png", "pdf"]
MEDIA = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}


class TakeSnapshot(BaseModel):
    model_config = ConfigDict(extra="forbid")
    board_id: Optional[str] = None


def _budget(request: Request, name: str) -> PerClientLimit:
    """The server's per-person limit `name` (app.py: the same budget in every process, through Redis)."""
    return request.app.state.limits[name]


def _who(member) -> str:
    """Whose budget: the member's in their workshop (a restored workshop keeps its people's ids)."""
    return f"{member.hub.workshop_id} {member.participant['id']}"


def drawing_allowed(request: Request, member) -> None:
    """PNG and PDF are drawn on demand, and drawing costs: PICTURES_PER_MINUTE per person."""
    limit = _budget(request, "picture")
    if not limit.allow(pid := _who(member)):
        raise ApiError(429, "rate_limited", "Many pictures were just drawn for you. "
                                            "Please wait a few seconds.").waiting(limit.wait(pid))


def history_allowed(request: Request, member) -> None:
    """The whole history as one ZIP or PDF draws every picture: HISTORY_FILES_PER_MINUTE per person."""
    limit = _budget(request, "history")
    if not limit.allow(pid := _who(member)):
        raise ApiError(429, "rate_limited", "All the pictures were just made into one file for you. "
                                            "Please wait half a minute, then try again.").waiting(limit.wait(pid))


def digest(*parts: str) -> str:
    """What a file is made from, in 32 hex digits: the key that tells two requests for the same file."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


async def as_file(svg: str, fmt: str, name: str, workshop_id: str) -> Response:
    if fmt == "svg":
        body = svg.encode("utf-8")
    else:  # the same picture asked for twice at once (a room downloading one board) is drawn once
        body = await heavy(svg_to_png if fmt == "png" else svg_to_pdf, svg, lane=PICTURE,
                           once=(workshop_id, fmt, digest(svg)))
    return Response(body, media_type=MEDIA[fmt], headers={
        "Content-Disposition": f'inline; filename="{name}.{fmt}"', "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})


@router.get("/boards/{board_id}/snapshot.{fmt}")
async def board_now(board_id: str, fmt: Format, member: Member, request: Request):
    """The board as it is now, as the asking member sees it."""
    hub, me = member.hub, member.participant
    if fmt != "svg":
        drawing_allowed(request, member)
    async with hub.lock:
        records = hub.view_of_state(me)
    board = next((r for r in records if r["id"] == board_id and r["kind"] == "board"), None)
    if board is None:
        raise ApiError(404, "not_found", "That board is not in this workshop.")
    svg = await heavy(render_board, records, board_id, None, member.language, lane=PICTURE)
    name = f"board-{history.slug(Workshop(records).picture_title(board)) or board['type']}"
    return await as_file(svg, fmt, name, hub.workshop_id)


@router.post("/snapshots", status_code=201)
async def take_now(member: Member, request: Request, body: TakeSnapshot | None = None):
    """A snapshot on demand (by anyone): one board, or every board when none is named."""
    hub = member.hub
    limit, pid = _on_demand_limit(request), _who(member)
    if not limit.allow(pid):
        raise ApiError(429, "rate_limited", "Snapshots were just taken. "
                                            "Please wait a few seconds and try again.").waiting(limit.wait(pid))
    async with hub.lock:
        records, seq = list(hub.state.records.values()), hub.seq
    ids = None
    if body is not None and body.board_id is not None:
        if not any(r["id"] == body.board_id and r["kind"] == "board" for r in records):
            raise ApiError(404, "not_found", "That board is not in this workshop.", "board_id")
        ids = [body.board_id]
    shots = await heavy(history.take, hub.workshop_id, records, seq, "on_demand", member.participant["id"], ids,
                        lane=PICTURE)
    await request.app.state.snapshots.add(shots)
    return ORJSONResponse({"snapshots": [s.listing() for s in shots]}, status_code=201)


def _on_demand_limit(request: Request) -> PerClientLimit:
    """At most SNAPSHOTS_PER_MINUTE snapshot requests a minute per person: each one is stored."""
    return _budget(request, "snapshot")


@router.get("/snapshots")
async def list_history(member: Member, request: Request):
    shots = await request.app.state.snapshots.list(member.hub.workshop_id)
    return ORJSONResponse({"snapshots": [s.listing() for s in shots]})


@router.get("/snapshots.pdf")
async def history_pdf(member: Member, request: Request):
    history_allowed(request, member)
    shots, key = await _all(member, request, member.language)
    body = await heavy(history.history_pdf, shots, lane=HISTORY, once=(member.hub.workshop_id, "pdf", key))
    return Response(body, media_type="application/pdf",
                    headers={"Content-Disposition": 'attachment; filename="board-snapshots.pdf"'})


@router.get("/snapshots.zip")
async def history_zip(member: Member, request: Request):
    history_allowed(request, member)
    lang = member.language
    shots, key = await _all(member, request, lang)
    body = await heavy(history.history_zip, shots, lang, lane=HISTORY,
                       once=(member.hub.workshop_id, "zip", lang, key))
    return Response(body, media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="board-snapshots.zip"'})


async def _all(member, request, lang: str) -> tuple[list, str]:
    """Every snapshot of the workshop said in `lang`, and the digest of all they hold (an erased name redrawn, or
    another language, is another file)."""
    shots = await request.app.state.snapshots.list(member.hub.workshop_id, with_svg=True)
    if not shots:
        raise ApiError(404, "not_found", "There are no snapshots yet. They are taken when the facilitator moves "
                                         "to the next activity, or when you take one.")
    shots = await all_in_language(request, shots, lang)
    return shots, digest(*(part for s in shots for part in (s.id, s.board_title, s.activity or "", s.reason,
                                                             s.taken_at, s.svg)))


@router.get("/snapshots/{snapshot_id}.{fmt}")
async def one_snapshot(snapshot_id: str, fmt: Format, member: Member, request: Request):
    if fmt != "svg":
        drawing_allowed(request, member)
    shot = await request.app.state.snapshots.get(member.hub.workshop_id, snapshot_id)
    if shot is None:
        raise ApiError(404, "not_found", "That snapshot is not in this workshop.")
    svg = await in_language(request, shot, member.language)
    return await as_file(svg, fmt, history.file_name(shot, fmt).rsplit(".", 1)[0], member.hub.workshop_id)


def _as_stored(shot, lang: str) -> bool:
    return drawn_in(shot.svg) == lang or shot.reason == "restored"


async def in_language(request: Request, shot, lang: str) -> str:
    """The stored picture with its own words in `lang` (as stored when it was drawn in that language)."""
    if _as_stored(shot, lang):
        return shot.svg
    services = request.app.state.services
    key = history.Said.key(shot, lang)
    svg = services.said.get(key)
    if svg is None:
        events = await services.store.event_log(shot.workshop_id)
        svg = await heavy(history.said_in, shot, events, lang, lane=PICTURE) or shot.svg
        services.said.put(key, svg)
    return svg


async def all_in_language(request: Request, shots: list, lang: str) -> list:
    """in_language for a whole history (its PDF or ZIP): the pictures not kept said in `lang` yet drawn again
    with the log read and replayed once, in the history's lane."""
    services = request.app.state.services
    kept = {s.id: s.svg if _as_stored(s, lang) else services.said.get(history.Said.key(s, lang)) for s in shots}
    todo = [s for s in shots if kept[s.id] is None]
    if todo:
        events = await services.store.event_log(todo[0].workshop_id)
        drawn = await heavy(history.all_said_in, todo, events, lang, lane=HISTORY)
        for s in todo:
            kept[s.id] = drawn[s.id] or s.svg
            services.said.put(history.Said.key(s, lang), kept[s.id])
    return [s if kept[s.id] == s.svg else dataclasses.replace(s, svg=kept[s.id]) for s in shots]
