"""Create, join and read a workshop over HTTP."""
import secrets
import time
from collections import defaultdict

from fastapi import APIRouter, Request
from fastapi.responses import ORJSONResponse

from .. import clock
from ..join_codes import fresh_join_code, normalised
from ..protocol import Created, CreateWorkshop, Joined, JoinWorkshop
from ..realtime.limits import TokenBucket
from .client_address import client_key
from .deps import Facilitator, Member, Staff
from .errors import ApiError

router = APIRouter(prefix="/api/workshops")


class PerClientLimit:
    """At most `count` events per key (a client address, a person) in `window` seconds, in bursts
    of up to `count`: failed joins, creates, restores, pictures. `clock` is read on every use (the app's,
    app.state.clock: a test may turn it by hand)."""

    def __init__(self, count: int, window: float = 60.0, clock=time.monotonic):
        self.count, self.window, self.clock = count, window, clock
        self.buckets: dict[str, TokenBucket] = defaultdict(lambda: TokenBucket(count / window, count, self.now))
        self.swept = self.now()

    def now(self) -> float:
        return self.clock()

    def allow(self, key: str) -> bool:
        if self.now() - self.swept > 600:  # forget keys whose budget is whole again: the map stays small
            self.buckets = defaultdict(self.buckets.default_factory,
                                       {k: b for k, b in self.buckets.items() if b.wait_time() > 0 or b.tokens < b.burst})
            self.swept = self.now()
        return self.buckets[key].take()

    def wait(self, key: str) -> float:
        """Seconds until `key` may go again (0: now): a refusal's Retry-After (ApiError.waiting)."""
        return self.buckets[key].wait_time() if key in self.buckets else 0.0

    def blocked(self, key: str) -> bool:
        return self.wait(key) > 0

    def forget(self, key: str) -> None:
        self.buckets.pop(key, None)

    def take_spent(self) -> dict[str, float]:
        """What each key spent here since the last call (for the other processes), and start again."""
        out = {}
        for key, bucket in self.buckets.items():
            if bucket.spent:
                out[key], bucket.spent = bucket.spent, 0.0
        return out

    def charge(self, spent: dict) -> None:
        """Another process's `take_spent`: charged to the same keys here (limits.TokenBucket.charge)."""
        for key, amount in spent.items():
            if isinstance(key, str) and isinstance(amount, (int, float)) and amount > 0:
                self.buckets[key].charge(float(amount))


class SharedLimits:
    """The server's per-client limits that are not one workshop's ops (creates and restores per address, each
    person's on-demand pictures, history files and snapshots), by name. With several processes (Redis) each tells
    the others every SHARE_EVERY what was spent through it and charges what it hears (server/bus/redis.py), as
    the join-code budgets and the per-person op budgets are shared: the limits are the server's, not each
    process's, give or take what is spent within one report's delay."""

    def __init__(self, **limits: PerClientLimit):
        self.limits = limits

    def __getitem__(self, name: str) -> PerClientLimit:
        return self.limits[name]

    def take_spent(self) -> dict[str, dict[str, float]]:
        """What was spent through this process since the last call, by limit and key (empty: nothing)."""
        return {name: spent for name, limit in self.limits.items() if (spent := limit.take_spent())}

    def charge(self, spent: dict) -> None:
        """Another process's `take_spent`, charged here (unknown names and malformed parts ignored)."""
        if not isinstance(spent, dict):
            return
        for name, amounts in spent.items():
            if name in self.limits and isinstance(amounts, dict):
                self.limits[name].charge(amounts)


def base_url(request: Request) -> str:
    configured = request.app.state.settings.public_url
    return (configured or str(request.base_url)).rstrip("/")


def check_admin_key(request: Request) -> None:
    """When the server has an admin key, only its holders create or restore workshops."""
    expected = request.app.state.settings.admin_key
    if not expected:
        return
    given = request.headers.get("x-admin-key")
    if not given:
        raise ApiError(401, "unauthorized", "Creating a workshop on this server needs the admin key.")
    if not secrets.compare_digest(given.encode(), expected.encode()):
        raise ApiError(403, "forbidden", "That admin key is not right.")


