"""The web pages: one HTML shell whose ES modules route by path."""
import html
import re
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from .modules import ModuleGraph, preload_links

WEB = Path(__file__).resolve().parents[2] / "web"
router = APIRouter()
GRAPH = ModuleGraph(WEB)


ACTIVITY_KEY = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def shell(view: str, activity: str | None = None, status: int = 200) -> HTMLResponse:
    """index.html, naming every module the view needs so the browser fetches them side by side; a board
    page also names the activity on now (`<meta name="coboard-activity">`), whose screen's module
    (loaded only by those who need it: web/app/lazy.js) the page then fetches beside its socket."""
    page = (WEB / "index.html").read_text(encoding="utf-8")
    head = preload_links(GRAPH.for_page(view), skip=GRAPH.entry)
    if activity and ACTIVITY_KEY.fullmatch(activity):
        head = f'<meta name="coboard-activity" content="{html.escape(activity)}">\n  ' + head
    marker = '<script type="module"'
    page = page.replace(marker, head + marker, 1) if marker in page else page.replace("</head>", head + "</head>", 1)
    return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-cache"})


@router.get("/", include_in_schema=False)
async def start_page():
    return shell("start")


@router.get("/w/{workshop_id}", include_in_schema=False)
async def board_page(workshop_id: str, request: Request):
    # Only a workshop live in this process (a member's join or socket made it so): nothing is loaded for a
    # page asked for without a token. Elsewhere the page does without, and fetches the screen when drawn.
    # A workshop deleted (or never made) is a 404, as every call about it is (PROTOCOL.md); the page is the
    # same shell, which then says so in its own words. The activity tells a visitor with the workshop's id (a
    # 128-bit secret of its links) no more than which screen is on (docs/privacy.md).
    hubs = getattr(request.app.state, "hubs", None)
    if hubs is None:
        return shell("board")
    status = 404 if await hubs.exists(workshop_id) is False else 200
    return shell("board", hubs.live_activity(workshop_id), status)


@router.get("/join", include_in_schema=False)
async def join_by_code_page():
    """The short address the projector shows: the code alone finds the workshop."""
    return shell("join")


@router.get("/w/{workshop_id}/join", include_in_schema=False)
async def join_page(workshop_id: str):
    return shell("join")
