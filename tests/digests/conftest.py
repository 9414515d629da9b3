# The live server and the emptied database of the browser tests, for test_browser.py.
from tests.browser.conftest import browser_db, live_server  # noqa: F401
