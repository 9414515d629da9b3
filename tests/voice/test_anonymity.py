"""Anonymous feedback, tested as an attacker would: send it through the pages, let the
morning batch run, reply both ways, then read every row the database gained or changed,
and every log line, for anything that points to the author."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.apps import apps
from django.db import connection, models
from django.utils import timezone

from tandem.people.models import Person, User
from tandem.voice import initiatives, services
from tandem.voice.models import Feedback, Response, VoiceSettings

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


def assert_nothing_points_to_the_author(
    before, after, traces, ids, session_key=None, *, token_user=None
) -> None:
    """Of the rows that were added or changed, none holds a trace of the author, a
    reference to their person or login, or a time of day in a voice table; the author's
    own session row (`session_key`, through the pages) was not touched and no session
    was added; of the author's API token (`token_user`, through the API) only its last
    use (the day) moved."""
    references = people_columns()
    changed = {key: row for key, row in after.items() if before.get(key) != row}
    for (table, pk), row in changed.items():
        if table == "django_session" and session_key is not None:
            continue  # checked below: the author's own session row is not touched
        if table == "people_apitoken" and row["user_id"] == token_user:
            assert {k for k in row if before[(table, pk)][k] != row[k]} == {"last_used_at"}
            continue
        text = repr(row)
        for trace in traces:
            assert trace not in text, (table, trace, row)
        for trace in (ADDRESS, BROWSER):
            assert trace not in text, (table, trace, row)
        for column, value in row.items():
            if (table, column) in references:
                assert value not in ids, (table, column, row)
        for value in row.values():
            if hasattr(value, "hour"):  # no time of day for anything of the voice app's
                assert not table.startswith("voice_"), (table, row)
    if session_key is None:
        return
    assert before[("django_session", session_key)] == after[("django_session", session_key)]
    assert sum(1 for t, _ in after if t == "django_session") == sum(
        1 for t, _ in before if t == "django_session"
    )


ADDRESS, BROWSER = "203.0.113.77", "AttackerTestBrowser"
FROM_THE_ATTACKERS_VIEW = {"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": f"{BROWSER}/1.0"}


def who(author: Person, client) -> tuple[list[str], set[int]]:
    """What would point to the author: their name, email, employee id, login email and
    session key; and their person and login ids."""
    session_key = client.session.session_key
    traces = [author.name, author.email, author.employee_id, author.user.email, session_key]
    return traces, {author.pk, author.user_id}


def test_nothing_written_for_anonymous_feedback_points_to_its_author(
    team, client, caplog, settings
):
    settings.TANDEM_NOTIFY_BY_EMAIL = True
    author, leader = team["frontline"], team["executive"]
    client.force_login(author.user)
    session_key = client.session.session_key
    traces, ids = who(author, client)
    before = everything()
    caplog.set_level(logging.DEBUG)

    sent = client.post(
        "/voice/",
        {"to": leader.pk, "kind": "concern", "text": "The rota is unfair.", "anonymous": "1"},
        **FROM_THE_ATTACKERS_VIEW,
    )
    code = sent.context["code"]
    services.deliver_due(timezone.localdate() + timedelta(days=1))
    feedback = Feedback.objects.get()
    services.reply(leader, feedback, "Tell me more.")
    client.post(
        "/voice/code/",
        {"code": code, "action": "reply", "text": "Weekends."},
        **FROM_THE_ATTACKERS_VIEW,
    )

    after = everything()
    assert any(table == "voice_feedback" for table, _ in set(after) - set(before))  # seen
    assert_nothing_points_to_the_author(before, after, traces, ids, session_key)
    logged = caplog.text
    for trace in [*traces, ADDRESS, BROWSER, code]:
        assert trace not in logged, trace
    assert code not in repr(after)  # only its hash is kept


@time_machine.travel(datetime(2026, 12, 9, 10, tzinfo=UTC), tick=True)  # a Wednesday
def test_nothing_written_for_an_anonymous_response_points_to_its_author(
    team, client, caplog, settings
):
    settings.TANDEM_NOTIFY_BY_EMAIL = True
    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": 3})  # Ward 4B: 4
    author, owner = team["frontline"], team["manager"]
    today = timezone.localdate()
    draft = initiatives.Draft(
        title="Huddles move to 7:10", units=[owner.unit], owner=owner, starts_on=today
    )
    initiative = initiatives.save_draft(owner.user, draft)
    initiatives.publish(owner.user, initiative)
    client.force_login(author.user)
    session_key = client.session.session_key
    traces, ids = who(author, client)
    before = everything()
    caplog.set_level(logging.DEBUG)

    sent = client.post(
        f"/voice/initiatives/{initiative.pk}/respond/",
        {"kind": "concern", "text": "7:10 clashes with handover.", "anonymous": "1"},
        **FROM_THE_ATTACKERS_VIEW,
    )
    code = sent.context["code"]
    response = Response.objects.get()
    assert response.author_id is None and response.unit == author.unit
    # Ward 4B's four are fewer than twice the minimum: the week's Monday is kept, and the
    # owner reads it the Monday after, with the week's others.
    assert (response.created_on, response.visible_on) == (date(2026, 12, 7), date(2026, 12, 14))
    assert response.by_week and response.changed_on is None
    assert not [
        f.name for f in Response._meta.concrete_fields if isinstance(f, models.DateTimeField)
    ]  # the day only, in every column
    assert initiatives.deliver_due(date(2026, 12, 14)) == 1
    Response.objects.update(visible_on=today)  # the morning came: the owner reads it
    initiatives.answer(owner.user, initiative, [response.pk], "question", "Which handover?")
    client.post(
        "/voice/initiatives/code/",
        {"code": code, "action": "change", "kind": "suggestion", "text": "Start at 7:20."},
        **FROM_THE_ATTACKERS_VIEW,
    )
    changed = everything()
    assert ("voice_response", str(response.pk)) in changed
    assert_nothing_points_to_the_author(before, changed, traces, ids, session_key)

    client.post(
        "/voice/initiatives/code/", {"code": code, "action": "withdraw"}, **FROM_THE_ATTACKERS_VIEW
    )
    after = everything()
    assert ("voice_response", str(response.pk)) not in after
    assert_nothing_points_to_the_author(before, after, traces, ids, session_key)
    logged = caplog.text
    for trace in [*traces, ADDRESS, BROWSER, code, "7:10 clashes", "Start at 7:20."]:
        assert trace not in logged, trace
    assert code not in repr(changed) and code not in repr(after)  # only its hash is kept


def test_the_anonymity_page_says_what_is_kept_and_every_anonymous_form_links_it(team, client):
    page = client.get("/voice/anonymity/").content.decode()
    assert "keeps <strong>what you wrote, who it is for, what kind it is, and the day" in page
    client.force_login(team["frontline"].user)
    for url in ("/voice/", "/voice/code/"):
        assert 'href="/voice/anonymity/"' in client.get(url).content.decode(), url


def test_the_anonymity_page_says_what_an_anonymous_response_keeps(team, client):
    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": 4, "text_min": 7})
    page = client.get("/voice/anonymity/").content.decode()
    section = page[page.index('<h2 id="initiatives">') :]
    section = section[: section.index("<h2>", 10)]
    for said in [
        "keeps <strong>what kind of response it is (support, a concern or a suggestion), "
        "what you wrote, and the day (in a small team, only the week)</strong>",
        "only when at least <strong>4</strong> of the people the initiative affects",
        "the nearest team above yours",
        "A scrambled form (a hash) of your reply code",
        "so that you can respond only once per round",
        "No name, login, id or email",
        "reads it the next morning, together with the other anonymous responses",
        "fewer than 8 people who could respond, the owner reads it on the Monday after the "
        "week you wrote it",
        "only when at least <strong>7</strong> people of that team responded",
        "only for teams of at least 4 affected people",
        "no hidden team can be worked out by subtracting",
    ]:
        assert said in section, said
    owner = team["manager"]
    draft = initiatives.Draft(
        title="Huddles", units=[owner.unit], owner=owner, starts_on=timezone.localdate()
    )
    initiative = initiatives.save_draft(owner.user, draft)
    initiatives.publish(owner.user, initiative)
    client.force_login(team["frontline"].user)
    for url in (f"/voice/initiatives/{initiative.pk}/", "/voice/initiatives/code/"):
        assert 'href="/voice/anonymity/"' in client.get(url).content.decode(), url
