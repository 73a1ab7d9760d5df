"""Browser fixtures: one headless Chromium and one live server for the whole browser package; each test
opens its own contexts (a fresh profile: storage, cookies) and makes its own workshops.

Not one Chromium for the session: Playwright's sync API keeps its event loop running on the main thread
while it is open, and the asyncio tests that run after the browser tests need that thread. The package's
fixtures are torn down when pytest leaves tests/browser, before those tests start.

One server, as in tests/api and tests/realtime: starting `coboard serve` costs seconds on a loaded
machine and every test works on workshops of its own. Tests that need other settings start their own
(test_privacy_notice.py). All the creates, joins and wrong codes of the package come from 127.0.0.1, so
those server-wide limits are raised here; they are tested on servers of their own (tests/adversarial).
"""
import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import LiveServer, start_server, stop_server

from .pages import ARGS, CHROMIUM

SHARED_ENV = {"COBOARD_CREATES_PER_MINUTE": "100000", "COBOARD_JOIN_FAILURES_PER_MINUTE": "100000",
              "COBOARD_RESTORES_PER_HOUR": "100000"}


@pytest.fixture(scope="package")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="package")
def live_server(tmp_path_factory) -> LiveServer:
    """The browser package's `coboard serve`, with its own SQLite file (overrides tests/conftest.py's,
    which starts one per test)."""
    server = start_server(tmp_path_factory.mktemp("browser"), extra_env=SHARED_ENV)
    yield server
    stop_server(server)


@pytest.fixture(autouse=True)
def _close_left_contexts(request):
    """Contexts a test left open (one that failed half-way) are closed after it: their pages would
    otherwise stay open in the shared Chromium, connected to the shared server, through the tests after."""
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            context.close()
