"""Anonymous words in a small group keep only the week and arrive with the week's batch
(PRODUCT.md M7: "store the day, or the week for small groups"; voice/batches.py). The
clock is set to fixed days, so that every weekday is met whatever day the suite runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from tandem.voice import initiatives as service
from tandem.voice import services
from tandem.voice.batches import batch, by_week
from tandem.voice.models import Feedback, Message, Response
from tests.factories import make_person

pytestmark = pytest.mark.django_db

MONDAY, NEXT_MONDAY = date(2026, 12, 7), date(2026, 12, 14)
WARD = "Harbor Health/Nursing/Ward 4B"


def published(owner):
    """The owner's initiative for their own team, published today."""
    draft = service.Draft(
        title="Huddles at 7:10",
        what="The huddle starts at 7:10.",
        why="Breakfasts are served first.",
        units=[owner.unit],
        owner=owner,
        starts_on=date(2026, 12, 1),
    )
    initiative = service.save_draft(owner.user, draft)
    service.publish(owner.user, initiative)
    return initiative


def on(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=UTC))


@pytest.mark.parametrize("offset", range(7))
def test_each_day_of_a_week_keeps_its_monday_and_arrives_the_monday_after(offset):
    day = MONDAY + timedelta(days=offset)
    weekly = batch(day, True)
    assert (weekly.kept_on, weekly.arrives_on, weekly.by_week) == (MONDAY, NEXT_MONDAY, True)
    daily = batch(day, False)
    assert (daily.kept_on, daily.arrives_on, daily.by_week) == (day, day + timedelta(1), False)


def test_a_group_under_twice_the_minimum_is_kept_by_the_week():
    assert [by_week(n, 5) for n in (5, 9, 10, 40)] == [True, True, False, False]
    assert [by_week(n, 3) for n in (5, 6)] == [True, False]


def test_an_anonymous_response_in_a_small_team_keeps_the_week_and_arrives_with_it(team):
    maria, fay = team["manager"], team["frontline"]
    make_person("Nia Nurse", unit=WARD)  # Ward 4B: five, under twice the minimum
    with on(date(2026, 12, 9)):  # Wednesday
        initiative = published(maria)
        response, code = service.respond(fay, initiative, "concern", "Too early.", anonymous=True)
    saved = Response.objects.get(pk=response.pk)
    assert (saved.created_on, saved.visible_on, saved.by_week) == (MONDAY, NEXT_MONDAY, True)
    for day in (date(2026, 12, 10), date(2026, 12, 13)):  # Thursday and Sunday: not yet
        assert list(service.readable_responses(initiative, day)) == []
        assert service.deliver_due(day) == 0
    assert list(service.readable_responses(initiative, NEXT_MONDAY)) == [saved]
    assert service.deliver_due(NEXT_MONDAY) == 1

    with on(date(2026, 12, 16)):  # the Wednesday after: a question back
        service.answer(maria.user, initiative, [saved.pk], "question", "Which shift?")
        assert service.summary(initiative).median_days_to_answer == 2  # Monday → Wednesday
    with on(date(2026, 12, 17)):  # Thursday: the author answers with the code
        service.change(service.find_by_code(code), "concern", "Nights: they leave at 7.")
    saved.refresh_from_db()
    # The change keeps its week's Monday too, and waits for the next Monday's batch.
    assert (saved.changed_on, saved.visible_on) == (NEXT_MONDAY, date(2026, 12, 21))
    assert service.open_responses(initiative, date(2026, 12, 20)).count() == 0
    reopened = service.open_responses(initiative, date(2026, 12, 21))
    assert list(reopened) == [saved] and service.reopened(reopened[0])


def test_the_code_page_says_the_week_not_a_day(team, login):
    maria, fay = team["manager"], team["frontline"]
    make_person("Nia Nurse", unit=WARD)
    with on(date(2026, 12, 10)):  # Thursday
        initiative = published(maria)
        sent = login(fay).post(
            f"/voice/initiatives/{initiative.pk}/respond/",
            {"kind": "concern", "text": "Too early.", "anonymous": "1"},
        )
        assert "reaches Maria Manager on Monday 14 Dec, with the others of the week" in (
            sent.content.decode()
        )
        page = login(fay).post(
            "/voice/initiatives/code/", {"code": sent.context["code"], "action": "read"}
        )
    assert "Sent in the week of 7 Dec 2026" in page.content.decode()


def test_anonymous_feedback_from_a_small_line_keeps_the_week(team, login):
    fay, erin = team["frontline"], team["executive"]  # five could write to Erin
    with on(date(2026, 12, 11)):  # Friday
        sent = login(fay).post(
            "/voice/",
            {"to": erin.pk, "kind": "concern", "text": "Nights are short.", "anonymous": "1"},
        )
        assert "reaches Erin Exec's inbox on Monday 14 Dec, with the others of the week" in (
            sent.content.decode()
        )
    feedback = Feedback.objects.get()
    assert feedback.deliver_on == NEXT_MONDAY  # the only date it keeps
    assert list(services.inbox(erin, date(2026, 12, 13))) == []
    assert list(services.inbox(erin, NEXT_MONDAY)) == [feedback]
    with on(date(2026, 12, 15)):  # Tuesday: the author answers back with the code
        services.reply(erin, feedback, "Which nights?")
        services.author_reply(feedback, "Weekends.")
    answer = Message.objects.get(from_recipient=False)
    assert answer.deliver_on == date(2026, 12, 21)


def test_anonymous_feedback_from_a_large_line_keeps_the_day(team):
    fay, erin = team["frontline"], team["executive"]
    for n in range(5):  # ten could write to Erin
        make_person(f"Fin {n}", unit="Harbor Health/Finance", manager=erin)
    with on(date(2026, 12, 11)):
        feedback, _ = services.send(fay, erin, "concern", "Nights are short.", anonymous=True)
    assert feedback.deliver_on == date(2026, 12, 12)
