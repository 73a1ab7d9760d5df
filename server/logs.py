"""Keeps join codes and tokens out of the logs: the access log shows such query values as `…`.

Links handed out today carry the code and token in the URL fragment, which never reaches the
server; older `?code=` links still work, and without this their codes would sit in every
access log and log collector the server writes to.
"""
import logging
import re

SECRET_PARAMS = ("code", "join_code", "token", "key", "admin_key")
_SECRET_QUERY = re.compile(r"([?&](?:%s)=)[^&#\s]*" % "|".join(SECRET_PARAMS), re.IGNORECASE)


def redacted(path: str) -> str:
    """The path with the values of secret query parameters replaced."""
    return _SECRET_QUERY.sub(r"\1…", path)


class RedactSecrets(logging.Filter):
    """For uvicorn's access log, whose record args are (client, method, path, http version, status)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], redacted(args[2]), *args[3:])
        return True


def install() -> None:
    """Once per process: filter uvicorn's access log."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactSecrets) for f in access.filters):
        access.addFilter(RedactSecrets())
