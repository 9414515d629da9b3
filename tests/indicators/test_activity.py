"""The cascade activity view: active and silent units, and bump risk, on a hand-built example."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from tandem.capture.models import Idea, IdeaComment, IdeaTransition
from tandem.indicators.activity import WINDOW_DAYS, activity
from tandem.people.models import Level
from tandem.programs.services.cascade import BUMP_RISK_DEFINITION
from tests.factories import make_action, make_idea, make_person, make_story, make_unit

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)


def days_ago(n: int, hour: int = 10) -> datetime:
    day = TODAY - timedelta(days=n)
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def idea(*authors, ago: int, **kw) -> Idea:
    made = make_idea(*authors, **kw)
    Idea.objects.filter(pk=made.pk).update(created_at=days_ago(ago))
    return made


def moved(item: Idea, by, ago: int, to: str = "trying") -> None:
    IdeaTransition.objects.create(
        idea=item, from_status="proposed", to_status=to, by=by, at=days_ago(ago, 12)
    )


def commented(item: Idea, by, ago: int) -> None:
    IdeaComment.objects.create(idea=item, author=by, text="Good one.", created_at=days_ago(ago))


@pytest.fixture
def care(db):
    """Harbor Health / Care with six teams; see each team's comment for what it shows."""
    exec_ = make_person("Erin Exec", unit="Harbor Health", level=Level.EXECUTIVE)
    care = make_unit("Harbor Health/Care")
    head = make_person("Hana Head", unit=care, level=Level.SENIOR_LEADER, manager=exec_)
    units = {name: make_unit(f"Harbor Health/Care/{name}") for name in "ABCDEF"}

    # A: frontline logs an idea 5 days ago, their manager (placed in A) comments on it.
    ma = make_person("Mo A", unit=units["A"], level=Level.MANAGER, manager=head)
    fa = make_person("Fi A", unit=units["A"], manager=ma)
    commented(idea(fa, ago=5), ma, ago=4)

    # B: frontline logs an action 3 days ago; the manager moved an idea 40 days ago
    # (outside the window) and commented on a peer's idea (not up their line): bump risk.
    mb = make_person("Mia B", unit=units["B"], level=Level.MANAGER, manager=head)
    fb = make_person("Finn B", unit=units["B"], manager=mb)
    action = make_action(fb)
    type(action).objects.filter(pk=action.pk).update(date=TODAY - timedelta(days=3))
    moved(idea(fb, ago=60), mb, ago=40)
    commented(idea(ma, ago=10, unit=units["A"]), mb, ago=2)

    # C: only an idea 45 days ago: silent, no risk.
    fc = make_person("Flo C", unit=units["C"], manager=head)
    idea(fc, ago=45)

    # D: frontline credited on a story yesterday; their supervisor sits in Care (not in D)
    # and moved an older idea of theirs two days ago: answered.
    sd = make_person("Sue D", unit=care, level=Level.SUPERVISOR, manager=head)
    fd = make_person("Fred D", unit=units["D"], manager=sd)
    story = make_story(fd)
    type(story).objects.filter(pk=story.pk).update(date=TODAY - timedelta(days=1))
    moved(idea(fd, ago=50), sd, ago=2)

    # E: a frontline person with no manager logs an idea: nobody can answer, bump risk.
    fe = make_person("Fay E", unit=units["E"])
    idea(fe, ago=1)

    # F: only a supervisor logs something: active, but no frontline waiting: no risk.
    sf = make_person("Sam F", unit=units["F"], level=Level.SUPERVISOR, manager=head)
    idea(sf, ago=3)
    return {"care": care, "exec": exec_, "head": head, "fa": fa, "mb": mb, **units}


def by_name(result):
    return {u.name: u for u in result.units}


def test_active_silent_and_bump_risk_per_team(care):
    result = activity(care["care"], today=TODAY)
    units = by_name(result)
    assert {n: units[n].status for n in "ABCDEF"} == {
        "A": "active",
        "B": "active",
        "C": "silent",
        "D": "active",
        "E": "active",
        "F": "active",
    }
    assert {n for n in "ABCDEF" if units[n].bump_risk} == {"B", "E"}
    assert units["B"].manager_names == ["Mia B"]
    assert units["E"].managers == 0 and units["E"].manager_names == []
    assert (units["A"].frontline_active, units["A"].responded) == (1, 1)
    assert (units["D"].frontline_active, units["D"].managers, units["D"].responded) == (1, 1, 1)
    assert units["F"].frontline_active == 0


def test_records_and_last_day_add_up_the_tree(care):
    units = by_name(activity(care["care"], today=TODAY))
    # A: 2 ideas (Fi's, and Mo's 10 days ago); B: the action; D: the story; E, F: one idea.
    assert [units[n].records for n in "ABCDEF"] == [2, 1, 0, 1, 1, 1]
    assert units["Care"].records == 6
    assert units["Care"].last_day == TODAY - timedelta(days=1)
    assert units["C"].last_day is None


def test_counts_per_level(care):
    result = activity(care["care"], today=TODAY)
    levels = [(c.level, c.units, c.active, c.silent, c.bump_risk) for c in result.levels]
    assert levels == [(0, 1, 1, 0, 0), (1, 6, 5, 1, 2)]


