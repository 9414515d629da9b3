"""Service-action and story pages and their edit forms (creator or credited people only)."""

import pytest

from tandem.audit.models import AuditEntry
from tandem.capture.models import ServiceAction, Story
from tests.factories import make_action, make_story


@pytest.mark.parametrize("kind", ["actions", "stories"])
def test_private_record_is_404_for_outsiders_and_visible_to_the_unit(team, outsider, login, kind):
    make = make_action if kind == "actions" else make_story
    record = make(team["frontline"], private=True)
    assert login(outsider).get(f"/{kind}/{record.pk}/").status_code == 404
    assert login(team["colleague"]).get(f"/{kind}/{record.pk}/").status_code == 200


def test_action_page_shows_what_for_whom_and_people(team, login):
    action = make_action(team["frontline"], what="Walked a visitor\nto radiology", for_whom="Mr B")
    html = login(team["colleague"]).get(f"/actions/{action.pk}/").content.decode()
    assert '<div class="prewrap">Walked a visitor\nto radiology</div>' in html
    assert "Mr B" in html and "Fay Front" in html
    assert f"/actions/{action.pk}/edit/" not in html  # the colleague may not edit it


def test_doer_edits_an_action_and_it_is_audited(team, login):
    action = make_action(team["frontline"], what="Old text")
    client = login(team["frontline"])
    assert client.get(f"/actions/{action.pk}/edit/").status_code == 200
    response = client.post(
        f"/actions/{action.pk}/edit/", {"what": "New text", "date": action.date.isoformat()}
    )
    assert response.status_code == 302 and response["Location"] == f"/actions/{action.pk}/"
    assert ServiceAction.objects.get(pk=action.pk).what == "New text"
    entry = AuditEntry.objects.get(action="updated")
    assert entry.changes["what"] == ["Old text", "New text"]


def test_colleague_may_not_edit_an_action(team, login):
    action = make_action(team["frontline"])
    response = login(team["colleague"]).post(f"/actions/{action.pk}/edit/", {"what": "Hijack"})
    assert response.status_code == 403
    assert ServiceAction.objects.get(pk=action.pk).what != "Hijack"


def test_story_page_quotes_the_customer(team, login):
    story = make_story(
        team["frontline"], customer_words="Best care ever.", service_level="surprising"
    )
    html = login(team["colleague"]).get(f"/stories/{story.pk}/").content.decode()
    assert '<blockquote class="prewrap">Best care ever.</blockquote>' in html
    assert "Surprising" in html


def test_person_in_a_story_edits_it(team, login):
    story = make_story(team["frontline"], team["colleague"])
    client = login(team["colleague"])
    response = client.post(
        f"/stories/{story.pk}/edit/",
        {
            "kind": "service_recovery",
            "what_happened": "We fixed it.",
            "source": "staff",
            "date": story.date.isoformat(),
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.kind == "service_recovery" and story.what_happened == "We fixed it."


def test_story_edit_with_a_bad_kind_is_refused(team, login):
    story = make_story(team["frontline"])
    response = login(team["frontline"]).post(
        f"/stories/{story.pk}/edit/", {"kind": "gossip", "what_happened": "x", "source": "staff"}
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert Story.objects.get(pk=story.pk).kind == "customer_compliment"
    assert not AuditEntry.objects.exists()


def test_outsider_gets_404_editing_a_private_story(team, outsider, login):
    story = make_story(team["frontline"], private=True)
    assert login(outsider).get(f"/stories/{story.pk}/edit/").status_code == 404
