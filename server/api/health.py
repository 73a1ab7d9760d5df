"""Health and the published protocol schema."""
from fastapi import APIRouter, Request
from fastapi.responses import ORJSONResponse

from ..protocol.schema import json_schema
from .errors import retry_after

router = APIRouter()


@router.get("/healthz")
async def healthz(request: Request):
    try:
        await request.app.state.store.ping()
    except Exception:
        return ORJSONResponse({"code": "unavailable", "message": "The database cannot be reached."},
                              status_code=503, headers=retry_after(503))
    return {"status": "ok"}


@router.get("/api/protocol.json")
async def protocol_schema():
    return ORJSONResponse(json_schema())
