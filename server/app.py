"""Builds the FastAPI app from its parts; the only place that picks implementations."""
import asyncio
import hashlib
import hmac
import logging
import time
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Match
from starlette.websockets import WebSocket
from starlette.types import ASGIApp, Receive, Scope, Send

from . import logs, retention, workers
from .api import docs, include_routes
from .api.client_address import TrustedProxies
from .api.errors import error_response
from .api.guessing import Guessing
from .api.headers import SecurityHeaders
from .api.pages import WEB
from .api.static import WebFiles
from .api.uploads import UploadSlots
from .api.workshops import PerClientLimit, SharedLimits
from .config import Settings
from .protocol.limits import HISTORY_FILES_PER_MINUTE, PICTURES_PER_MINUTE, SNAPSHOTS_PER_MINUTE
from .realtime.endpoint import Greeting, live_board_route, workshop_socket
from .realtime.polling import Pollers
from .services import open_services

log = logging.getLogger("coboard")
MAX_JSON_BODY = 64 * 1024


class BodyLimit:
    """Refuse an over-large request body (413): from its Content-Length before reading it, or, for a
    body sent without one (chunked), by reading at most `limit` bytes of it before the app sees it.

    Uploads and restores are never read here: their routes authenticate the sender first, then
    stream the body to a temporary file with the limit enforced as it comes (api/uploads.py)."""

    def __init__(self, app: ASGIApp, limit: int, upload_limit: int):
        self.app, self.limit, self.upload_limit = app, limit, upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send):
        if scope["type"] == "http":
            headers = dict(scope["headers"])
            length = headers.get(b"content-length")
            is_upload = scope["path"].endswith(("/responses", "/workshops/restore"))
            limit = self.upload_limit if is_upload else self.limit
            too_large = error_response(413, "too_large", f"That is too large: the limit is {limit // 1024} KiB.")
            if length is not None and length.isdigit() and int(length) > limit:
                await too_large(scope, receive, send)
                return
            if length is None and not is_upload:  # uploads are streamed by their route once authenticated
                messages, size = [], 0
                while not messages or messages[-1].get("more_body"):
                    message = await receive()
                    if message["type"] != "http.request":  # the client went away
                        return
                    size += len(message.get("body", b""))
                    if size > limit:
                        await too_large(scope, receive, send)
                        return
                    messages.append(message)
                receive = _replay(messages, receive)
        await self.app(scope, receive, send)


def _replay(messages: list, receive: Receive) -> Receive:
    """A `receive` that hands out the body already read, then carries on with the real one."""
    async def replayed():
        return messages.pop(0) if messages else await receive()
    return replayed


class CompressText:
    """Every text answer but /web's (pages, JSON, CSV, SVG) gzipped when the client asks for it.

    /web files come compressed already (server/api/static.py); images and zips pass as they are.
    Level 6: most of level 9's gain for less CPU, as these answers are made afresh each time.
    """

    def __init__(self, app: ASGIApp):
        self.app, self.gzip = app, GZipMiddleware(app, minimum_size=500, compresslevel=6)

    async def __call__(self, scope: Scope, receive: Receive, send: Send):
        if scope["type"] == "http" and not scope["path"].startswith("/web/"):
            return await self.gzip(scope, receive, send)
        await self.app(scope, receive, send)


class Coboard(FastAPI):
    """The app, with one short cut: a live board's WebSocket goes straight to its endpoint.

    A connection lasts for hours, and every ASGI layer it passes through (the error and exception
    middleware, the body limit, the router and the route) keeps a coroutine frame of its own alive
    for as long as it is open: memory per idle connection. None of those layers does anything for
    a WebSocket (they act on HTTP, and the endpoint answers every failure itself), so the board's
    sockets skip them; any other WebSocket path goes the usual way (and is refused there).
    """

    proxies: TrustedProxies  # who the client is, decided here for every HTTP request and socket

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            self.proxies.apply(scope)
        if scope["type"] == "websocket":
            matched, child = live_board_route.matches(scope)
            if matched is Match.FULL:
                scope["app"] = self
                scope.update(child)
                await workshop_socket(WebSocket(scope, receive, send), **child["path_params"])
                return
        await super().__call__(scope, receive, send)


def create_app(settings: Settings | None = None, *, settle_collector: bool = False) -> FastAPI:
    """`settle_collector`: a server process of its own (`coboard serve`), not an app of a test run,
    freezes what its startup made (workers.settle_collector)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        async with open_services(settings) as services:
            app.state.services = services
            app.state.store, app.state.bus = services.store, services.bus
            app.state.hubs, app.state.snapshots = services.hubs, services.snapshots
            app.state.pollers = Pollers(services.hubs)
            services.hubs.guessing = app.state.guessing  # shared with the other processes (bus/redis.py)
            services.hubs.limits = app.state.limits  # likewise
            if settings.redis_url:  # several processes on one Redis: the upload slots count for them together
                app.state.upload_slots.share(services.bus.redis, hmac.new(
                    services.hubs.ballot_secret, b"upload slots", hashlib.sha256).digest())
            job = asyncio.create_task(retention.daily(services))  # D7: erase and delete when due
            if settle_collector:
                workers.settle_collector()  # what startup made lives as long as the process
            try:
                yield
            finally:
                job.cancel()

    logs.install()
    app = Coboard(title="Coboard", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json" if settings.api_docs else None)
    app.state.settings = settings
    app.proxies = TrustedProxies(settings.trusted_proxies, settings.ipv6_prefix)
    app.state.clock = time.monotonic  # the limits' clock, read on every use (a test may turn it by hand)

    def now() -> float:
        return app.state.clock()

    app.state.guessing = Guessing(settings.wrong_codes_per_address, settings.wrong_codes_per_workshop,
                                  settings.joins_per_minute, clock=now)
    # shared with the other processes through Redis, as the join-code budgets are (bus/redis.py)
    app.state.limits = SharedLimits(
        create=PerClientLimit(settings.creates_per_minute, clock=now),  # per address
        restore=PerClientLimit(settings.restores_per_hour, 3600, clock=now),  # per address, without a sign-in
        picture=PerClientLimit(PICTURES_PER_MINUTE, clock=now),  # per person (api/snapshots.py)
        history=PerClientLimit(HISTORY_FILES_PER_MINUTE, clock=now),
        snapshot=PerClientLimit(SNAPSHOTS_PER_MINUTE, clock=now))
    app.state.greeting = Greeting()
    app.state.upload_slots = UploadSlots(settings.uploads_at_once, settings.uploads_per_address,
                                         settings.upload_slot_seconds)
    include_routes(app)
    if settings.api_docs:
        docs.install(app)
    app.mount("/web", WebFiles(WEB), name="web")  # br/gzip made once per file, ETag → 304
    app.add_middleware(CompressText)
    app.add_middleware(BodyLimit, limit=MAX_JSON_BODY, upload_limit=20 * 1024 * 1024)
    app.add_middleware(SecurityHeaders, public_url=settings.public_url)  # outermost: on every answer
    return app
