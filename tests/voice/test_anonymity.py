"""Anonymous feedback, tested as an attacker would: send it through the pages, let the
morning batch run, reply both ways, then read every row the database gained or changed,
and every log line, for anything that points to the author."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.utils import timezone

from tandem.people.models import Person, User
from tandem.voice import services
from tandem.voice.models import Feedback

pytestmark = pytest.mark.django_db


def tables() -> list[type[models.Model]]:
    """Every model with a table (django_rq's dashboard model has none)."""
    existing = set(connection.introspection.table_names())
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in existing
    ]


def everything() -> dict[tuple[str, str], dict]:
    """Every row of every table, keyed by (table, primary key)."""
    rows = {}
    for model in tables():
        for row in model._default_manager.all().values():
            rows[(model._meta.db_table, str(row[model._meta.pk.attname]))] = row
    return rows


def people_columns() -> set[tuple[str, str]]:
    """(table, column) of every reference to a person or a login."""
    found = set()
    for model in tables():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model in (Person, User):
                found.add((model._meta.db_table, field.attname))
    return found


def test_nothing_written_for_anonymous_feedback_points_to_its_author(
    team, client, caplog, settings
):
    settings.TANDEM_NOTIFY_BY_EMAIL = True
    author, leader = team["frontline"], team["executive"]
    client.force_login(author.user)
    session_key = client.session.session_key
    traces = [author.name, author.email, author.employee_id, author.user.email, session_key]
    ids = {author.pk, author.user_id}
    before = everything()
    caplog.set_level(logging.DEBUG)

    sent = client.post(
        "/voice/",
        {"to": leader.pk, "kind": "concern", "text": "The rota is unfair.", "anonymous": "1"},
        REMOTE_ADDR="203.0.113.77",
        HTTP_USER_AGENT="AttackerTestBrowser/1.0",
    )
    code = sent.context["code"]
    services.deliver_due(timezone.localdate() + timedelta(days=1))
    feedback = Feedback.objects.get()
    services.reply(leader, feedback, "Tell me more.")
    client.post("/voice/code/", {"code": code, "action": "reply", "text": "Weekends."})

    after = everything()
    references = people_columns()
    changed = {key: row for key, row in after.items() if before.get(key) != row}
    assert any(table == "voice_feedback" for table, _ in changed)  # the test saw the writes
    for (table, _), row in changed.items():
        if table == "django_session":
            continue  # checked below: the author's own session row is not touched
        text = repr(row)
        for trace in traces:
            assert trace not in text, (table, trace, row)
        for trace in ("203.0.113.77", "AttackerTestBrowser"):
            assert trace not in text, (table, trace, row)
        for column, value in row.items():
            if (table, column) in references:
                assert value not in ids, (table, column, row)
    assert before[("django_session", session_key)] == after[("django_session", session_key)]
    assert Session.objects.count() == sum(1 for t, _ in before if t == "django_session")
    for (table, _), row in changed.items():
        for value in row.values():
            if hasattr(value, "hour"):  # no time of day for anything of the feedback's
                assert not table.startswith("voice_"), (table, row)
    logged = caplog.text
    for trace in [*traces, "203.0.113.77", "AttackerTestBrowser", code]:
        assert trace not in logged, trace
    assert code not in repr(after)  # only its hash is kept


def test_the_anonymity_page_says_what_is_kept_and_every_anonymous_form_links_it(team, client):
    page = client.get("/voice/anonymity/").content.decode()
    assert "keeps <strong>what you wrote, who it is for, what kind it is, and the day" in page
    client.force_login(team["frontline"].user)
    for url in ("/voice/", "/voice/code/"):
        assert 'href="/voice/anonymity/"' in client.get(url).content.decode(), url
