"""A person's own access: a new personal link (their earlier one stops working at once).

The CLI (`coboard link`) makes its links through `personal_link` too, so both go through the
same op and the same gate.
"""
from fastapi import APIRouter, Request
from fastapi.responses import ORJSONResponse

from .. import clock
from .deps import Facilitator
from .workshops import base_url, board_url

router = APIRouter(prefix="/api/workshops")


async def personal_link(hub, actor_id: str, participant_id: str, base: str) -> dict:
    """A fresh token for that person through `participant.link`; their earlier tokens are revoked with it."""
    token = clock.new_token()
    _, change = await hub.execute(actor_id, "participant.link", {"participant_id": participant_id},
                                  internal=True, credential=token)
    pid = change.result["participant_id"]
    return {"participant_id": pid, "token": token,
            "url": board_url(base, {"workshop_id": hub.workshop_id, "token": token})}


@router.post("/{workshop_id}/participants/{participant_id}/link", status_code=201)
async def make_personal_link(workshop_id: str, participant_id: str, member: Facilitator, request: Request):
    link = await personal_link(member.hub, member.participant["id"], participant_id, base_url(request))
    return ORJSONResponse(link, status_code=201)
