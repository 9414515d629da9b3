"""The say–do report (anyone in the organization, read-only) and recording an audit
(program office only): the worked examples of docs/say-do.md through the pages."""

from __future__ import annotations

from datetime import date

import pytest

from tandem.programs.models import SayDoAudit, SayDoEntry
from tandem.programs.services.saydo import EntryInput, record_say_do_audit
from tests.factories import make_person, make_unit
from tests.programs.saydo_examples import EXAMPLE_1, EXAMPLE_2

pytestmark = pytest.mark.django_db

REPORT, NEW = "/program/say-do/", "/program/say-do/new/"


def audit(program_office, entries, taken_on=date(2026, 1, 12)):
    root = make_unit("Harbor Health")
    return record_say_do_audit(program_office.user, root, taken_on, entries)


def form_data(root, entries: list[EntryInput], taken_on="2026-04-01") -> dict:
    data = {"root_unit": root.pk, "taken_on": taken_on, "note": "", "rows": max(24, len(entries))}
    for n, e in enumerate(entries, start=1):
        data.update(
            {
                f"line_{n}_kind": e.kind,
                f"line_{n}_level": e.level,
                f"line_{n}_label": e.label,
                f"line_{n}_weight": e.weight,
            }
        )
        if e.service:
            data[f"line_{n}_service"] = "on"
    return data


def test_anonymous_is_sent_to_log_in(client):
    for url in (REPORT, NEW):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_leader_reads_the_scores_contradictions_and_series(team, program_office, login):
    audit(program_office, EXAMPLE_1)
    audit(program_office, EXAMPLE_2, taken_on=date(2027, 1, 11))
    html = login(team["supervisor"]).get(REPORT).content.decode()
    assert "Latest audit, 11 January 2027" in html
    assert "Service is declared <strong>the top priority</strong> (50%" in html
    assert (
        "Service is declared the top priority, but only 20% of managers&#x27; incentive pay "
        "depends on it." in html
    )
    assert "hiring criteria for manager roles are about service attitude" in html
    # Over time: managers 58 → 47, supervisors 17 → 57, frontline 50 → 90.
    assert "<td>12 Jan 2026</td><td>58</td><td>17</td><td>50</td>" in html
    assert "<td>11 Jan 2027</td><td>47</td><td>57</td><td>90</td>" in html
    assert "<svg" in html and "Record an audit" not in html


def test_frontline_sees_example_1_contradictions(team, program_office, login):
    audit(program_office, EXAMPLE_1)
    html = login(team["frontline"]).get(REPORT).content.decode()
    for sentence in (
        "Service is declared the top priority, but 0% of supervisors&#x27; incentive pay "
        "depends on it.",
        "Service is declared the top priority, but hiring criteria for supervisor roles "
        "mention no service attitude.",
        "Service is declared the top priority, but hiring criteria for frontline roles "
        "mention no service attitude.",
    ):
        assert sentence in html


def test_report_before_any_audit_says_so(team, login):
    html = login(team["manager"]).get(REPORT).content.decode()
    assert "No say–do audit has been recorded yet." in html


def test_other_organization_sees_no_audit_and_its_unit_is_404(program_office, login):
    harbor = audit(program_office, EXAMPLE_1).root_unit
    stranger = make_person("Stan Stranger", unit="Bay Clinic/Reception")
    client = login(stranger)
    assert "No say–do audit has been recorded yet." in client.get(REPORT).content.decode()
    assert client.get(f"{REPORT}?unit={harbor.pk}").status_code == 404
    assert client.get(f"{REPORT}?unit=nonsense").status_code == 404


@pytest.mark.parametrize("who", ["executive", "supervisor", "frontline"])
def test_only_the_program_office_records_an_audit(team, who, login):
    root = make_unit("Harbor Health")
    client = login(team[who])
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data(root, EXAMPLE_1)).status_code == 403
    assert SayDoAudit.objects.count() == 0


def test_program_office_records_worked_example_1(program_office, login):
    root = make_unit("Harbor Health")
    client = login(program_office)
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, form_data(root, EXAMPLE_1, taken_on="2026-01-12"))
    assert response.status_code == 302 and response["Location"] == f"{REPORT}?unit={root.pk}"
    saved = SayDoAudit.objects.get()
    assert saved.taken_on == date(2026, 1, 12) and saved.entries.count() == len(EXAMPLE_1)
    html = client.get(response["Location"]).content.decode()
    assert "<td>12 Jan 2026</td><td>58</td><td>17</td><td>50</td>" in html


def test_weights_not_adding_up_are_refused_and_nothing_saved(program_office, login):
    root = make_unit("Harbor Health")
    entries = [
        EntryInput(e.kind, e.label, 90, e.service, e.level)
        if e.label == "Overtime reduction"
        else e
        for e in EXAMPLE_1
    ]
    response = login(program_office).post(NEW, form_data(root, entries))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Supervisors&#x27; incentive pay adds up to 90%, not 100%." in html
    assert SayDoAudit.objects.count() == 0 and SayDoEntry.objects.count() == 0


def test_line_without_weight_or_kind_is_refused(program_office, login):
    root = make_unit("Harbor Health")
    data = form_data(root, EXAMPLE_1)
    data["line_1_weight"] = ""
    data["line_2_kind"] = ""
    html = login(program_office).post(NEW, data).content.decode()
    assert "Line 1: give its weight in percent." in html
    assert "Line 2: say what kind of line it is." in html
    assert SayDoAudit.objects.count() == 0


def test_new_audit_form_starts_from_the_latest_audit(program_office, login):
    audit(program_office, EXAMPLE_1)
    html = login(program_office).get(NEW).content.decode()
    assert 'value="Overtime reduction"' in html and 'value="Patient experience"' in html


def test_login_without_a_person_may_not_read_the_report(client, db):
    from tandem.people.models import User

    client.force_login(User.objects.create_user("ghost@harbor.example", "x"))
    assert client.get(REPORT).status_code == 403
    assert client.get(NEW).status_code == 403