def test_the_window_is_thirty_days(care):
    # Ten days later B's action (3 days ago) is 13 days old: still active; C stays silent,
    # and sixty days later everything is silent.
    later = activity(care["care"], today=TODAY + timedelta(days=60))
    assert all(not u.active for u in later.units)
    assert later.at_risk == []


def test_a_fixed_number_of_queries_whatever_the_size(care, django_assert_max_num_queries):
    # Units, the subtree's size (2), three record sources, how many people (1), active
    # frontline, leaders, moves, comments, names.
    with django_assert_max_num_queries(12):
        activity(care["care"], today=TODAY)
    for name in "GHIJKLMNOP":  # ten more teams, each at bump risk: still twelve queries
        boss = make_person(unit=f"Harbor Health/Care/{name}", level=Level.MANAGER)
        idea(make_person(unit=boss.unit, manager=boss), ago=2)
    with django_assert_max_num_queries(12):
        assert len(activity(care["care"], today=TODAY).at_risk) == 12


def test_participation_is_the_same_asked_per_person_or_from_the_records(care, monkeypatch):
    from tandem.indicators import activity as module

    def figures():
        found = activity(care["care"], today=TODAY)
        return [(u.full_path, u.records, u.frontline_active, u.responded) for u in found.units]

    per_person = figures()
    monkeypatch.setattr(module, "PER_PERSON_LIMIT", 0)
    assert figures() == per_person
    assert any(row[2] for row in per_person)  # someone took part: the check can fail


def test_activity_page_lists_risks_and_links_to_dashboards(client, care):
    client.force_login(care["exec"].user)
    response = client.get(reverse("indicators:activity"), {"unit": care["care"].pk})
    assert response.status_code == 200
    html = response.text
    risk = html[html.index('id="bump-risk"') : html.index("</ul>", html.index('id="bump-risk"'))]
    assert "Harbor Health/<wbr>Care/<wbr>B" in risk and "no response from Mia B" in risk
    assert "Harbor Health/<wbr>Care/<wbr>E" in risk and "nobody manages them" in risk
    assert "Care/<wbr>A" not in risk
    assert reverse("indicators:dashboard", args=[care["B"].pk]) in risk


def test_activity_filters_silent_units(client, care):
    client.force_login(care["exec"].user)
    html = client.get(
        reverse("indicators:activity"), {"unit": care["care"].pk, "show": "silent"}
    ).text
    table = html[html.index('id="activity-units"') :]
    table = table[: table.index("</table>")]
    assert ">C</a>" in table and ">A</a>" not in table


def test_activity_exports_every_unit(client, care):
    client.force_login(care["exec"].user)
    query = {"unit": care["care"].pk, "export": "activity", "format": "csv"}
    response = client.get(reverse("indicators:activity"), query)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert [r["Unit"] for r in rows] == ["Harbor Health/Care"] + [
        f"Harbor Health/Care/{n}" for n in "ABCDEF"
    ]
    assert [r["Bump risk"] for r in rows] == ["no", "no", "yes", "no", "no", "yes", "no"]


def test_activity_defaults_to_the_users_top_unit(client, care):
    client.force_login(care["fa"].user)
    response = client.get(reverse("indicators:activity"))
    assert response.status_code == 200
    assert "Active and silent: A" in response.text
    assert "No units below A: it is a team." in response.text


@pytest.mark.parametrize(("query", "field"), [({"unit": "abc"}, "unit"), ({"show": "x"}, "show")])
def test_activity_bad_input_is_a_400_naming_the_field(client, care, query, field):
    client.force_login(care["exec"].user)
    response = client.get(reverse("indicators:activity"), query)
    assert response.status_code == 400
    assert f"{field}:" in response.text


def test_activity_of_a_sibling_team_is_forbidden(client, care):
    client.force_login(care["fa"].user)
    assert client.get(reverse("indicators:activity"), {"unit": care["B"].pk}).status_code == 403


def test_bump_risk_is_defined_once_beside_its_list_and_in_how_we_count(client, care):
    client.force_login(care["exec"].user)
    html = client.get(reverse("indicators:activity"), {"unit": care["care"].pk}).text
    section = html[html.index('id="risk-title"') : html.index('id="bump-risk"')]
    assert f'id="bump-risk-definition">{BUMP_RISK_DEFINITION}</p>' in section
    source = (settings.BASE_DIR / "tandem" / "indicators" / "how-we-count.md").read_text()
    assert f"> {BUMP_RISK_DEFINITION}" in source
    # The rule of the page is the rule of the sentence (30 days, no manager response).
    assert f"in the last {WINDOW_DAYS} days" in BUMP_RISK_DEFINITION


def test_each_figures_link_is_named_by_its_visible_text_first(client, care):
    client.force_login(care["exec"].user)
    html = client.get(reverse("indicators:activity"), {"unit": care["care"].pk}).text
    table = html[html.index('id="activity-units"') :]
    links = re.findall(r'<a class="small"[^>]*>(.*?)</a>', table)
    assert links and all(link.startswith('figures<span class="sr-only"> of ') for link in links)
    assert 'aria-label="Dashboard of' not in html
    assert 'class="table-scroll" tabindex="0" role="region" aria-label=' in html
