"""Every HTTP route of Coboard, in one table."""
from fastapi import FastAPI

from . import errors, health, pages, workshops
from ..realtime import endpoint

ROUTERS = [health.router, workshops.router, endpoint.router, pages.router]


def include_routes(app: FastAPI) -> None:
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router)
