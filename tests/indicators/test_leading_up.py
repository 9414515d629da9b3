"""The leading-up figures (initiatives, "you said, we did") on hand-made data: what
definitions.compute counts, that the rollups kept by the voice services' own writes say
the same without a rebuild, the minimum group that hides a response rate, meeting notes,
and the "Leading up" group of the leader dashboard."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from tandem.indicators import figures, rebuild
from tandem.indicators.definitions import compute
from tandem.indicators.periods import ReportPeriod
from tandem.people.models import Level, OrgUnit, User
from tandem.programs.services.meetings import AgendaInput, record_meeting
from tandem.programs.services.responses import distribute_meeting
from tandem.voice.models import AnswerKind, Initiative, VoiceSettings
from tests.factories import make_person, make_program_office, make_team, make_unit
from tests.indicators.conftest import OCTOBER
from tests.indicators.leading_up_data import (
    answer,
    kept_rows,
    new_round,
    on,
    publish,
    respond,
)

pytestmark = pytest.mark.django_db

WEEK = (date(2026, 3, 2), date(2026, 3, 8))  # Monday to Sunday
LEADING_UP = (
    "initiatives_published",
    "initiative_response_rate",
    "median_days_to_answer",
    "responses_answered_share",
    "initiatives_changed_share",
)


def leading_up(figures_: dict) -> dict:
    return {key: figures_[key] for key in LEADING_UP}


def kept_equals_raw(unit: OrgUnit, start: date, end: date) -> dict:
    """The figures as the dashboard reads them (the rollups, as kept change by change)
    after checking they are the raw count's."""
    kept = figures.summary(unit, ReportPeriod.custom(start, end))
    assert kept == compute(unit, start, end), unit.full_path
    return kept


@pytest.fixture(autouse=True)
def _user_pks_differ_from_person_pks(db):
    """As on PostgreSQL: a login's pk is never its person's, so mixing them shows."""
    User.objects.create_user("no-person@harbor.example")


@pytest.fixture
def wards(db):
    """Ward 4B: manager, supervisor and three frontline (five people); Ward 5C: two; the
    executive, the senior leader and the program office in Harbor Health."""
    team = make_team("Harbor Health/Nursing/Ward 4B")
    team["nia"] = make_person("Nia Nurse", unit=team["frontline"].unit, manager=team["supervisor"])
    team["olga"] = make_person("Olga Other", unit="Harbor Health/Nursing/Ward 5C")
    team["omar"] = make_person(
        "Omar Other", unit="Harbor Health/Nursing/Ward 5C", level=Level.MANAGER
    )
    team["office"] = make_program_office()
    team["ward_4b"] = team["frontline"].unit
    team["ward_5c"] = team["olga"].unit
    team["nursing"] = OrgUnit.objects.get(full_path="Harbor Health/Nursing")
    team["root"] = OrgUnit.objects.get(full_path="Harbor Health")
    return team


