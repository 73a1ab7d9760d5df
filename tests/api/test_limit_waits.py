"""A rate limit's refusal says its own wait (Retry-After): the time until that limit lets this caller in again,
in whole seconds rounded up, not one value for every 429. A wrong-code lockout ("a few minutes") said 30 s, so a
client that waited as told was refused again.

In process (Starlette's TestClient runs the app's lifespan), with the limits' clock (app.state.clock) turned by
hand: each wait is read from the header, waited on that clock, and the next try is let in; a second less is not.
"""
import pytest
from starlette.testclient import TestClient

from server.app import create_app
from server.config import Settings
from server.protocol.limits import RETRY_AFTER_SECONDS, WRONG_CODE_WINDOW

from .conftest import assert_error


class Clock:
    now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def app_with(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    opened = []

    def start(**limits):
        settings = Settings(_env_file=None, DATABASE_URL=f"sqlite:///{tmp_path / 'coboard.db'}",
                            COBOARD_HEAVY_WORKERS=1, **limits)
        client = TestClient(create_app(settings))
        opened.append(client.__enter__())
        clock = client.app.state.clock = Clock()
        return client, clock

    yield start
    for client in opened:
        client.__exit__(None, None, None)


def create(client):
    return client.post("/api/workshops", json={"title": "Day services", "facilitator_name": "Sam"})


def join(client, workshop, code=None, name="Ada"):
    return client.post(f"/api/workshops/{workshop['workshop_id']}/join",
                       json={"join_code": code or workshop["join_code"], "name": name})


def wait_of(refused) -> int:
    assert_error(refused, 429, "rate_limited")
    return int(refused.headers["retry-after"])


def test_a_wrong_code_lockout_says_how_long_it_lasts(app_with):
    client, clock = app_with(COBOARD_WRONG_CODES_PER_ADDRESS=3)  # 3 in the window: one back every 200 s
    workshop = create(client).json()
    assert [join(client, workshop, "WRONG234").status_code for _ in range(3)] == [403, 403, 403]
    assert wait_of(join(client, workshop)) == WRONG_CODE_WINDOW / 3 != RETRY_AFTER_SECONDS  # the right code too
    clock.now += WRONG_CODE_WINDOW / 3 - 1
    assert wait_of(join(client, workshop)) == 1  # a second short: still refused, and told so
    clock.now += 1
    assert join(client, workshop).status_code == 201


def test_the_join_limit_says_how_long_it_lasts(app_with):
    client, clock = app_with(COBOARD_JOINS_PER_MINUTE=3)  # one join back every 20 s
    workshop = create(client).json()
    assert [join(client, workshop, name=f"P{i}").status_code for i in range(3)] == [201, 201, 201]
    assert wait_of(join(client, workshop)) == 20
    clock.now += 19
    assert wait_of(join(client, workshop)) == 1
    clock.now += 1
    assert join(client, workshop).status_code == 201


def test_the_create_limit_says_how_long_it_lasts(app_with):
    client, clock = app_with(COBOARD_CREATES_PER_MINUTE=4)  # one create back every 15 s
    assert [create(client).status_code for _ in range(4)] == [201] * 4
    assert wait_of(create(client)) == 15
    clock.now += 14.5
    assert wait_of(create(client)) == 1  # half a second left is said as one: never less than the wait
    clock.now += 0.5
    assert create(client).status_code == 201


def test_the_restore_limit_says_how_long_it_lasts(app_with):
    client, clock = app_with(COBOARD_RESTORES_PER_HOUR=2)  # 'this hour': one restore back every 30 minutes
    workshop = create(client).json()
    export = client.get(f"/api/workshops/{workshop['workshop_id']}/export.json",
                        headers={"Authorization": f"Bearer {workshop['token']}"}).json()
    assert [client.post("/api/workshops/restore", json=export).status_code for _ in range(2)] == [201, 201]
    assert wait_of(client.post("/api/workshops/restore", json=export)) == 1800
    clock.now += 1800
    assert client.post("/api/workshops/restore", json=export).status_code == 201
