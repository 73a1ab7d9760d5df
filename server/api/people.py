"""A person's own access and data: a new personal link, erasure, deleting a workshop.

The CLI (`coboard link | erase | delete`) goes through these same functions, so both take the
same op through the same gate.
"""
import logging

from fastapi import APIRouter, Request, Response
from fastapi.responses import ORJSONResponse

from .. import clock
from ..domain import gate
from ..domain.erasure import names_in_events, scrub_event, shows_name
from .deps import Facilitator
from .workshops import base_url, board_url

log = logging.getLogger("coboard.privacy")

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


async def erase_person(services, hub, actor_id: str, participant_id: str) -> dict:
    """Erase a person (D3): records through `participant.erase`, then the log in place, then the pictures.

    The op is checked through the gate first, so a refusal (the last facilitator) leaves the log
    untouched. The log is redacted before the op (so nothing already stored still names them when
    other processes hear of it) and again after it (ops stored in between).
    """
    args = {"participant_id": participant_id}
    actor = hub.state.get(actor_id)
    gate.apply_op(hub.state, actor, "participant.erase", args, clock.op_context(), internal=True)
    names = names_in_events(await services.store.event_log(hub.workshop_id), participant_id)
    names |= {hub.state.get(participant_id)["name"].strip().casefold()}

    def redact(event):
        return scrub_event(event, participant_id, names)

    async with hub.lock:
        redacted = await services.store.rewrite_events(hub.workshop_id, redact)
    await hub.execute(actor_id, "participant.erase", {**args, "also_named": sorted(names)}, internal=True)
    async with hub.lock:
        redacted += await services.store.rewrite_events(hub.workshop_id, redact)
        hub.live.recent.clear()
    dropped = await services.snapshots.drop_showing(hub.workshop_id, lambda svg: shows_name(svg, names))
    # what it did, never whom: no name, no token
    log.info("erased a person in %s: %d events redacted, %d pictures dropped", hub.workshop_id, redacted, dropped)
    return {"participant_id": participant_id, "events_redacted": redacted, "pictures_dropped": dropped}


async def delete_workshop(services, hub, actor_id: str | None) -> dict[str, int]:
    """The workshop's last op (`workshop.delete`), then every row of it in every table (D4)."""
    await hub.execute(actor_id, "workshop.delete", {}, internal=True)
    async with hub.lock:
        gone = await services.store.delete_workshop(hub.workshop_id)
    services.hubs.forget(hub)
    await hub.close_all(4404, "This workshop was deleted.")
    log.info("deleted workshop %s: %s", hub.workshop_id, ", ".join(f"{n} {t}" for t, n in sorted(gone.items())))
    return gone


@router.post("/{workshop_id}/participants/{participant_id}/erase")
async def erase(workshop_id: str, participant_id: str, member: Facilitator, request: Request):
    done = await erase_person(request.app.state.services, member.hub, member.participant["id"], participant_id)
    return ORJSONResponse(done)


@router.delete("/{workshop_id}", status_code=204)
async def delete(workshop_id: str, member: Facilitator, request: Request):
    await delete_workshop(request.app.state.services, member.hub, member.participant["id"])
    return Response(status_code=204)
