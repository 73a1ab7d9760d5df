"""How to join, for the projector to show the room: the code, the short address and a QR code.

The QR is drawn on the server by segno (a maintained QR library), as SVG. Only staff and
projectors may fetch these: they carry the join code, which participants never see in their
records (and which the projector's records lack too, as it is not staff).
"""
import io
from typing import Annotated

import segno
from fastapi import APIRouter, Depends, Request
from fastapi.responses import ORJSONResponse, Response

from ..i18n import gettext
from .deps import MemberContext, admitted, signed_in
from .errors import ApiError
from .workshops import base_url

router = APIRouter(prefix="/api/workshops/{workshop_id}")
MAY_SEE_CODE = ("facilitator", "host", "projector")


def join_address(base: str, code: str) -> str:
    """The short join page with the code in the fragment (a fragment never reaches a server's logs)."""
    return f"{base}/join#code={code}"


def qr_svg(text: str, lang: str) -> bytes:
    """A QR code for `text` as a standalone SVG: black modules on white, a quiet zone of 4; its title (what a
    screen reader or a hover says of the picture) in `lang`, the language of the page that shows it."""
    qr = segno.make(text, error="m", micro=False)
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=10, border=4, dark="#000", light="#fff", xmldecl=False,
            svgclass=None, lineclass=None, title=gettext(lang, "Scan to join the workshop"))
    return out.getvalue()


async def may_see_code(request: Request, member: Annotated[MemberContext, Depends(signed_in)]) -> MemberContext:
    if member.participant["role"] not in MAY_SEE_CODE:  # refused before the workshop counts as used (deps.admitted)
        raise ApiError(403, "forbidden", "Only the facilitator, a tech host or the projector can show the join code.")
    return await admitted(request, member)


CodeShower = Annotated[MemberContext, Depends(may_see_code)]


def join_code(member) -> str:
    return member.hub.state.workshop()["join_code"]


@router.get("/join-info")
async def join_info(member: CodeShower, request: Request):
    """{join_code, short_url, url}: what the projector writes on the wall beside the QR code."""
    code, base = join_code(member), base_url(request)
    return ORJSONResponse({"join_code": code, "short_url": f"{base}/join", "url": join_address(base, code)},
                          headers={"Cache-Control": "no-store"})


@router.get("/join-qr.svg")
async def join_qr(member: CodeShower, request: Request):
    code = join_code(member)
    body = qr_svg(join_address(base_url(request), code), member.language)
    return Response(body, media_type="image/svg+xml", headers={
        "Cache-Control": "no-store", "Content-Security-Policy": "default-src 'none'"})
