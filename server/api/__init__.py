"""Every HTTP route of Coboard, in one table."""
from fastapi import FastAPI

from . import after, data, errors, health, join, notice, pages, people, qr, snapshots, workshops
from ..realtime import endpoint, http_transport

ROUTERS = [health.router, workshops.router, join.router, qr.router, notice.router, people.router, data.router, after.router, snapshots.router,
           endpoint.router, http_transport.router,
           pages.router]


def include_routes(app: FastAPI) -> None:
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
