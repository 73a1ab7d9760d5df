"""The web pages: one HTML shell whose ES modules route by path."""
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from .modules import ModuleGraph, preload_links

WEB = Path(__file__).resolve().parents[2] / "web"
router = APIRouter()
GRAPH = ModuleGraph(WEB)


def shell(view: str) -> HTMLResponse:
    """index.html, naming every module the view needs so the browser fetches them side by side."""
    html = (WEB / "index.html").read_text(encoding="utf-8")
    links = preload_links(GRAPH.for_page(view), skip=GRAPH.entry)
    marker = '<script type="module"'
    html = html.replace(marker, links + marker, 1) if marker in html else html.replace("</head>", links + "</head>", 1)
    return HTMLResponse(html, headers={"Cache-Control": "no-cache"})


@router.get("/", include_in_schema=False)
async def start_page():
    return shell("start")


@router.get("/w/{workshop_id}", include_in_schema=False)
async def board_page(workshop_id: str):
    return shell("board")


@router.get("/join", include_in_schema=False)
async def join_by_code_page():
    """The short address the projector shows: the code alone finds the workshop."""
    return shell("join")


@router.get("/w/{workshop_id}/join", include_in_schema=False)
async def join_page(workshop_id: str):
    return shell("join")
