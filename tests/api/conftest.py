"""API fixtures: one real server for the tests that only need their own workshop."""
import httpx
import pytest

from tests.conftest import LiveServer, start_server, stop_server

# Every test makes its own workshop from 127.0.0.1: the create, wrong-code and restore limits are
# raised here and tested on servers of their own (tests/adversarial).
SHARED_ENV = {"COBOARD_CREATES_PER_MINUTE": "100000", "COBOARD_JOIN_FAILURES_PER_MINUTE": "100000",
              "COBOARD_RESTORES_PER_HOUR": "100000"}


@pytest.fixture(scope="package")
def server(tmp_path_factory) -> LiveServer:
    live = start_server(tmp_path_factory.mktemp("api"), extra_env=SHARED_ENV)
    yield live
    stop_server(live)


@pytest.fixture
def http(server):
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        yield client


@pytest.fixture
def workshop(server) -> dict:
    return server.create_workshop("Day services review", "Sam", purpose="What matters to people")


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def assert_error(response, status: int, code: str, field: str | None = None) -> dict:
    """A JSON error body `{code, message, field?}` with that status."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code, body
    assert isinstance(body["message"], str) and body["message"].strip(), body
    if field is not None:
        assert body.get("field") == field, body
    return body
