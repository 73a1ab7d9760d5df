"""HTTP errors as PROTOCOL.md has them: JSON `{code, message}` with the matching status."""
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import ORJSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..domain.errors import Rejected

STATUS_OF = {"unauthorized": 401, "forbidden": 403, "not_found": 404, "conflict": 409, "too_large": 413,
             "invalid": 422, "too_long": 422, "rate_limited": 429}
CODE_OF = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "invalid", 409: "conflict",
           413: "too_large", 422: "invalid", 429: "rate_limited"}


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, field: str | None = None):
        self.status, self.code, self.message, self.field = status, code, message, field


def error_response(status: int, code: str, message: str, field: str | None = None) -> ORJSONResponse:
    body = {"code": code, "message": message}
    if field:
        body["field"] = field
    return ORJSONResponse(body, status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, e: ApiError):
        return error_response(e.status, e.code, e.message, e.field)

    @app.exception_handler(Rejected)
    async def rejected(_request: Request, e: Rejected):
        return error_response(STATUS_OF.get(e.code, 422), e.code, e.message, e.field)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, e: RequestValidationError):
        first = e.errors()[0] if e.errors() else {"loc": (), "msg": "invalid", "type": ""}
        where = ".".join(str(p) for p in first["loc"] if p != "body") or "body"
        if first["type"] == "missing":
            message = f"Please fill in {where.replace('_', ' ')}."
        elif first["type"] in ("json_invalid", "model_attributes_type", "dict_type"):
            message, where = "The request must be a JSON object.", "body"
        else:
            message = f"{where.replace('_', ' ').capitalize()} is not right: {first['msg']}."
        return error_response(422, "invalid", message, where)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, e: StarletteHTTPException):
        code = CODE_OF.get(e.status_code, "error")
        message = {404: "There is nothing at this address.", 405: "That method is not allowed here."}.get(
            e.status_code, str(e.detail))
        return error_response(e.status_code, code, message)