@router.post("", status_code=201, response_model=Created)
async def create_workshop(body: CreateWorkshop, request: Request):
    check_admin_key(request)
    limit, key = request.app.state.limits["create"], client_key(request)
    if not limit.allow(key):
        raise ApiError(429, "rate_limited", "Too many workshops created from here just now. "
                                            "Please wait a minute.").waiting(limit.wait(key))
    created = await open_workshop(request.app.state, body.title, body.purpose, body.facilitator_name)
    base = base_url(request)
    return ORJSONResponse(Created(**created, join_url=join_url(base, created),
                                  board_url=board_url(base, created)).model_dump(), status_code=201)


async def open_workshop(services, title: str, purpose: str | None, facilitator_name: str) -> dict:
    """A new workshop with its facilitator; used by the API and by `coboard demo`."""
    workshop_id, join_code, token = clock.new_workshop_id(), await fresh_join_code(services.store), clock.new_token()
    hub = services.hubs.new(workshop_id)
    try:
        _, change = await hub.execute(
            None, "workshop.create",
            {"title": title, "purpose": purpose, "facilitator_name": facilitator_name, "join_code": join_code},
            internal=True, credential=token, create=True)
    except BaseException:
        services.hubs.hubs.pop(workshop_id, None)
        raise
    return {"workshop_id": workshop_id, "join_code": join_code, "token": token,
            "participant_id": change.result["participant_id"]}


def join_url(base: str, created: dict) -> str:
    """The code travels in the fragment, which browsers never send: it stays out of every log."""
    return f"{base}/w/{created['workshop_id']}/join#code={created['join_code']}"


def board_url(base: str, created: dict) -> str:
    return f"{base}/w/{created['workshop_id']}#token={created['token']}"


def same_code(given: str, expected: str) -> bool:
    """Codes are read aloud and typed on phones: ignore case, spaces and dashes."""
    return secrets.compare_digest(normalised(given).encode(), expected.encode())


@router.post("/{workshop_id}/join", status_code=201, response_model=Joined)
async def join_workshop(workshop_id: str, body: JoinWorkshop, request: Request):
    key, guessing = client_key(request), request.app.state.guessing  # see api/guessing.py
    guessing.check(key, workshop_id)
    hub = await request.app.state.hubs.get(workshop_id, touch=False)  # touched once the code is right
    if hub is None:
        guessing.wrong(key)
        raise ApiError(404, "not_found", "There is no workshop at this link. Check the link you were sent.")
    if not same_code(body.join_code, hub.state.workshop()["join_code"]):
        guessing.wrong(key, workshop_id)
        raise ApiError(403, "forbidden", "That join code is not right for this workshop. Check the link or "
                                         "ask the facilitator for the code.", "join_code")
    guessing.joining(key, workshop_id)
    request.app.state.hubs.touch(workshop_id)
    token = clock.new_token()
    _, change = await hub.execute(None, "participant.join", {"name": body.name, "perspective": body.perspective,
                                                             "notice_version": body.notice_version,
                                                             "cards_unnamed": body.cards_unnamed},
                                  internal=True, credential=token)
    return ORJSONResponse(Joined(participant_id=change.result["participant_id"], token=token,
                                 role="participant").model_dump(), status_code=201)


@router.get("/{workshop_id}/state")
async def workshop_state(member: Member):
    return ORJSONResponse(await member.hub.current_view(member.participant["id"]))


@router.post("/{workshop_id}/projector", status_code=201)
async def projector_link(workshop_id: str, member: Staff, request: Request):
    """A link for the big screen: a read-only projector member that follows the facilitator.

    Facilitators and tech hosts alike: setting up the room's screen is often the host's job.
    """
    token = clock.new_token()
    _, change = await member.hub.execute(member.participant["id"], "participant.add_projector", {},
                                         internal=True, credential=token)
    url = board_url(base_url(request), {"workshop_id": workshop_id, "token": token})
    return ORJSONResponse({"participant_id": change.result["participant_id"], "token": token, "role": "projector",
                           "url": url}, status_code=201)
