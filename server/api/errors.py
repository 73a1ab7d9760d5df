"""HTTP errors as PROTOCOL.md has them: JSON `{code, message}` with the matching status."""
import math

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import ORJSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..domain.errors import Rejected, plain_detail
from ..i18n import COOKIE, PAGE_LANGUAGE, gettext, known_language, visitor_language
from ..protocol.errors import ERRORS
from ..protocol.limits import RETRY_AFTER_SECONDS

STATUS_OF = {code: status for code, (status, _) in ERRORS.items()}  # `internal` 500, `unavailable` 503, …
CODE_OF = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "invalid", 409: "conflict",
           413: "too_large", 422: "invalid", 429: "rate_limited"}


class ApiError(Exception):
    """An HTTP refusal. `message` is a catalogue msgid (Babel keyword `ApiError:3`), its {placeholders}
    filled from `params`; it is answered in the reader's language (`said`)."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None, /, **params):
        self.status, self.code, self.msgid, self.field, self.params = status, code, message, field, params
        self.message = gettext("en", message, **params)
        self.retry_after: int | None = None  # seconds, when the limit that refused knows its wait (`waiting`)

    def waiting(self, seconds: float) -> "ApiError":
        """A limit's refusal: Retry-After is its wait until this caller may go again, in whole seconds rounded
        up (at least 1), not the general RETRY_AFTER_SECONDS."""
        self.retry_after = max(1, math.ceil(round(seconds, 9)))  # float dust (6.000000000000001) is not a second
        return self

    def said(self, lang: str | None) -> str:
        return gettext(lang or "en", self.msgid, **self.params)


async def language(request: Request) -> str:
    """The reader's language: the member's (set once their token is read), else the language the page says it
    shows (before joining), else the cookie of the person's choice, the workshop's default, the browser's."""
    known = getattr(request.state, "language", None)  # the member's, once they are known (deps.current_member)
    if known:
        return known
    shown, chosen = request.headers.get(PAGE_LANGUAGE), request.cookies.get(COOKIE)
    default = None if known_language(shown) or known_language(chosen) else \
        await workshop_default(request.app, request.path_params.get("workshop_id"))  # only when it decides
    return visitor_language(shown, chosen, default, request.headers.get("accept-language"))


async def workshop_default(app, workshop_id: str | None) -> str | None:
    """The default language of the workshop a request is for, the same whether or not its hub is live in this
    process (Hubs.default_language: nothing is loaded for a refusal); None when the path names none."""
    hubs = getattr(app.state, "hubs", None)
    return await hubs.default_language(workshop_id) if hubs is not None and isinstance(workshop_id, str) else None


def error_response(status: int, code: str, message: str, field: str | None = None,
                   wait: int | None = None) -> ORJSONResponse:
    """A refusal; a 429 (too many) or 503 (busy, or the database away) says when to try again (Retry-After):
    `wait`, from the limit that refused, else RETRY_AFTER_SECONDS."""
    body = {"code": code, "message": message}
    if field:
        body["field"] = field
    return ORJSONResponse(body, status_code=status, headers=retry_after(status, wait))


def retry_after(status: int, wait: int | None = None) -> dict[str, str]:
    return {"Retry-After": str(wait or RETRY_AFTER_SECONDS)} if status in (429, 503) else {}


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, e: ApiError):
        return error_response(e.status, e.code, e.said(await language(request)), e.field, e.retry_after)

    @app.exception_handler(Rejected)
    async def rejected(request: Request, e: Rejected):
        return error_response(STATUS_OF.get(e.code, 422), e.code, e.said(await language(request)), e.field)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError):
        lang = await language(request)
        first = e.errors()[0] if e.errors() else {"loc": (), "msg": "invalid", "type": ""}
        where = ".".join(str(p) for p in first["loc"] if p != "body") or "body"
        if first["type"] == "missing":
            message = gettext(lang, "Please fill in {field}.", field=where.replace("_", " "))
        elif first["type"] in ("json_invalid", "model_attributes_type", "dict_type"):
            message, where = gettext(lang, "The request must be a JSON object."), "body"
        else:  # what is wrong in plain words from the catalogue (pydantic's own words are English only)
            message = gettext(lang, "{field} is not right: {detail}.", field=where.replace("_", " ").capitalize(),
                              detail=plain_detail(first))
        return error_response(422, "invalid", message, where)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, e: StarletteHTTPException):
        code = CODE_OF.get(e.status_code, "error")
        if e.status_code == 404:
            message = gettext(await language(request), "There is nothing at this address.")
        elif e.status_code == 405:
            message = gettext(await language(request), "That method is not allowed here.")
        else:
            message = str(e.detail)
        return error_response(e.status_code, code, message)
