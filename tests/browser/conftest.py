"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Screenshots go to $TANDEM_SCREENSHOT_DIR when it is set (a relative path is taken from the
repository root), otherwise to var/screenshots/, a git-ignored scratch folder, so a test run
leaves the work tree clean. `make screenshots` sets it to docs/screenshots to refresh the
README's pictures.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from tandem.capture.models import load_building_blocks
from tests.factories import PASSWORD

REPO = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.hookimpl(tryfirst=True)  # before `-m browser` deselects by marker
def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, stopped before the test database is dropped.

    Without the explicit order its thread may still hold a connection when
    PostgreSQL is asked to drop the test database.
    """
    return live_server


@pytest.fixture
def browser_db(transactional_db):
    """A transactional test empties every table, the migration-loaded building blocks too."""
    load_building_blocks()


@pytest.fixture
def page(chromium, live_server, browser_db) -> Page:
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


@pytest.fixture
def phone(chromium, live_server, browser_db) -> Page:
    """A 390-px-wide phone screen with touch."""
    context = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()


def log_in(page: Page, person) -> None:
    """Log in through the real login form."""
    page.goto("/accounts/login/")
    page.fill("input[name=login]", person.user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login" not in url)


def screenshot_dir() -> Path:
    """Where screenshots go (see the module docstring); created if missing."""
    configured = os.environ.get("TANDEM_SCREENSHOT_DIR", "").strip()
    directory = REPO / Path(configured).expanduser() if configured else REPO / "var" / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as `<name>.png` in screenshot_dir(); returns its path."""
    path = screenshot_dir() / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def watch_csp(page: Page) -> list[str]:
    """Collect the page's Content-Security-Policy violations, console errors and page
    errors from now on (the list fills as the page runs)."""
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def on_console(message) -> None:
        if message.location.get("url", "").endswith("/favicon.ico"):
            return  # the app has no favicon; not what these tests are about
        if message.type == "error" or "Content Security Policy" in message.text:
            problems.append(message.text)

    page.on("console", on_console)
    return problems
