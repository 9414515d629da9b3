"""Editing an idea: its author while it is proposed; every save audited."""

from tandem.audit.models import AuditEntry
from tandem.capture.models import Idea
from tests.factories import make_idea


def form_data(**changes):
    return {"title": "Large type", "description": "Bigger letters.", "helps": "", **changes}


def test_author_edits_a_proposed_idea_and_the_change_is_audited(team, login):
    idea = make_idea(team["frontline"], title="Print notes larger")
    client = login(team["frontline"])
    assert client.get(f"/ideas/{idea.pk}/edit/").status_code == 200
    response = client.post(f"/ideas/{idea.pk}/edit/", form_data(blocks=["measures"]))
    assert response.status_code == 302 and response["Location"] == f"/ideas/{idea.pk}/"
    idea.refresh_from_db()
    assert idea.title == "Large type"
    assert list(idea.blocks.values_list("slug", flat=True)) == ["measures"]
    entry = AuditEntry.objects.get(action="updated", object_id=str(idea.pk))
    assert entry.changes["title"] == ["Print notes larger", "Large type"]
    assert entry.actor == team["frontline"].user


def test_author_cannot_edit_once_the_idea_is_trying(team, login):
    idea = make_idea(team["frontline"], status="trying")
    client = login(team["frontline"])
    assert client.get(f"/ideas/{idea.pk}/edit/").status_code == 403
    assert client.post(f"/ideas/{idea.pk}/edit/", form_data()).status_code == 403
    assert Idea.objects.get(pk=idea.pk).title != "Large type"


def test_colleague_cannot_edit_someone_elses_idea(team, login):
    idea = make_idea(team["frontline"])
    assert login(team["colleague"]).post(f"/ideas/{idea.pk}/edit/", form_data()).status_code == 403
    assert not AuditEntry.objects.filter(action="updated").exists()


def test_outsider_gets_404_when_editing_a_private_idea(team, outsider, login):
    idea = make_idea(team["frontline"], private=True)
    assert login(outsider).get(f"/ideas/{idea.pk}/edit/").status_code == 404


def test_empty_title_is_refused_and_nothing_changes(team, login):
    idea = make_idea(team["frontline"], title="Keep me")
    response = login(team["frontline"]).post(f"/ideas/{idea.pk}/edit/", form_data(title=""))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Idea.objects.get(pk=idea.pk).title == "Keep me"
    assert not AuditEntry.objects.exists()
