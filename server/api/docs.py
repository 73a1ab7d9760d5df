"""`/api/docs`: Swagger UI for people writing against the API, off unless `COBOARD_API_DOCS=true`.

Served from the files of an installed package (fastapi-offline's copy of Swagger UI), never from
a CDN: a script from elsewhere on our origin could read every member's token. The page starts
Swagger UI from a file of ours rather than FastAPI's inline script, so it runs under a CSP too.
"""
from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

SWAGGER = Path(fastapi_offline.__file__).resolve().parent / "static"
STARTER = Path(__file__).resolve().parent / "static" / "api-docs.js"
# Swagger UI sets inline styles and shows data: icons; the rest stays as strict as the app's.
DOCS_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
               "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Coboard API</title>
  <link rel="stylesheet" href="/api/docs/files/swagger-ui.css">
  <link rel="icon" href="/api/docs/files/favicon.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/files/swagger-ui-bundle.js"></script>
  <script src="/api/docs/start.js"></script>
</body>
</html>
"""

router = APIRouter(include_in_schema=False)


@router.get("/api/docs")
async def docs_page():
    return HTMLResponse(PAGE, headers={"Content-Security-Policy": DOCS_POLICY})


@router.get("/api/docs/start.js")
async def docs_starter():
    return FileResponse(STARTER, media_type="text/javascript", headers={"Content-Security-Policy": DOCS_POLICY})


def install(app: FastAPI) -> None:
    """The docs page, its starter script and Swagger UI's own files."""
    app.include_router(router)
    app.mount("/api/docs/files", StaticFiles(directory=SWAGGER), name="api-docs-files")
