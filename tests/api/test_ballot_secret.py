"""The secret anonymous answers are filed under is never in the database (server/ballot_secret.py)."""
import os
import sqlite3

import pytest

from server.ballot_secret import BallotSecretMissing, ballot_secret, refuse_unless_configured
from server.config import Settings
from server.services import open_services
from tests.contracts.store import real_store


def secrets_rows(db) -> list:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT name, value FROM server_secrets").fetchall()


async def test_a_new_server_keeps_its_secret_in_a_key_file_beside_the_database_not_in_it(tmp_path):
    db = tmp_path / "coboard.db"
    async with open_services(Settings(database_url=f"sqlite:///{db}")) as services:
        secret = services.hubs.ballot_secret
    key_file = tmp_path / "coboard.db.ballot-key"
    assert len(secret) == 32 and bytes.fromhex(key_file.read_text()) == secret
    assert oct(os.stat(key_file).st_mode & 0o777) == "0o600"
    assert secrets_rows(db) == [] and secret.hex().encode() not in db.read_bytes()
    async with open_services(Settings(database_url=f"sqlite:///{db}")) as services:  # a restart: the same
        assert services.hubs.ballot_secret == secret


async def test_an_older_database_s_secret_moves_to_the_key_file_and_leaves_the_database(tmp_path):
    db = tmp_path / "old.db"
    url = f"sqlite:///{db}"
    async with real_store(url):
        pass  # migrated
    old = bytes(range(32))
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO server_secrets (name, value) VALUES ('ballots', ?)", (old.hex(),))
    async with open_services(Settings(database_url=url)) as services:
        assert services.hubs.ballot_secret == old  # open polls still find people's answers
    assert secrets_rows(db) == [] and bytes.fromhex((tmp_path / "old.db.ballot-key").read_text()) == old


async def test_a_configured_secret_is_used_as_given_and_the_same_for_every_process(tmp_path):
    url = f"sqlite:///{tmp_path / 'a.db'}"
    given = "ab" * 32
    async with open_services(Settings(database_url=url, COBOARD_BALLOT_SECRET=given)) as one:
        async with open_services(Settings(database_url=url, COBOARD_BALLOT_SECRET=given)) as two:
            assert one.hubs.ballot_secret == two.hubs.ballot_secret == bytes.fromhex(given)
    assert not (tmp_path / "a.db.ballot-key").exists()
    shared = tmp_path / "keys" / "ballot.key"
    async with open_services(Settings(database_url=url, COBOARD_BALLOT_SECRET_FILE=str(shared))) as three:
        assert bytes.fromhex(shared.read_text()) == three.hubs.ballot_secret


async def test_a_short_secret_or_a_database_server_without_one_is_refused(tmp_path):
    with pytest.raises(BallotSecretMissing) as caught:
        refuse_unless_configured(Settings(database_url="postgresql://coboard@db/coboard"))
    assert "COBOARD_BALLOT_SECRET" in str(caught.value)
    refuse_unless_configured(Settings(database_url="postgresql://coboard@db/coboard", COBOARD_BALLOT_SECRET="x" * 32))
    url = f"sqlite:///{tmp_path / 'b.db'}"
    async with real_store(url) as store:
        with pytest.raises(BallotSecretMissing):  # not a SQLite file, not in memory: no default place
            await ballot_secret(Settings(database_url=url), store, None)
        with pytest.raises(BallotSecretMissing):
            await ballot_secret(Settings(database_url=url, COBOARD_BALLOT_SECRET="too short"), store, None)
