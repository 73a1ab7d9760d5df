"""One way to import a file of answers, for the HTTP upload and `coboard import` alike.

Both read the file with the same reader and limits, and send the same internal op
(`responses.import`) through the gate, so both make the same checks: the role, the board
rules (Day 1's boards are locked on Day 2), a file already imported.
"""
import hashlib

from ..i18n import Word
from ..protocol.limits import UPLOAD_BYTES
from .responses import FileProblem, Parsed, read_answers


def too_large_file(limit: int) -> FileProblem:
    """The same words as an upload refused while it streams in (api/uploads.py too_large)."""
    return FileProblem("That {what} is too large: the limit is {mb} MB.", status=413, what=Word("file"),
                       mb=limit // (1024 * 1024))


def read_file(data: bytes, filename: str, mapping: dict | None = None, preview: bool = False) -> Parsed:
    """The answers of a file, or FileProblem (too large, not CSV/XLSX, unreadable) in plain words."""
    if len(data) > UPLOAD_BYTES:
        raise too_large_file(UPLOAD_BYTES)
    return read_answers(data, filename, mapping, preview)


def file_digest(data: bytes) -> str:
    """What tells the same file imported twice."""
    return hashlib.sha256(data).hexdigest()


async def import_parsed(hub, actor_id: str, parsed: Parsed, data: bytes | None, filename: str,
                        publish: bool = True, again: bool = False, digest: str | None = None):
    """Send a read file through the gate as one op; returns (seq, change) or raises Rejected.

    `digest` (file_digest of the file) may be given instead of `data`, when the file is gone."""
    args = parsed.import_args(filename, digest or file_digest(data), publish, again)
    return await hub.execute(actor_id, "responses.import", args, internal=True)
