"""Leading up on a phone: anonymous feedback to a leader, the code shown once, the
leader's reply read back with the code."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tandem.voice import services
from tandem.voice.models import Feedback
from tests.browser.conftest import log_in, screenshot, watch_csp
from tests.factories import make_team


def test_anonymous_feedback_and_a_reply_read_with_the_code_on_a_phone(phone):
    team = make_team()
    fay, erin = team["frontline"], team["executive"]
    problems = watch_csp(phone)
    log_in(phone, fay)
    phone.goto("/voice/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    expect(
        phone.locator("p.meta strong", has_text="Named only")
    ).to_be_visible()  # Sid's team is too small
    phone.get_by_label("To").select_option(str(erin.pk))
    phone.get_by_label("A concern").check()
    phone.get_by_label("Your feedback").fill("Night shifts are one nurse short every Sunday.")
    phone.get_by_label("anonymously").check()
    screenshot(phone, "feedback-phone")
    phone.get_by_role("button", name="Send").click()
    code = phone.locator(".reply-code code").inner_text()
    expect(phone.get_by_text("shown only this once")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "feedback-code-phone")

    feedback = Feedback.objects.get()
    assert feedback.author is None
    services.deliver_due(timezone.localdate() + timedelta(days=1))
    services.reply(erin, feedback, "Thank you. I will look at the Sunday rota this week.")

    phone.goto("/voice/code/")
    phone.get_by_label("Reply code").fill(code)
    phone.get_by_role("button", name="Show the conversation").click()
    expect(phone.get_by_text("I will look at the Sunday rota")).to_be_visible()
    phone.get_by_label("Your reply").fill("Thank you for listening.")
    phone.get_by_role("button", name="Answer anonymously").click()
    expect(phone.locator(".message")).to_contain_text("reaches the inbox tomorrow morning")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "feedback-conversation-phone")
    assert feedback.messages.filter(from_recipient=False).get().text == "Thank you for listening."
    assert problems == []
