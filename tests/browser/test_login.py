from tests.browser.conftest import log_in, screenshot
from tests.factories import make_person


def test_person_logs_in_with_email_and_password_and_sees_their_name(page):
    person = make_person("Fay Front", unit="Harbor Health/Nursing/Ward 4B")
    page.goto("/")
    assert "/accounts/login/" in page.url
    screenshot(page, "login")
    log_in(page, person)
    assert page.get_by_role("heading", name="Welcome, Fay Front").is_visible()


def test_wrong_password_is_refused_with_a_message(page):
    person = make_person("Fay Front")
    page.goto("/accounts/login/")
    page.fill("input[name=login]", person.user.email)
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    assert page.get_by_text("not correct").is_visible()
    assert "/accounts/login/" in page.url
