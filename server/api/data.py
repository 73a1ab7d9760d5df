"""Data in and out: import answers, the cleaned spreadsheet, exports, restore, printable cards, report."""
import json
from typing import Literal

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, ORJSONResponse, Response
from starlette.datastructures import UploadFile as StarletteUpload

from ..expiry import token_expired
from ..exports import cards_pdf, report, tables
from ..exports.restore import export_document, restore_workshop
from .. import heavy_jobs
from ..i18n import gettext
from ..imports.importing import too_large_file
from ..imports.responses import FileProblem
from ..protocol import Created
from .deps import Facilitator, MemberContext, staff
from ..workers import heavy, in_process
from .errors import ApiError
from .uploads import limit_stream, spool_body, too_large
from .client_address import client_key
from .workshops import base_url, board_url, check_admin_key, join_url

router = APIRouter(prefix="/api/workshops")
UPLOAD_LIMIT = 20 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


Staff = Depends(staff)


def download(body: bytes, media: str, name: str) -> Response:
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                     "X-Content-Type-Options": "nosniff"})


# ---- import ----------------------------------------------------------------------------------

async def _upload(request: Request):
    """The uploaded file (streamed to a temporary file, refused past UPLOAD_LIMIT) and the mapping.

    Called only once the sender is known to be staff: nothing is read before that."""
    limit_stream(request, UPLOAD_LIMIT + 64 * 1024, "file")
    try:
        form = await request.form(max_files=1, max_fields=10)
    except ApiError:
        raise
    except Exception:
        raise ApiError(422, "invalid", "Send the file as a form upload with the field name \"file\".", "file") from None
    upload = form.get("file")
    if not isinstance(upload, StarletteUpload):
        raise ApiError(422, "invalid", "Please choose a CSV or Excel file to upload.", "file")
    if upload.size is not None and upload.size > UPLOAD_LIMIT:
        raise too_large(UPLOAD_LIMIT, "file")
    mapping = form.get("mapping") or request.query_params.get("mapping")
    if mapping:
        try:
            mapping = json.loads(mapping)
        except ValueError:
            mapping = None
        if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
            raise ApiError(422, "invalid", "The column mapping must be a JSON object such as "
                                           "{\"Q1\": \"ww\"}.", "mapping")
    return upload, upload.filename or "answers", mapping or None


def _read_upload(spooled) -> bytes:
    """In a worker thread: the uploaded file's bytes from its temporary file."""
    data = spooled.read(UPLOAD_LIMIT + 1)
    if len(data) > UPLOAD_LIMIT:
        raise too_large_file(UPLOAD_LIMIT)
    return data


def _problem(p: FileProblem, lang: str) -> ORJSONResponse:
    """Why a file cannot be read, in the reader's language (the member's: their choice, else the workshop's)."""
    body = {"code": {415: "unsupported", 413: "too_large"}.get(p.status, "invalid"), "message": p.said(lang),
            "field": "file"}
    if p.line is not None:
        body["line"] = p.line
    return ORJSONResponse(body, status_code=p.status)


@router.post("/{workshop_id}/responses")
async def import_responses(request: Request, member: MemberContext = Staff, preview: bool = False,
                           publish: bool = True, again: bool = False):
    """Collected answers from a CSV or XLSX file: a preview changes nothing; an import is one op."""
    async with request.app.state.upload_slots.slot(client_key(request)):  # the sender is staff: now it is read
        return await _import_responses(request, member, preview, publish, again)


async def _import_responses(request: Request, member: MemberContext, preview: bool, publish: bool, again: bool):
    upload, filename, mapping = await _upload(request)
    try:
        data = await heavy(_read_upload, upload.file)
        # read in a child process (server/heavy_jobs.py): the preview, or the op's arguments, packed
        read = await in_process(heavy_jobs.read_import, data, filename, mapping, preview, publish, again)
    except FileProblem as p:
        return _problem(p, member.language)
    finally:
        await upload.close()
    del data
    if preview:
        if read.get("problem"):
            read["problem"] = gettext(member.language, read["problem"])
        return ORJSONResponse(read)
    _, change = await member.hub.execute(member.participant["id"], "responses.import", read, internal=True)
    dataset = member.hub.state.get(change.result["dataset_id"]) or {}
    return ORJSONResponse({**change.result, "answers": dataset.get("answers"), "layout": dataset.get("layout")})


# ---- exports ---------------------------------------------------------------------------------

async def _records(member: MemberContext) -> list[dict]:
    async with member.hub.lock:
        return list(member.hub.state.records.values())


@router.get("/{workshop_id}/responses.xlsx")
async def cleaned_responses(member: MemberContext = Staff):
    records = await _records(member)
    headings, rows = tables.cleaned_responses(records)
    body = await heavy(tables.to_xlsx, {"Answers": (headings, rows)}, tables.language_of_records(records))
    return download(body, XLSX, "answers-cleaned.xlsx")


@router.get("/{workshop_id}/export.xlsx")
async def export_xlsx(member: MemberContext = Staff):
    records = await _records(member)
    body = await heavy(lambda: tables.to_xlsx(tables.sheets(records), tables.language_of_records(records)))
    return download(body, XLSX, "workshop.xlsx")


