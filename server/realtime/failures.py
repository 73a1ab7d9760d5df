"""What a failure inside the server is answered with: nothing changed, and the connection stays open."""
import asyncio
import logging

from ..domain.errors import Rejected

log = logging.getLogger("coboard.hub")
DATABASE_AWAY = ("OperationalError", "InterfaceError", "ConnectionDoesNotExistError", "CannotConnectNowError",
                 "DatabaseUnavailable")


def internal() -> Rejected:
    """A bug (in a rule, in our code): answered, logged by the caller, nothing changed."""
    return Rejected("internal", "Something went wrong on our side, and nothing was changed. Please try again.")


def database_away(e: BaseException) -> bool:
    """Whether `e` says the database cannot be reached (down, restarting, unreachable)."""
    return isinstance(e, (OSError, ConnectionError, asyncio.TimeoutError)) or type(e).__name__ in DATABASE_AWAY


def hello_failed(e: BaseException) -> Rejected:
    """A hello that could not be answered: `unavailable` while the database is away, else `internal`."""
    if database_away(e):
        log.warning("could not welcome a connection: %s", type(e).__name__)
        return Rejected("unavailable", "The board cannot be reached just now. Please try again in a moment.")
    log.error("a hello failed inside the server", exc_info=e)
    return internal()


def storing_failed(e: BaseException) -> Rejected:
    """A batch that could not be stored: nothing of it changed; say whether the database is away."""
    if database_away(e):
        log.warning("could not store a batch of ops: %s", type(e).__name__)
        return Rejected("unavailable", "The board cannot save just now, so nothing was changed. "
                                       "Please try again in a moment.")
    if isinstance(e, Exception):
        log.error("could not store a batch of ops", exc_info=e)
    return internal()
