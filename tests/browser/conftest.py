"""Browser fixtures: one headless Chromium for the whole run (each test opens its own contexts)."""
import pytest
from playwright.sync_api import sync_playwright

from .pages import ARGS, CHROMIUM


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()