@pytest.fixture
def week_of_initiatives(wards):
    """In the week of 2 March 2026:

    * A, on Ward 4B (five affected), published Monday: Fay and Cal respond by name, Nia
      anonymously (a team of five keeps the week: the owner reads it on Monday 9 March).
      Fay's is answered "changed" on Thursday (3 days), Cal's "not changed" on Wednesday
      (1 day); Nia's is not answered.
    * B, on Nursing's frontline (Fay, Cal, Nia and Olga: four), published Wednesday: Olga
      responds Friday, answered with a question back on Sunday (2 days).
    * D, on Ward 4B, published the Friday before: Fay's response, visible Monday, is
      answered Tuesday (1 day).
    * C, on Ward 4B, stays a draft.
    """
    office = wards["office"]
    ward = wards["ward_4b"]
    d = publish(office, date(2026, 2, 27), ward, title="D")
    late = respond(wards["frontline"], d, date(2026, 3, 2))
    answer(office, [late], date(2026, 3, 3), AnswerKind.NOT_CHANGED)

    a = publish(office, date(2026, 3, 2), ward, title="A")
    fay = respond(wards["frontline"], a, date(2026, 3, 2))
    cal = respond(wards["colleague"], a, date(2026, 3, 3))
    nia = respond(wards["nia"], a, date(2026, 3, 3), anonymous=True)
    # Five in Ward 4B, under twice the minimum: only the week is kept, read the Monday after.
    assert nia.unit == ward and (nia.created_on, nia.visible_on) == (WEEK[0], date(2026, 3, 9))
    answer(office, [cal], date(2026, 3, 4), AnswerKind.NOT_CHANGED)
    answer(office, [fay], date(2026, 3, 5), AnswerKind.CHANGED)

    b = publish(office, date(2026, 3, 4), wards["nursing"], levels=[Level.FRONTLINE], title="B")
    olga = respond(wards["olga"], b, date(2026, 3, 6))
    answer(office, [olga], date(2026, 3, 8), AnswerKind.QUESTION)

    with on(date(2026, 3, 5)):
        from tandem.voice.initiatives import Draft, save_draft

        save_draft(office.user, Draft(title="C", units=[ward], owner=office, starts_on=WEEK[0]))
    return {"a": a, "b": b, "d": d}


def test_a_team_counts_the_initiatives_on_it_and_its_responses_and_answers(
    wards, week_of_initiatives
):
    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": 4})  # see below
    got = kept_equals_raw(wards["ward_4b"], *WEEK)
    assert leading_up(got) == {
        "initiatives_published": 1,  # A; not B (on Nursing), D (before) nor the draft C
        "initiative_response_rate": 3 / 5,  # A: Fay, Cal and Nia of five
        "median_days_to_answer": 1,  # Cal 1, Fay 3, D's 1
        # Visible this week: A's two named and D's one (Nia's arrives on the 9th).
        "responses_answered_share": 1.0,
        "initiatives_changed_share": 1.0,  # A changed because of Fay's response
    }
    # With a minimum of 5, Nursing's rate (A and B) less Ward 4B's (A alone) would tell how
    # B's four responded: Ward 4B's is hidden for its sibling (SiblingReach).
    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": 5})
    got = kept_equals_raw(wards["ward_4b"], *WEEK)
    assert got["initiative_response_rate"] is None
    assert got["initiative_response_rate_hidden"] == "siblings"
    assert kept_equals_raw(wards["nursing"], *WEEK)["initiative_response_rate"] == 4 / 9


def test_a_department_counts_the_initiatives_on_it_and_on_its_teams(wards, week_of_initiatives):
    got = kept_equals_raw(wards["nursing"], *WEEK)
    assert leading_up(got) == {
        "initiatives_published": 2,  # A and B
        "initiative_response_rate": (3 + 1) / (5 + 4),
        "median_days_to_answer": 1.5,  # 1, 1, 2, 3
        "responses_answered_share": 1.0,  # Nia's arrives the week after
        "initiatives_changed_share": 1 / 2,
    }
    assert kept_equals_raw(wards["root"], *WEEK) == {
        **compute(wards["root"], *WEEK),
        **leading_up(got),
    }


def test_a_new_round_asks_everyone_again(wards, week_of_initiatives):
    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": 4})  # B's four shown
    a = week_of_initiatives["a"]
    new_round(wards["office"], a, date(2026, 3, 6))
    respond(wards["frontline"], a, date(2026, 3, 7))
    got = kept_equals_raw(wards["ward_4b"], *WEEK)
    assert got["initiative_response_rate"] == (3 + 1) / (5 * 2)
    # Counted in the week it was first published, however late its rounds.
    later = kept_equals_raw(wards["ward_4b"], date(2026, 3, 9), date(2026, 3, 31))
    assert later["initiatives_published"] == 0 and later["initiative_response_rate"] is None


