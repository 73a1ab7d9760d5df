"""Browser fixtures: one headless Chromium per test module (each test opens its own contexts).

Not one for the whole session: Playwright's sync API keeps its event loop running on the main
thread while it is open, and the asyncio tests that run after the browser tests need that thread.
"""
import pytest
from playwright.sync_api import sync_playwright

from .pages import ARGS, CHROMIUM


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()
