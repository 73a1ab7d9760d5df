"""A person's own access and data: a new personal link, erasure, deleting a workshop.

The CLI (`coboard link | erase | delete`) goes through these same functions, so both take the
same op through the same gate.
"""
import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import ORJSONResponse

from .. import clock
from ..domain import gate
from ..domain.erasure import names_in_events, scrub_event, shows_name
from ..domain.roles import STAFF
from ..exports import history
from ..workers import heavy
from .deps import Facilitator, MemberContext, admitted, signed_in
from .errors import ApiError
from .workshops import base_url, board_url

log = logging.getLogger("coboard.privacy")
# Store.clear_old_copies' answer, as the log says it (docs/privacy.md "On disk")
CLEARED = {True: "cleared", False: "NOT cleared (tried again at the next erasure; see docs/privacy.md)",
           None: "still being cleared"}

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
    """Erase a person (D3): records through `participant.erase`, then the log in place, then the pictures."""
    done = await erase_people(services, hub, actor_id, [participant_id])
    return {"participant_id": participant_id, **done}


async def erase_people(services, hub, actor_id: str, participant_ids: list[str], retention: bool = False) -> dict:
    """Erase several people at once (one pass over the log for all of them); see `erase_person`.

    Each op is checked through the gate first, so a refusal (the last facilitator) leaves the log
    untouched. The log is redacted before the ops (so nothing already stored still names them when
    other processes hear of it) and again after them (ops stored in between). `retention`: the
    retention job erasing everyone, the last facilitator included (D7).
    """
    actor = hub.state.get(actor_id)
    every = {}
    log_now = await services.store.event_log(hub.workshop_id)
    for pid in participant_ids:
        args = {"participant_id": pid, "retention": retention}
        gate.apply_op(hub.state, actor, "participant.erase", args, clock.op_context(), internal=True)
        every[pid] = names_in_events(log_now, pid) | {hub.state.get(pid)["name"].strip().casefold()}

    def redact(event):
        for pid, names in every.items():
            event = scrub_event(event, pid, names)
        return event

    async with hub.lock:
        redacted = await services.store.rewrite_events(hub.workshop_id, redact)
    for pid in sorted(every, key=lambda p: p == actor_id):  # the one acting goes last
        await hub.execute(actor_id, "participant.erase",
                          {"participant_id": pid, "retention": retention, "also_named": sorted(every[pid])},
                          internal=True)
    async with hub.lock:
        redacted += await services.store.rewrite_events(hub.workshop_id, redact)
        hub.live.recent.clear()
    names = set().union(*every.values()) if every else set()
    redrawn, dropped = await redraw_pictures(services, hub.workshop_id, names)
    services.said.forget(hub.workshop_id)  # a copy said in another language while the pictures were redrawn
    cleared = await services.store.clear_old_copies()
    # what it did, never whom: no name, no token
    log.info("erased %d people in %s: %d events redacted, %d pictures redrawn, %d dropped; old copies on disk %s",
             len(every), hub.workshop_id, redacted, redrawn, dropped, CLEARED[cleared])
    return {"events_redacted": redacted, "pictures_redrawn": redrawn, "pictures_dropped": dropped}


async def redraw_pictures(services, workshop_id: str, names: set[str]) -> tuple[int, int]:
    """The pictures that show an erased name, drawn again from the redacted log (in the heavy-work pool)
    as their board was then; dropped when that cannot be done (see history.redraw). (redrawn, dropped)"""
    def shows(text: str) -> bool:
        return shows_name(text, names)

    showing = [s for s in await services.snapshots.list(workshop_id, with_svg=True) if shows(s.svg)
               or shows(s.board_title)]
    if not showing:
        return 0, 0
    events = await services.store.event_log(workshop_id)
    pairs = await heavy(history.redraw, showing, events, shows)
    redrawn = [new for _, new in pairs if new is not None]
    dropped = [old.id for old, new in pairs if new is None]
    await services.snapshots.replace(workshop_id, redrawn, dropped)
    return len(redrawn), len(dropped)


async def delete_workshop(services, hub, actor_id: str | None) -> dict[str, int]:
    """The workshop's last op (`workshop.delete`), then every row of it in every table (D4)."""
    await hub.execute(actor_id, "workshop.delete", {}, internal=True)
    async with hub.lock:
        gone = await services.store.delete_workshop(hub.workshop_id)
    services.hubs.forget(hub)
    await hub.close_all(4404, "This workshop was deleted.")
    cleared = await services.store.clear_old_copies()
    log.info("deleted workshop %s: %s; old copies on disk %s", hub.workshop_id,
             ", ".join(f"{n} {t}" for t, n in sorted(gone.items())), CLEARED[cleared])
    return gone


@router.post("/{workshop_id}/participants/{participant_id}/erase")
async def erase(workshop_id: str, participant_id: str, member: Facilitator, request: Request):
    done = await erase_person(request.app.state.services, member.hub, member.participant["id"], participant_id)
    return ORJSONResponse(done)


@router.delete("/{workshop_id}", status_code=204)
async def delete(workshop_id: str, member: Facilitator, request: Request):
    await delete_workshop(request.app.state.services, member.hub, member.participant["id"])
    return Response(status_code=204)


async def staff_to_see(request: Request, member: Annotated[MemberContext, Depends(signed_in)]) -> MemberContext:
    if member.participant["role"] not in STAFF:  # refused before the workshop counts as used (deps.admitted)
        raise ApiError(403, "forbidden", "Only facilitators and hosts can see this.")
    return await admitted(request, member)


@router.get("/{workshop_id}/retention")
async def retention_dates(workshop_id: str, member: Annotated[MemberContext, Depends(staff_to_see)], request: Request):
    """When this workshop's personal data will be erased and when it will be deleted (D7): staff only."""
    from ..retention import dates_of  # the job imports this module

    last = (await request.app.state.store.last_activity()).get(workshop_id)
    return ORJSONResponse(dates_of(request.app.state.settings, member.hub.state.workshop(), last))
