"""The server's secret for anonymous answers (domain/anonymous.py), kept out of the database.

Every anonymous answer's id is a keyed hash of (question, person) under a key made from this secret.
Were the secret in the database beside the records, anyone who can read the database (a backup, a
dump, a database login) could rebuild every id and link each answer to its person. So it is not:

1. `COBOARD_BALLOT_SECRET` (at least 32 characters), when set: the same on every process;
2. else the file `COBOARD_BALLOT_SECRET_FILE`, or by default, for a SQLite file, `<database>.ballot-key`
   beside it: read, or made once (random, mode 0600, created atomically so processes starting together
   agree on one);
3. else (PostgreSQL with neither set) the server refuses to start: processes on other hosts would each
   make their own, and a person could then answer a questionnaire twice. An in-memory database (one
   process holds it) gets a secret of its own.

The database of an earlier version held the secret (table `server_secrets`, row `ballots`): it is taken
out at start: when this start makes the key file, the file gets that value, so open polls still find
people's answers; once the secret is settled the row is deleted. See docs/operations.md and docs/privacy.md.
"""
import logging
import os
import secrets
from pathlib import Path

from .config import Settings

log = logging.getLogger("coboard.secrets")
MIN_LENGTH = 32


class BallotSecretMissing(SystemExit):
    """Said in plain words by `coboard` commands, which then stop (no traceback)."""


MISSING = ("Set COBOARD_BALLOT_SECRET (the same value on every process) or COBOARD_BALLOT_SECRET_FILE "
           "(a file every process reads): the secret for anonymous answers is not kept in the database. "
           "See docs/operations.md.")


def refuse_unless_configured(settings: Settings) -> None:
    """Before a server starts: PostgreSQL needs the secret configured (checked again at start)."""
    if not settings.ballot_secret and not settings.ballot_secret_file and \
            not settings.database_url.startswith("sqlite"):
        raise BallotSecretMissing(MISSING)


def _from_text(text: str) -> bytes:
    text = text.strip()
    if len(text) < MIN_LENGTH:
        raise BallotSecretMissing(f"COBOARD_BALLOT_SECRET must be at least {MIN_LENGTH} characters "
                                  "(make one with: python -c 'import secrets; print(secrets.token_hex(32))')")
    try:
        return bytes.fromhex(text)
    except ValueError:
        return text.encode()


def default_file(settings: Settings, sqlite_file: str | None) -> Path | None:
    if settings.ballot_secret_file:
        return Path(settings.ballot_secret_file)
    return Path(sqlite_file + ".ballot-key") if sqlite_file else None


def read_or_make(path: Path, first_value: bytes | None) -> bytes:
    """The file's secret; when there is no file, one is made with `first_value` (or a new random one)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write((first_value or secrets.token_bytes(32)).hex() + "\n")
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(temporary, path)  # fails when another process made it first: theirs is the one
            log.info("made the ballot key file %s", path)
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return _from_text(path.read_text())


async def ballot_secret(settings: Settings, store, sqlite_file: str | None) -> bytes:
    """The secret this process files anonymous answers with; the database's old copy is removed once
    the secret is settled (written to its file first, so a failed start loses nothing)."""
    old = await store.old_secret("ballots")
    if settings.ballot_secret:
        secret = _from_text(settings.ballot_secret)
    elif (path := default_file(settings, sqlite_file)) is not None:
        secret = read_or_make(path, old)
    elif sqlite_file is None and store.in_memory:
        secret = old or secrets.token_bytes(32)
    else:
        raise BallotSecretMissing(MISSING)
    if old is not None:
        await store.drop_old_secret("ballots")
        if old != secret:
            log.warning("the ballot secret held in the database differed from the configured one and was "
                        "removed: anonymous polls and questionnaires open now start their people afresh")
        else:
            log.info("the ballot secret was moved out of the database")
    return secret
