"""Board snapshots over HTTP: any board now (SVG, PNG, PDF), and the snapshot history.

A picture's own words (headings, labels, counts: not people's text) are said in the asking member's
language: a board now is drawn in it, and a stored picture drawn in another language (the workshop's
default, when it was taken) is drawn again from the event log in the reader's (history.said_in), kept
a while per process (Said) so that a list of thumbnails costs one replay per picture and language.
"""
import hashlib
from collections import OrderedDict
from typing import Literal, Optional

from fastapi import APIRouter, Request
from fastapi.responses import ORJSONResponse, Response
from pydantic import BaseModel, ConfigDict

from ..exports import history
from ..exports.convert import svg_to_pdf, svg_to_png
from ..exports.svg import drawn_in, render_board
from ..exports.tables import Workshop
from ..i18n import language_of
from ..protocol.limits import PICTURES_PER_MINUTE, SNAPSHOTS_PER_MINUTE
from ..workers import heavy
from .deps import Member
from .errors import ApiError
from .workshops import PerClientLimit

router = APIRouter(prefix="/api/workshops/{workshop_id}")
Format = Literal["svg", "png", "pdf"]
ON_DEMAND_PER_MINUTE = SNAPSHOTS_PER_MINUTE
MEDIA = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}


class TakeSnapshot(BaseModel):
    model_config = ConfigDict(extra="forbid")
    board_id: Optional[str] = None


def drawing_allowed(request: Request, member) -> None:
    """PNG and PDF are drawn on demand, and drawing costs: PICTURES_PER_MINUTE per person."""
    state = request.app.state
    if not hasattr(state, "picture_limit"):
        state.picture_limit = PerClientLimit(PICTURES_PER_MINUTE, clock=lambda: state.clock())
    if not state.picture_limit.allow(pid := member.participant["id"]):
        raise ApiError(429, "rate_limited", "Many pictures were just drawn for you. "
                                            "Please wait a few seconds.").waiting(state.picture_limit.wait(pid))


async def as_file(svg: str, fmt: str, name: str) -> Response:
    if fmt == "svg":
        body = svg.encode("utf-8")
    else:
        body = await heavy(svg_to_png if fmt == "png" else svg_to_pdf, svg)
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
    svg = await heavy(render_board, records, board_id, None, member.language)
    return await as_file(svg, fmt, f"board-{history.slug(Workshop(records).picture_title(board)) or board['type']}")


@router.post("/snapshots", status_code=201)
async def take_now(member: Member, request: Request, body: TakeSnapshot | None = None):
    """A snapshot on demand (by anyone): one board, or every board when none is named."""
    hub = member.hub
    limit, pid = _on_demand_limit(request), member.participant["id"]
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
    shots = await heavy(history.take, hub.workshop_id, records, seq, "on_demand",
                                    member.participant["id"], ids)
    await request.app.state.snapshots.add(shots)
    return ORJSONResponse({"snapshots": [s.listing() for s in shots]}, status_code=201)


def _on_demand_limit(request: Request) -> PerClientLimit:
    """At most ON_DEMAND_PER_MINUTE snapshot requests a minute per person: each one is stored."""
    state = request.app.state
    if not hasattr(state, "snapshot_limit"):
        state.snapshot_limit = PerClientLimit(ON_DEMAND_PER_MINUTE, clock=lambda: state.clock())
    return state.snapshot_limit


@router.get("/snapshots")
async def list_history(member: Member, request: Request):
    shots = await request.app.state.snapshots.list(member.hub.workshop_id)
    return ORJSONResponse({"snapshots": [s.listing() for s in shots]})


@router.get("/snapshots.pdf")
async def history_pdf(member: Member, request: Request):
    shots = await _all(member, request)
    body = await heavy(history.history_pdf, shots)
    return Response(body, media_type="application/pdf",
                    headers={"Content-Disposition": 'attachment; filename="board-snapshots.pdf"'})


@router.get("/snapshots.zip")
async def history_zip(member: Member, request: Request):
    shots = await _all(member, request)
    lang = language_of(member.hub.state.workshop().get("language"))  # a shared file: the workshop's default language
    body = await heavy(history.history_zip, shots, lang)
    return Response(body, media_type="application/zip",
                    headers={"Content-Disposition": 'attachment; filename="board-snapshots.zip"'})


async def _all(member, request) -> list:
    shots = await request.app.state.snapshots.list(member.hub.workshop_id, with_svg=True)
    if not shots:
        raise ApiError(404, "not_found", "There are no snapshots yet. They are taken when the facilitator moves "
                                         "to the next activity, or when you take one.")
    return shots


@router.get("/snapshots/{snapshot_id}.{fmt}")
async def one_snapshot(snapshot_id: str, fmt: Format, member: Member, request: Request):
    if fmt != "svg":
        drawing_allowed(request, member)
    shot = await request.app.state.snapshots.get(member.hub.workshop_id, snapshot_id)
    if shot is None:
        raise ApiError(404, "not_found", "That snapshot is not in this workshop.")
    svg = await in_language(request, shot, member.language)
    return await as_file(svg, fmt, history.file_name(shot, fmt).rsplit(".", 1)[0])


class Said:
    """Stored pictures drawn again in another language, the newest SIZE kept. The key holds a digest of the
    stored SVG: a picture redrawn after an erasure (its SVG changed) is never answered from an older copy."""
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


async def in_language(request: Request, shot, lang: str) -> str:
    """The stored picture with its own words in `lang` (as stored when it was drawn in that language)."""
    if drawn_in(shot.svg) == lang or shot.reason == "restored":
        return shot.svg
    state = request.app.state
    if not hasattr(state, "said_pictures"):
        state.said_pictures = Said()
    key = Said.key(shot, lang)
    svg = state.said_pictures.get(key)
    if svg is None:
        events = await state.store.event_log(shot.workshop_id)
        svg = await heavy(history.said_in, shot, events, lang) or shot.svg
        state.said_pictures.put(key, svg)
    return svg