def test_nothing_published_or_visible_is_no_figure_not_zero(wards, week_of_initiatives):
    got = kept_equals_raw(wards["ward_4b"], date(2026, 1, 1), date(2026, 1, 31))
    assert leading_up(got) == {
        "initiatives_published": 0,
        "initiative_response_rate": None,
        "median_days_to_answer": None,
        "responses_answered_share": None,
        "initiatives_changed_share": None,
    }


def test_someone_who_moves_or_leaves_is_no_longer_affected_where_they_were(
    wards, week_of_initiatives
):
    nia = wards["nia"]
    nia.unit = wards["ward_5c"]
    nia.save()
    moved = kept_equals_raw(wards["ward_4b"], *WEEK)
    assert moved["initiative_response_rate"] is None  # four left in Ward 4B: fewer than 5
    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": 3})
    cal = wards["colleague"]
    cal.active = False
    cal.save()
    # A: the manager, the supervisor and Fay are left; the responses stay where they
    # were stored (Fay's, Cal's and Nia's in Ward 4B).
    assert kept_equals_raw(wards["ward_4b"], *WEEK)["initiative_response_rate"] == 3 / 3
    nursing = kept_equals_raw(wards["nursing"], *WEEK)
    # B: Fay, Nia (frontline in Ward 5C now) and Olga.
    assert nursing["initiative_response_rate"] == (3 + 1) / (3 + 3)
    promoted = wards["olga"]
    promoted.level = Level.SUPERVISOR  # no longer of B's levels
    promoted.save()
    assert kept_equals_raw(wards["nursing"], *WEEK)["initiative_response_rate"] == 4 / (3 + 2)


# --- the minimum group ------------------------------------------------------------------


def test_the_response_rate_of_fewer_than_the_minimum_group_is_not_shown(wards):
    office = wards["office"]
    small = publish(office, WEEK[0], wards["ward_5c"], title="Ward 5C only")
    respond(wards["olga"], small, WEEK[0])
    got = kept_equals_raw(wards["ward_5c"], *WEEK)
    assert got["initiatives_published"] == 1
    assert got["initiative_response_rate"] is None  # 2 affected: fewer than 5
    assert got["responses_answered_share"] == 0.0
    # Above it, the same two people are still the only ones affected.
    assert kept_equals_raw(wards["nursing"], *WEEK)["initiative_response_rate"] is None

    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": 3})
    make_person("Ola Third", unit=wards["ward_5c"])
    assert kept_equals_raw(wards["ward_5c"], *WEEK)["initiative_response_rate"] == 1 / 3


def test_one_initiative_that_reaches_the_minimum_shows_the_rate_of_all(wards):
    office = wards["office"]
    small = publish(office, WEEK[0], wards["ward_5c"], title="Ward 5C only")
    respond(wards["olga"], small, WEEK[0])
    publish(office, WEEK[0], wards["ward_4b"], title="Ward 4B, five people")
    got = kept_equals_raw(wards["nursing"], *WEEK)
    assert got["initiative_response_rate"] == 1 / (2 + 5)
    VoiceSettings.objects.update_or_create(pk=1, defaults={"min_group": 6})
    assert kept_equals_raw(wards["nursing"], *WEEK)["initiative_response_rate"] is None


def test_a_large_initiative_needs_no_read_of_the_setting(wards, django_assert_max_num_queries):
    for n in range(6):
        make_person(f"Extra {n}", unit=wards["ward_4b"])
    publish(wards["office"], WEEK[0], wards["ward_4b"])
    VoiceSettings.current()
    period = ReportPeriod.containing("week", WEEK[0])
    # The days, the heads, who took part, and the initiatives' reach beside and above.
    with django_assert_max_num_queries(4) as read:
        assert figures.summary(wards["ward_4b"], period)["initiative_response_rate"] == 0
    assert not [q for q in read.captured_queries if "voicesettings" in q["sql"]]


# --- meeting notes ------------------------------------------------------------------------


