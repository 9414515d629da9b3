"""The browser fixtures (Playwright, live server) for the outcome page's browser test."""

from tests.browser.conftest import browser_db, chromium, live_server, page, phone  # noqa: F401
