"""`/web/…`: the front end's files, compressed once (br, else gzip) and revalidated by ETag.

A phone on the room's Wi-Fi loads every module of the board: sending them compressed cuts the
bytes by about four, and `Cache-Control: no-cache` with a strong ETag lets a reload ask "still
the same?" and get an empty 304 instead of the file again. Each file's compressed forms are made
the first time someone asks for them and kept until the file changes (its size or mtime), so a
deploy needs no build step and an edited file is served fresh at once. Modules are sent without
their comments and indentation (js_comments.py: about a third of their compressed bytes), lines kept.
"""
import gzip
import hashlib
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

import brotli
from starlette.datastructures import Headers
from starlette.types import Receive, Scope, Send

from .errors import error_response
from .js_comments import strip_comment_lines

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/manifest+json")
MIN_COMPRESS = 256  # smaller files gain nothing worth a header
# A module script is always read as UTF-8 (HTML: "fetch a single module script"), so its type needs no charset.
TYPES = {".js": "text/javascript", ".mjs": "text/javascript",
         ".css": "text/css; charset=utf-8", ".html": "text/html; charset=utf-8",
         ".json": "application/json", ".svg": "image/svg+xml", ".map": "application/json"}
ENCODINGS = ("br", "gzip")  # in order of preference when the browser accepts both equally


@dataclass
class WebFile:
    stamp: tuple[int, int]  # (mtime_ns, size): when it changes, the file is read again
    body: bytes
    content_type: str
    tag: str  # the content's hash; each encoding's ETag is derived from it
    encoded: dict[str, bytes] = field(default_factory=dict)

    @property
    def compressible(self) -> bool:
        return len(self.body) >= MIN_COMPRESS and self.content_type.startswith(COMPRESSIBLE)

    def etag(self, encoding: str | None) -> str:
        return f'"{self.tag}-{encoding}"' if encoding else f'"{self.tag}"'

    def encode(self, encoding: str) -> bytes:
        if encoding not in self.encoded:
            if encoding == "br":
                self.encoded[encoding] = brotli.compress(self.body, quality=11, mode=brotli.MODE_TEXT)
            else:
                self.encoded[encoding] = gzip.compress(self.body, compresslevel=9, mtime=0)
        return self.encoded[encoding]


def without_comment_lines(body: bytes) -> bytes:
    """A module as sent: its comments and indentation dropped, lines kept (js_comments.py); as it is if not UTF-8."""
    try:
        return strip_comment_lines(body.decode("utf-8")).encode("utf-8")
    except UnicodeDecodeError:
        return body


def accepted(header: str) -> set[str]:
    """The encodings an Accept-Encoding header allows (q=0 means "not this one")."""
    allowed = set()
    for part in header.lower().split(","):
        name, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            key, _, value = p.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name and q > 0:
            allowed.add(name)
    if "*" in allowed:
        allowed.update(ENCODINGS)
    return allowed


def matches(if_none_match: str, file: WebFile) -> bool:
    """If-None-Match names this file's content, in any of its encodings (or `*`)."""
    for tag in if_none_match.split(","):
        tag = tag.strip()
        if tag == "*":
            return True
        tag = tag.removeprefix("W/").strip('"')
        if tag == file.tag or tag.rsplit("-", 1)[0] == file.tag:
            return True
    return False


class WebFiles:
    """An ASGI app serving files below `root` (GET and HEAD only; nothing outside root, no listings)."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.files: dict[Path, WebFile] = {}

    def find(self, rel: str) -> WebFile | None:
        if not rel or "\x00" in rel:
            return None
        path = (self.root / rel.lstrip("/")).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
        known = self.files.get(path)
        if known is None or known.stamp != stamp:
            body = path.read_bytes()
            kind = TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if kind == "text/javascript":
                body = without_comment_lines(body)
            known = self.files[path] = WebFile(stamp, body, kind, hashlib.sha256(body).hexdigest()[:20])
        return known

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        if method not in ("GET", "HEAD"):
            return await error_response(405, "invalid", "Files can only be read.")(scope, receive, send)
        file = self.find(route_path(scope))
        if file is None:
            return await error_response(404, "not_found", "There is no such file.")(scope, receive, send)
        request = Headers(scope=scope)
        encoding = None
        if file.compressible:
            allowed = accepted(request.get("accept-encoding", ""))
            encoding = next((e for e in ENCODINGS if e in allowed), None)
        headers = [(b"etag", file.etag(encoding).encode()), (b"cache-control", b"no-cache")]
        if file.compressible:
            headers.append((b"vary", b"Accept-Encoding"))
        if matches(request.get("if-none-match", ""), file):
            return await respond(send, 304, headers, b"")
        body = file.encode(encoding) if encoding else file.body
        headers += [(b"content-type", file.content_type.encode()), (b"content-length", str(len(body)).encode())]
        if encoding:
            headers.append((b"content-encoding", encoding.encode()))
        await respond(send, 200, headers, b"" if method == "HEAD" else body, len(body))


def route_path(scope: Scope) -> str:
    """The path below the mount point (Starlette keeps the full path and puts the mount in root_path)."""
    path, root = scope["path"], scope.get("root_path", "")
    if root and path.startswith(root) and (len(path) == len(root) or path[len(root)] == "/"):
        return path[len(root):]
    return path


async def respond(send: Send, status: int, headers: list, body: bytes, length: int | None = None) -> None:
    if status != 304 and not any(k == b"content-length" for k, _ in headers):
        headers = [*headers, (b"content-length", str(len(body) if length is None else length).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
