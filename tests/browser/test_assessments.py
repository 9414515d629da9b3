"""The assessments on a phone: a nurse answers the twelve blocks with one tap each and
names a practice that works against service, their manager reads the results; a nurse
rates her supervisor in the 360 and he reads his report. Every page fits the 390-px
screen and names each of its form controls."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tandem.assessments import leaders, services
from tandem.assessments.models import (
    Feedback360,
    Invitation,
    Rated,
    Rating,
    Responsibility,
    Review,
    Submission,
)
from tandem.capture.models import BuildingBlock
from tandem.voice.models import Heard
from tests.browser.conftest import log_in, screenshot, watch_csp
from tests.browser.test_initiatives import fits_and_is_labelled, switch_to
from tests.factories import make_person, make_program_office, make_team


def test_a_nurse_answers_on_a_phone_and_the_manager_reads_the_results(phone):
    team = make_team()
    for n in range(5):
        make_person(f"Nurse {n + 1}", unit=team["frontline"].unit, manager=team["supervisor"])
    office = make_program_office()
    plan = services.Plan(
        title="Building blocks, spring",
        units=[team["frontline"].unit],
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timedelta(days=14),
    )
    made = services.save_round(office.user, plan)
    services.open_round(office.user, made)
    blocks = list(BuildingBlock.objects.order_by("position"))
    for invitation in Invitation.objects.filter(round=made).exclude(person=team["frontline"])[:5]:
        services.answer(invitation.person, made, {b.pk: services.Choice(3) for b in blocks})
    problems = watch_csp(phone)
    log_in(phone, team["frontline"])

    phone.goto("/assessments/")
    fits_and_is_labelled(phone)
    phone.get_by_role("link", name="Answer (about 5 minutes)").click()
    phone.wait_for_url(f"**/assessments/{made.pk}/answer/")
    assert fits_and_is_labelled(phone) >= 12 * 6 + 1
    for n, block in enumerate(blocks):
        group = phone.get_by_role("group", name=f"{n + 1}. {block.name}")
        group.get_by_label("Mostly supports it" if n else "Rarely supports it").check()
    recognition = phone.get_by_role("group", name="6. Service Recognition and Rewards")
    recognition.get_by_text("Name a practice that works against service").click()
    recognition.get_by_role("textbox").fill("The bonus counts procedures, not care.")
    screenshot(phone, "assessment-answer-phone")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    fits_and_is_labelled(phone)
    assert Submission.objects.count() == 6
    named = Rating.objects.get(against__startswith="The bonus")
    assert named.block.slug == "recognition" and named.score == 4

    switch_to(phone, team["manager"])
    phone.goto(f"/assessments/{made.pk}/")
    fits_and_is_labelled(phone)
    heatmap = phone.locator(".bb-heatmap")
    # Five rated Common Service Language 3 and the nurse 2: 2.8 over six.
    expect(heatmap.get_by_role("row", name="Common Service Language")).to_contain_text("2.8")
    expect(phone.get_by_text("6 · 67%")).to_be_visible()  # of the ward's nine
    screenshot(phone, "assessment-results-phone")
    assert problems == []


def test_the_360_is_answered_and_read_on_a_phone(phone):
    """Fay rates her supervisor Sid on a phone: a missing responsibility keeps nothing and
    says which; then one tap a row and two answers in words. After the close Sid reads his
    report there, a blind spot flagged, and shares what he heard with his team."""
    team = make_team()  # Ward 4B: Maria Manager, Sid Super, Fay Front, Cal Colleague
    nia = make_person("Nia Nurse", unit=team["frontline"].unit, manager=team["supervisor"])
    office = make_program_office()
    plan = leaders.Plan(
        title="Leadership 360, winter",
        units=[team["frontline"].unit],
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timedelta(days=14),
    )
    made = leaders.save_round(office.user, plan)
    leaders.open_round(office.user, made)
    review = Review.objects.get(leader=team["supervisor"])
    every = [value for value, _ in Responsibility.choices]
    leaders.rate(team["supervisor"], review, dict.fromkeys(every, 5))
    leaders.rate(team["manager"], review, dict.fromkeys(every, 3))
    for person in (team["colleague"], nia):
        leaders.rate(person, review, dict.fromkeys(every, 2), "Fair rotas.")
    problems = watch_csp(phone)
    log_in(phone, team["frontline"])

    phone.goto("/assessments/leaders/")
    fits_and_is_labelled(phone)
    phone.get_by_role("link", name="Rate", exact=True).click()
    phone.wait_for_url(f"**/assessments/leaders/review/{review.pk}/rate/")
    assert fits_and_is_labelled(phone) >= 8 * 6 + 2 + 1
    labels = [label for _, label in Responsibility.choices]
    for n, label in enumerate(labels[:-1]):
        phone.get_by_role("group", name=f"{n + 1}. {label}").get_by_text("2", exact=True).click()
    phone.get_by_role("button", name="Send my ratings").click()
    expect(phone.get_by_role("alert")).to_contain_text("Nothing was kept")
    expect(phone.get_by_text("Rate “Developing and keeping talented people”")).to_be_visible()
    assert Feedback360.objects.filter(review=review, group="report").count() == 2  # Cal's, Nia's
    assert Rated.objects.filter(review=review).count() == 4
    talent = phone.get_by_role("group", name=f"8. {labels[-1]}")
    talent.get_by_text("2", exact=True).click()
    phone.get_by_label("What should this leader keep doing?").fill("Fair rotas.")
    phone.get_by_label("What should this leader start doing?").fill(
        "Ask us before changing shifts."
    )
    screenshot(phone, "assessment-360-rate-phone")
    phone.get_by_role("button", name="Send my ratings").click()
    expect(phone.get_by_role("status")).to_contain_text("your ratings of Sid Super are in")
    expect(phone.get_by_text("Rated. Thank you.")).to_be_visible()
    assert Feedback360.objects.filter(review=review, group="report").count() == 3
    assert Rated.objects.filter(review=review).count() == 5

    leaders.close_round(office.user, made)
    switch_to(phone, team["supervisor"])
    phone.goto("/assessments/leaders/")
    phone.get_by_role("link", name="Read your report").click()
    fits_and_is_labelled(phone)
    morale = phone.get_by_role("row", name="Morale")
    expect(morale).to_contain_text("blind spot")  # 5 against the others' 2.3
    expect(phone.get_by_text("Ask us before changing shifts.")).to_be_visible()
    screenshot(phone, "assessment-360-report-phone")
    phone.get_by_label("What I heard").fill("You want a say before shifts change.")
    phone.get_by_label("What I will work on").fill("Ask the team a week before any change.")
    phone.get_by_role("button", name="Share with my team").click()
    expect(phone.get_by_role("status")).to_be_visible()
    assert Heard.objects.filter(leader=team["supervisor"]).exists()
    # The one error is the refused form's answer (400), as it should be.
    assert [p for p in problems if "status of 400" not in p] == []
    assert len(problems) == 1
