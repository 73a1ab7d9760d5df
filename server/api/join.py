"""Joining by code alone: the `/join` page sends the code the projector shows and gets its workshop.

The code is sent in the body, never in a query string, so it stays out of access logs. Codes are
unique among open workshops (server/join_codes.py), so a code names at most one. Wrong codes
count against the same per-address limit as wrong codes at `…/join`: guessing codes here is no
easier than guessing them there.
"""
from fastapi import APIRouter, Request
from fastapi.responses import ORJSONResponse

from ..i18n import N_
from ..join_codes import normalised
from ..protocol import FindByCode, Found
from .errors import ApiError
from .client_address import client_key
from .workshops import same_code

router = APIRouter(prefix="/api/join")

NOT_FOUND = N_("No open workshop has this code. Check the code on the big screen and try again.")


@router.post("/lookup", response_model=Found)
async def find_by_code(body: FindByCode, request: Request):
    key, guessing = client_key(request), request.app.state.guessing  # see api/guessing.py
    guessing.check(key)
    code = normalised(body.join_code)
    if not code:
        raise ApiError(422, "invalid", "Type the join code shown by the facilitator.", "join_code")
    found = await request.app.state.store.workshops_with_join_code(code)
    if len(found) > 1:  # only workshops made before codes were unique can share one
        raise ApiError(409, "conflict", "More than one workshop has this code. Ask the facilitator for the join link.",
                       "join_code")
    hub = await request.app.state.hubs.get(found[0], touch=False) if found else None
    workshop = hub.state.workshop() if hub is not None else None
    if workshop is None or not same_code(code, workshop["join_code"]):
        guessing.wrong(key)
        raise ApiError(404, "not_found", NOT_FOUND, "join_code")
    request.app.state.hubs.touch(hub.workshop_id)
    return ORJSONResponse(Found(workshop_id=hub.workshop_id, title=workshop["title"]).model_dump())
