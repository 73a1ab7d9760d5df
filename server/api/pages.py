"""The web pages: one HTML shell whose ES modules route by path."""
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

WEB = Path(__file__).resolve().parents[2] / "web"
router = APIRouter()


def shell() -> FileResponse:
    return FileResponse(WEB / "index.html", headers={"Cache-Control": "no-cache"})


@router.get("/", include_in_schema=False)
async def start_page():
    return shell()


@router.get("/w/{workshop_id}", include_in_schema=False)
async def board_page(workshop_id: str):
    return shell()


@router.get("/join", include_in_schema=False)
async def join_by_code_page():
    """The short address the projector shows: the code alone finds the workshop."""
    return shell()


@router.get("/w/{workshop_id}/join", include_in_schema=False)
async def join_page(workshop_id: str):
    return shell()
