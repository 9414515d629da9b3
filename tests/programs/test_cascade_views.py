"""The cascade and leadership-alignment screens, and moving a unit's stage."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tandem.people.models import OrgUnit
from tandem.programs.models import Stage, UnitStage
from tandem.programs.services.cascade import BUMP_RISK_DEFINITION, LAUNCHED_AHEAD_DEFINITION
from tests.factories import make_unit
from tests.programs.helpers import align, make_program

pytestmark = pytest.mark.django_db

CASCADE = reverse("programs:cascade")
ALIGNMENT = reverse("programs:alignment")


@pytest.fixture
def program(team, program_office):
    return make_program(program_office, make_unit("Harbor Health"))


@pytest.fixture
def ward(team):
    return team["manager"].unit


def stage_url(program, unit) -> str:
    return reverse("programs:unit_stage", args=[program.pk, unit.pk])


def stage(program, unit) -> str:
    row = UnitStage.objects.filter(program=program, unit=unit).first()
    return row.stage if row else Stage.NOT_STARTED


def walk_to_briefed(client, program, unit) -> None:
    for to in (Stage.LEADER_ALIGNED, Stage.MANAGERS_BRIEFED):
        assert client.post(stage_url(program, unit), {"to": to}).status_code == 302


@pytest.mark.parametrize("url", [CASCADE, ALIGNMENT])
def test_anonymous_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_anonymous_stage_post_is_sent_to_log_in(client, program, ward):
    response = client.post(stage_url(program, ward), {"to": Stage.LEADER_ALIGNED})
    assert response.status_code == 302
    assert stage(program, ward) == Stage.NOT_STARTED


def test_no_program_shows_an_empty_state(login, program_office):
    for url in (CASCADE, ALIGNMENT):
        response = login(program_office).get(url)
        assert response.status_code == 200
        assert "There is no program yet." in response.text


def test_frontline_sees_the_tree_read_only(login, team, program, ward):
    response = login(team["frontline"]).get(CASCADE)
    assert response.status_code == 200
    assert f'id="unit-{ward.pk}"' in response.text
    assert "Leader Maria Manager" in response.text
    assert stage_url(program, ward) not in response.text


def test_program_office_sees_a_stage_action_per_unit(login, program_office, program, ward):
    response = login(program_office).get(CASCADE)
    assert stage_url(program, ward) in response.text
    assert "Mark leader aligned" in response.text


def test_program_office_moves_a_unit_forward(login, program_office, program, ward):
    response = login(program_office).post(stage_url(program, ward), {"to": Stage.LEADER_ALIGNED})
    assert response.status_code == 302
    assert response["Location"] == f"{CASCADE}?program={program.pk}#unit-{ward.pk}"
    assert stage(program, ward) == Stage.LEADER_ALIGNED


def test_skipping_a_stage_is_refused_with_a_message(login, program_office, program, ward):
    response = login(program_office).post(stage_url(program, ward), {"to": Stage.TEAM_LAUNCHED})
    assert response.status_code == 400
    assert "cannot skip to team launched; mark it leader aligned first" in response.text
    assert stage(program, ward) == Stage.NOT_STARTED


def test_moving_back_needs_a_reason(login, program_office, program, ward):
    client = login(program_office)
    walk_to_briefed(client, program, ward)
    response = client.post(stage_url(program, ward), {"to": Stage.LEADER_ALIGNED})
    assert response.status_code == 400
    assert "Say why the unit moves back to an earlier stage." in response.text
    assert stage(program, ward) == Stage.MANAGERS_BRIEFED
    client.post(stage_url(program, ward), {"to": Stage.LEADER_ALIGNED, "note": "New manager"})
    assert stage(program, ward) == Stage.LEADER_ALIGNED


def test_launch_with_unaligned_leader_succeeds_with_visible_warning(
    login, program_office, program, ward
):
    client = login(program_office)
    walk_to_briefed(client, program, ward)
    response = client.post(stage_url(program, ward), {"to": Stage.TEAM_LAUNCHED}, follow=True)
    assert response.status_code == 200
    assert stage(program, ward) == Stage.TEAM_LAUNCHED
    page = response.text
    assert 'class="message warning"' in page
    assert (
        "Launched ahead of its leader: Ward 4B is launched while its leader Maria Manager "
        "is not aligned" in page
    )
    risks = page[page.index('id="launched-ahead"') : page.index('id="bump-risk-definition"')]
    assert "Harbor Health/<wbr>Nursing/<wbr>Ward 4B" in risks
    assert "attend the leadership alignment session" in risks


def test_launch_with_aligned_leader_has_no_warning(login, team, program_office, program, ward):
    align(program, team["manager"])
    client = login(program_office)
    walk_to_briefed(client, program, ward)
    response = client.post(stage_url(program, ward), {"to": Stage.TEAM_LAUNCHED}, follow=True)
    assert stage(program, ward) == Stage.TEAM_LAUNCHED
    assert 'class="message warning"' not in response.text
    assert "No launched team is waiting for its leader to align." in response.text


@pytest.mark.parametrize("role", ["frontline", "manager", "executive"])
def test_only_program_office_moves_the_cascade(login, team, program, ward, role):
    response = login(team[role]).post(stage_url(program, ward), {"to": Stage.LEADER_ALIGNED})
    assert response.status_code == 403
    assert stage(program, ward) == Stage.NOT_STARTED


def test_unknown_unit_or_program_is_404(login, program_office, program, ward):
    client = login(program_office)
    unknown_unit = reverse("programs:unit_stage", args=[program.pk, 999999])
    unknown_program = reverse("programs:unit_stage", args=[999999, ward.pk])
    assert client.post(unknown_unit, {"to": Stage.LEADER_ALIGNED}).status_code == 404
    assert client.post(unknown_program, {"to": Stage.LEADER_ALIGNED}).status_code == 404
    assert client.get(f"{CASCADE}?program={program.pk}&unit=999999").status_code == 404


def test_unit_outside_the_program_is_404(login, program_office, team, ward):
    nursing = make_program(program_office, make_unit("Harbor Health/Nursing"))
    payroll = make_unit("Harbor Health/Finance/Payroll")
    client = login(program_office)
    assert client.post(stage_url(nursing, payroll), {"to": "leader_aligned"}).status_code == 404
    assert client.get(f"{CASCADE}?program={nursing.pk}&unit={payroll.pk}").status_code == 404
    assert not UnitStage.objects.exists()


def test_bad_stage_or_unit_id_is_400(login, program_office, program, ward):
    client = login(program_office)
    response = client.post(stage_url(program, ward), {"to": "launched!"})
    assert response.status_code == 400
    assert "Stage: Select a valid choice." in response.text
    assert client.get(f"{CASCADE}?program={program.pk}&unit=abc").status_code == 400
    assert stage(program, ward) == Stage.NOT_STARTED


def test_counts_per_level(login, program_office, program, ward):
    client = login(program_office)
    client.post(stage_url(program, ward), {"to": Stage.LEADER_ALIGNED})
    page = client.get(CASCADE).text
    table = page[page.index('class="stage-counts"') : page.index("</table>")]
    # Level 3 (Harbor Health is 1) holds one unit, Ward 4B, now leader aligned.
    level3 = table[table.index('<th scope="row">3</th>') :].split("</tr>")[0]
    cells = [c.split(">")[1].split("<")[0] for c in level3.split("<td")[1:]]
    assert cells == ["0", "1", "0", "0", "1"]


def test_deep_tree_shows_three_levels_and_drills_into_a_unit(login, program_office, program):
    deep = make_unit("Harbor Health/Nursing/Ward 4B/Night shift/Bay 2")
    night = OrgUnit.objects.get(full_path="Harbor Health/Nursing/Ward 4B/Night shift")
    ward = OrgUnit.objects.get(full_path="Harbor Health/Nursing/Ward 4B")
    client = login(program_office)
    page = client.get(CASCADE).text
    assert f'id="unit-{ward.pk}"' in page
    assert f'id="unit-{night.pk}"' not in page
    assert "1 unit below" in page
    drilled = client.get(f"{CASCADE}?program={program.pk}&unit={ward.pk}").text
    assert f'id="unit-{night.pk}"' in drilled
    assert f'id="unit-{deep.pk}"' in drilled
    assert "<strong>Ward 4B</strong>" in drilled  # the breadcrumb ends at the unit


def test_alignment_lists_each_leader_with_counts(login, team, program_office, program):
    align(program, team["manager"])
    response = login(team["frontline"]).get(ALIGNMENT)
    assert response.status_code == 200
    page = response.text
    # Leaders: the program office, the executive, senior, manager and supervisor.
    assert '<dt>Aligned</dt><dd>1 <span class="muted">of 5</span></dd>' in page
    assert "<dt>Attended the session</dt><dd>1</dd>" in page
    row = page[page.index("Maria Manager") :].split("</tr>")[0]
    assert row.count("mark yes") == 3
    sid = page[page.index("Sid Super") :].split("</tr>")[0]
    assert sid.count("mark no") == 3
    assert "Not yet" in sid


def test_login_without_person_record_may_not_view_cascade(client, django_user_model, program):
    user = django_user_model.objects.create_user("nobody@harbor.example", "x-pass-123")
    client.force_login(user)
    assert client.get(CASCADE).status_code == 403
    assert client.get(ALIGNMENT).status_code == 403


def test_the_cascade_names_its_list_apart_from_bump_risk_and_states_both(
    login, program_office, program
):
    html = login(program_office).get(CASCADE, {"program": program.pk}).text
    ahead = html[html.index('id="launched-ahead"') :]
    assert f'id="launched-ahead-definition">{LAUNCHED_AHEAD_DEFINITION}</p>' in ahead
    # Bump risk is stated in the very words of the activity page, and links to it.
    assert f'id="bump-risk-definition">{BUMP_RISK_DEFINITION} <a href="' in ahead
    assert reverse("indicators:activity") in ahead
    assert '<h2 id="launched-ahead-title">Launched ahead of its leader</h2>' in html
    assert ">Bump risk</h2>" not in html
    source = (settings.BASE_DIR / "tandem" / "indicators" / "how-we-count.md").read_text()
    assert f"> {LAUNCHED_AHEAD_DEFINITION}" in source


def test_stage_buttons_are_named_by_their_visible_text_first(login, program_office, program, ward):
    html = login(program_office).get(CASCADE, {"program": program.pk}).text
    # axe's label-content-name-mismatch: the name starts with the text one sees.
    buttons = re.findall(r'<button class="small" aria-label="([^"]*)">([^<]*)</button>', html)
    assert len(buttons) == 3  # Harbor Health, Nursing, Ward 4B
    assert all(name.startswith(f"{shown}: ") for name, shown in buttons)
    assert 'class="table-scroll" tabindex="0" role="region" aria-label="Units by level' in html
