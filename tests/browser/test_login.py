import re

from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot
from tests.factories import make_person


def test_person_logs_in_with_email_and_password_and_sees_their_name(page):
    person = make_person("Fay Front", unit="Harbor Health/Nursing/Ward 4B")
    page.goto("/")
    expect(page).to_have_url(re.compile("/accounts/login/"))
    screenshot(page, "login")
    log_in(page, person)
    expect(page.get_by_role("heading", name="Welcome, Fay Front")).to_be_visible()


def test_wrong_password_is_refused_with_a_message(page):
    person = make_person("Fay Front")
    page.goto("/accounts/login/")
    page.fill("input[name=login]", person.user.email)
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    expect(page.get_by_text("not correct")).to_be_visible()
    expect(page).to_have_url(re.compile("/accounts/login/"))
