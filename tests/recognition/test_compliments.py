"""A customer compliment that names people reaches them and their managers and counts as
a recognition from the customer; the recognition follows the story's edits."""

from __future__ import annotations

import pytest

from tandem.capture.models import StoryKind
from tandem.notifications.models import Notification
from tandem.recognition.models import Recognition, Source
from tests.factories import make_person, make_story

pytestmark = pytest.mark.django_db


def texts(person) -> list[str]:
    return list(Notification.objects.filter(recipient=person).values_list("text", flat=True))


def test_a_compliment_naming_people_is_the_customers_recognition(team):
    fay, cal, sid = team["frontline"], team["colleague"], team["supervisor"]
    story = make_story(sid, fay, cal, customer_words="The night nurses were so kind.")
    made = Recognition.objects.get()
    assert made.source == Source.CUSTOMER and made.from_compliment and made.story == story
    assert made.what == "The night nurses were so kind." and made.date == story.date
    assert sorted(p.name for p in made.people.all()) == ["Cal Colleague", "Fay Front", "Sid Super"]
    assert texts(fay) == ["Recognized by a customer: “The night nurses were so kind.”"]
    # Sid logged it: he is not told of his own story. Fay's and Cal's manager is Sid, among
    # those recognized; Maria is told as his manager, once.
    assert texts(sid) == []
    [maria] = texts(team["manager"])
    assert maria.endswith("recognized by a customer: “The night nurses were so kind.”")
    assert all(name in maria for name in ("Sid Super", "Fay Front", "Cal Colleague"))
    assert texts(team["senior"]) == []


def test_the_recognition_follows_the_storys_people_and_kind(team):
    fay, cal = team["frontline"], team["colleague"]
    story = make_story(fay)
    assert list(Recognition.objects.get().people.all()) == [fay]
    nia = make_person("Nia Nurse", unit=fay.unit, manager=team["supervisor"])
    story.people.add(nia)
    assert sorted(p.name for p in Recognition.objects.get().people.all()) == [
        "Fay Front",
        "Nia Nurse",
    ]
    assert len(texts(nia)) == 1 and texts(cal) == []
    assert len(texts(team["supervisor"])) == 2  # Nia's manager, told once more for her
    story.kind = StoryKind.FRONTLINE_EFFORT
    story.save()
    assert not Recognition.objects.exists()
    story.kind = StoryKind.CUSTOMER_COMPLIMENT
    story.save()
    assert Recognition.objects.count() == 1
    story.delete()
    assert not Recognition.objects.exists()


def test_other_stories_and_compliments_without_people_are_no_recognition(team):
    make_story(team["frontline"], kind=StoryKind.SERVICE_RECOVERY)
    story = make_story(team["frontline"])
    story.people.clear()
    assert not Recognition.objects.exists()
