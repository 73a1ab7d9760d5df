"""Dependencies that make route signatures read as intent: `Member`, `Services`."""
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from ..i18n import COOKIE, PAGE_LANGUAGE, visitor_language
from ..expiry import token_expired
from ..realtime.hub import Hub
from .errors import ApiError


@dataclass
class MemberContext:
    hub: Hub
    participant: dict
    language: str = "en"  # what answers to this member are written in (the page's, their choice, the workshop's)


def services(request: Request):
    return request.app.state


async def signed_in(request: Request, workshop_id: str) -> MemberContext:
    """The member a request's token names, in this workshop. The hub is not touched here: a request
    refused (this or a role check after it) must not keep the workshop live (`admitted` touches it)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "Please sign in: this needs your workshop link.")
    member = await request.app.state.store.member_for_token(token.strip())
    if member is None:
        raise ApiError(401, "unauthorized", "This sign-in is not valid. Please join the workshop again.")
    if member[0] != workshop_id:
        raise ApiError(403, "forbidden", "Your sign-in is for a different workshop.")
    hubs = request.app.state.hubs
    hub = await hubs.get(workshop_id, touch=False)
    for _ in range(3):
        if hub is None:
            break
        # a member's use: from now on this process hears the workshop (caught up first), so what it says
        # of members, roles and records is not the state it happened to load, maybe long before
        await hub.hear_others()
        await hub.catch_up()  # and what was stored beside us that no bus tells (`coboard erase`): before any answer
        if not hub.dropped:
            break
        # evicted while we waited on the bus or the database (an idle hub, another workshop loaded meanwhile):
        # its records are let go, so the member would be "not here any more": load it again
        hub = await hubs.get(workshop_id, touch=False)
    participant = hub.state.get(member[1]) if hub else None
    if participant is None and hub is not None:  # joined on another process a moment ago: its event on the way
        async with hub.lock:
            await hub.refresh()
        participant = hub.state.get(member[1])
    if participant is None:
        raise ApiError(404, "not_found", "That workshop or member is not here any more.")
    if (expired := await token_expired(request.app.state, hub)) is not None:
        raise expired
    # the language the page shows, when it says (web/app/http.js apiFetch), else the person's choice, the workshop's
    # default, the browser's: the page and the server's answers alike
    language = visitor_language(request.headers.get(PAGE_LANGUAGE), request.cookies.get(COOKIE),
                                next(hub.state.of_kind("workshop"), {}).get("language"),
                                request.headers.get("accept-language"))
    request.state.language = language  # for the error handlers (api/errors.py)
    return MemberContext(hub, participant, language)


async def admitted(request: Request, member: MemberContext) -> MemberContext:
    """The request is let in: its workshop was used now (the hubs' least-recently-used order)."""
    hub = await request.app.state.hubs.admit(member.hub)
    if hub is member.hub:
        return member
    participant = hub.state.get(member.participant["id"]) if hub else None  # dropped meanwhile: loaded again
    if participant is None:
        raise ApiError(404, "not_found", "That workshop or member is not here any more.")
    return MemberContext(hub, participant, member.language)


async def current_member(request: Request, member: Annotated[MemberContext, Depends(signed_in)]) -> MemberContext:
    return await admitted(request, member)


Member = Annotated[MemberContext, Depends(current_member)]


async def facilitator(request: Request, member: Annotated[MemberContext, Depends(signed_in)]) -> MemberContext:
    if member.participant["role"] != "facilitator":
        raise ApiError(403, "forbidden", "Only the facilitator can do that.")
    return await admitted(request, member)


Facilitator = Annotated[MemberContext, Depends(facilitator)]


async def staff(request: Request, member: Annotated[MemberContext, Depends(signed_in)]) -> MemberContext:
    if member.participant["role"] not in ("facilitator", "host"):
        raise ApiError(403, "forbidden", "Only a facilitator or host can do that.")
    return await admitted(request, member)


Staff = Annotated[MemberContext, Depends(staff)]  # facilitators and tech hosts