@router.get("/{workshop_id}/export.zip")
async def export_csv_zip(member: MemberContext = Staff):
    records = await _records(member)
    body = await heavy(lambda: tables.to_csv_zip(tables.sheets(records)))
    return download(body, "application/zip", "workshop-csv.zip")


@router.get("/{workshop_id}/export/{sheet}.csv")
async def export_csv(sheet: str, member: MemberContext = Staff):
    records = await _records(member)

    def one_sheet():  # every sheet is worked out from every record: heavy work, off the loop as the others
        by_name = {tables.csv_name(n): t for n, t in tables.sheets(records).items()}
        return list(by_name), (tables.to_csv(*by_name[sheet]) if sheet in by_name else None)

    names, body = await heavy(one_sheet)
    if body is None:
        raise ApiError(404, "not_found", "There is no sheet called “{sheet}”. Sheets: {sheets}.", sheet=sheet, sheets=", ".join(names))
    return download(body, "text/csv; charset=utf-8", f"{sheet}.csv")


@router.get("/{workshop_id}/export.json")
async def export_json(member: Facilitator, request: Request):
    """The whole workshop, restorable: every record, and the snapshot history."""
    body = await export_document(member.hub, request.app.state.snapshots)
    return Response(orjson.dumps(body), media_type="application/json",
                    headers={"Content-Disposition": 'attachment; filename="workshop-export.json"'})


@router.post("/restore", status_code=201, response_model=Created)
async def restore(request: Request):
    """A workshop back from its export.json: a new id, the same content, a new facilitator token."""
    await may_restore(request)
    async with request.app.state.upload_slots.slot(client_key(request)):
        return await _restore(request)


async def _restore(request: Request):
    spooled = await spool_body(request, UPLOAD_LIMIT, "export")
    try:
        data = await heavy(spooled.read)
    finally:
        spooled.close()
    export = await in_process(heavy_jobs.read_export, data)  # parsed in a child process
    del data
    if export is None:
        raise ApiError(422, "invalid", "The file is not an export.json from Coboard.", "body")
    created = await restore_workshop(request.app.state, export)  # a Packed export is decided in a child too
    base = base_url(request)
    return ORJSONResponse(Created(**created, join_url=join_url(base, created),
                                  board_url=board_url(base, created)).model_dump(), status_code=201)


async def may_restore(request: Request) -> None:
    """Who may restore, decided before a byte of the body is read: with an admin key on the server,
    only its holders; without one, a facilitator of a workshop here, or anyone a few times an hour
    per address (a restore is a whole workshop's worth of memory and work)."""
    state = request.app.state
    if state.settings.admin_key:
        check_admin_key(request)
    elif not await _is_a_facilitator(request) and not state.limits["restore"].allow(key := client_key(request)):
        raise ApiError(429, "rate_limited", "Too many restores from here this hour. Please try again later, "
                                            "or restore with a facilitator's sign-in.").waiting(state.limits["restore"].wait(key))
    if not state.limits["create"].allow(key := client_key(request)):
        raise ApiError(429, "rate_limited", "Too many workshops created from here just now. "
                                            "Please wait a minute.").waiting(state.limits["create"].wait(key))


async def _is_a_facilitator(request: Request) -> bool:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    member = await request.app.state.store.member_for_token(token.strip())
    if member is None:
        raise ApiError(401, "unauthorized", "This sign-in is not valid. Please join the workshop again.")
    hub = await request.app.state.hubs.get(member[0], touch=False)  # read, not used: a refusal keeps it where it was
    me = hub.state.get(member[1]) if hub else None
    if me is not None and (expired := await token_expired(request.app.state, hub)) is not None:
        raise expired
    if me is None or me["role"] != "facilitator":
        raise ApiError(403, "forbidden", "Only a facilitator can restore a workshop.")
    return True


# ---- printable cards and the report ------------------------------------------------------------

@router.get("/{workshop_id}/cards.pdf")
async def printable_cards(member: MemberContext = Staff, question: Literal["ww", "nww", "iff", "all"] = "all"):
    records = await _records(member)
    body = await heavy(cards_pdf.printable_cards, records, question)
    return download(body, "application/pdf", f"cards-{question}.pdf")


@router.get("/{workshop_id}/report.{fmt}")
async def full_report(fmt: Literal["html", "pdf"], member: MemberContext = Staff):
    return await _document(member, report.full_report, fmt, "wtfc-report")


@router.get("/{workshop_id}/you-said-we-did.{fmt}")
async def you_said_we_did(fmt: Literal["html", "pdf"], member: MemberContext = Staff):
    return await _document(member, report.you_said_we_did, fmt, "you-said-we-did")


async def _document(member, build, fmt: str, name: str):
    records = await _records(member)
    if fmt == "html":
        html = await heavy(lambda: build(records).html())
        return HTMLResponse(html, headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})
    body = await heavy(lambda: build(records).pdf())
    return download(body, "application/pdf", f"{name}.pdf")