def test_a_meetings_distributed_notes_count_as_an_initiative(
    wards, django_capture_on_commit_callbacks
):
    meeting = record_meeting(
        wards["senior"].user,
        date=date(2026, 3, 2),
        unit=wards["nursing"],
        chair=wards["senior"],
        attendees=[wards["senior"]],
        items=[AgendaInput("Discharge medicines", "operations", [wards["ward_4b"]])],
        notes="Pharmacy reviews weekend cover.",
        created_by=wards["senior"],
    )
    with on(date(2026, 3, 3)), django_capture_on_commit_callbacks(execute=True):
        distribute_meeting(wards["senior"].user, meeting)
    notes = Initiative.objects.get(meeting=meeting)
    assert notes.published_on == date(2026, 3, 3)
    # Counted once the distribution committed, before anyone responds.
    assert kept_equals_raw(wards["ward_4b"], *WEEK)["initiatives_published"] == 1
    respond(wards["frontline"], notes, date(2026, 3, 4))
    got = kept_equals_raw(wards["ward_4b"], *WEEK)
    assert got["initiatives_published"] == 1
    assert got["initiative_response_rate"] == 1 / 5


# --- the kept counts --------------------------------------------------------------------------


def test_a_rebuild_keeps_exactly_what_the_services_kept(wards, week_of_initiatives):
    kept = kept_rows()
    assert any("initiatives_published" in counts for counts, _h in kept["days"].values())
    # A and D in Ward 4B, Nursing and Harbor Health; B in Nursing and Harbor Health.
    assert len(kept["reach"]) == 3 + 3 + 2 and kept["counted"]
    rebuild.rebuild_indicators()
    assert kept_rows() == kept


# --- the dashboard ------------------------------------------------------------------------


def test_the_dashboard_shows_the_leading_up_group(login, org):
    office = make_program_office()
    ward = org["ward_4b"]
    make_person("Nia Nurse", unit=ward)  # five in Ward 4B
    first = publish(office, date(2026, 10, 5), ward, title="Quiet hours at night")
    fay = respond(org["frontline"], first, date(2026, 10, 6))
    respond(org["colleague"], first, date(2026, 10, 7))
    answer(office, [fay], date(2026, 10, 9), AnswerKind.CHANGED)
    publish(office, date(2026, 9, 10), make_unit("Harbor Health/Nursing/Ward 4B"))

    response = login(org["executive"]).get(reverse("indicators:dashboard", args=[ward.pk]), OCTOBER)

    html = response.text
    start = html.index('id="leading-up-title"')
    group = html[start : html.index("</section>", start)]
    compared = " compared with vs September 2026"  # one initiative then, no response
    assert cards(group) == {
        "initiatives_published": "Initiatives published 1 no change" + compared,
        "initiative_response_rate": "Response rate 40% +40 pts" + compared,  # 2 of 5
        "median_days_to_answer": "Days to answer 3.0 days no comparison" + compared,
        "responses_answered_share": "Responses answered 50% no comparison" + compared,
        "initiatives_changed_share": "Changed because of a response 100% +100 pts" + compared,
    }
    assert 'id="response-rate-hidden"' not in group
    all_figures = {
        row["figure"]: row["now"] for row in response.context["board"].figures_table.rows
    }
    assert all_figures["Response rate to initiatives"] == "40%"


def test_the_dashboard_says_why_a_response_rate_is_not_shown(login, org):
    publish(make_program_office(), date(2026, 10, 5), org["ward_5c"])  # two people there
    html = (
        login(org["executive"])
        .get(reverse("indicators:dashboard", args=[org["ward_5c"].pk]), OCTOBER)
        .text
    )
    assert cards(html)["initiative_response_rate"].startswith("Response rate —")
    assert 'id="response-rate-hidden"' in html


def cards(html: str) -> dict[str, str]:
    """The text of each card, tags stripped, by figure."""
    found = re.findall(r'data-figure="(\w+)">(.*?)</li>', html, re.S)
    return {
        key: " ".join(re.sub(r"<[^>]+>", " ", body).split())
        for key, body in found
        if key in LEADING_UP
    }
