"""The outcome pages and who may open them: a matrix of roles and pages."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tandem.indicators import access
from tandem.outcomes import access as outcomes_access
from tandem.outcomes import services
from tandem.outcomes.models import UnitOutcome
from tandem.people.models import OrgUnit, User
from tests.factories import make_person, make_story, make_unit
from tests.outcomes.helpers import WARD, csv_bytes, db_state

pytestmark = pytest.mark.django_db
PAYROLL = "Harbor Health/Finance/Payroll"


def this_month(back: int = 0) -> date:
    first = timezone.localdate().replace(day=1)
    index = first.year * 12 + first.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


@pytest.fixture
def people(team, outsider, program_office):
    nobody = User.objects.create_user("nobody@harbor.example", "x")  # a login, no person
    return {
        **team,
        "outsider": outsider,
        "program_office": program_office,
        "nobody": nobody,
    }


def user_of(people, role):
    value = people[role]
    return value if isinstance(value, User) else value.user


@pytest.fixture
def outcomes(people):
    ward = OrgUnit.objects.get(full_path=WARD)
    payroll = OrgUnit.objects.get(full_path=PAYROLL)
    now = timezone.now()
    for back, csat in ((2, 81), (1, 84)):
        UnitOutcome.objects.create(
            unit=ward, month=this_month(back), csat=csat, complaints=3 + back, imported_at=now
        )
    UnitOutcome.objects.create(unit=payroll, month=this_month(1), nps=12, imported_at=now)
    return {"ward": ward, "payroll": payroll}


# --- the matrix ---------------------------------------------------------------------

ROLES = [
    "frontline",
    "supervisor",
    "manager",
    "senior",
    "executive",
    "outsider",
    "program_office",
    "nobody",
]
# role: (ward page, payroll page, org-wide view, import, list)
EXPECTED = {
    "frontline": (200, 403, 403, 403, 200),
    "supervisor": (200, 403, 403, 403, 200),
    "manager": (200, 403, 403, 403, 200),
    "senior": (200, 200, 403, 403, 200),  # placed at the top of the organization
    "executive": (200, 200, 200, 403, 200),
    "outsider": (403, 200, 403, 403, 200),
    "program_office": (200, 200, 200, 200, 200),
    "nobody": (403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_each_page_or_a_clear_refusal(client, people, outcomes, role):
    client.force_login(user_of(people, role))
    urls = [
        reverse("outcomes:unit", args=[outcomes["ward"].pk]),
        reverse("outcomes:unit", args=[outcomes["payroll"].pk]),
        reverse("outcomes:correlations"),
        reverse("outcomes:import"),
        reverse("outcomes:index"),
    ]
    got = tuple(client.get(url).status_code for url in urls)
    assert got == EXPECTED[role]


@pytest.mark.parametrize(
    "url",
    ["/outcomes/", "/outcomes/import/", "/outcomes/correlations/", "/outcomes/units/1/"],
)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_unknown_unit_is_a_404(client, people):
    client.force_login(people["program_office"].user)
    assert client.get("/outcomes/units/999999/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_viewable_units_agrees_with_can_view_indicators(people, outcomes, role):
    user = user_of(people, role)
    units = list(OrgUnit.objects.all())
    expected = [u for u in units if access.can_view_indicators(user, u)]
    assert outcomes_access.viewable_units(user, units) == expected


def test_a_manager_sees_the_deeper_unit_of_a_report_placed_outside_their_own(people, outcomes):
    # The manager's own unit is Harbor Health/Nursing/Ward 4B.
    night = make_unit("Harbor Health/Radiology/Ward 2/Night")
    make_person("Nat Night", unit=night, manager=people["manager"])
    assert outcomes_access.viewable_units(people["manager"].user, [night]) == [night]
    assert outcomes_access.viewable_units(people["frontline"].user, [night]) == []


def test_a_report_placed_beside_the_managers_unit_opens_nothing(people, outcomes):
    ward2 = make_unit("Harbor Health/Radiology/Ward 2")
    make_person("Rae Report", unit=ward2, manager=people["manager"])
    assert outcomes_access.viewable_units(people["manager"].user, [ward2]) == []


def test_the_list_shows_only_units_the_person_may_see(client, people, outcomes):
    client.force_login(people["frontline"].user)
    html = client.get("/outcomes/").content.decode()
    assert WARD.replace("/", "/<wbr>") in html and PAYROLL.replace("/", "/<wbr>") not in html
    client.force_login(people["executive"].user)
    html = client.get("/outcomes/").content.decode()
    assert WARD.replace("/", "/<wbr>") in html and PAYROLL.replace("/", "/<wbr>") in html
    assert "Org-wide view" in html


def test_the_list_has_an_empty_state(client, people):
    client.force_login(people["frontline"].user)
    html = client.get("/outcomes/").content.decode()
    assert "No outcomes yet" in html and "The program office imports them" in html


# --- the unit page -------------------------------------------------------------------


def test_the_unit_page_shows_indicators_and_outcomes_on_the_same_months(client, people, outcomes):
    make_story(people["frontline"], date=this_month(1))
    make_story(people["colleague"], date=this_month(1))
    from tandem.indicators import rebuild

    rebuild.rebuild_indicators()
    client.force_login(people["manager"].user)
    response = client.get(f"/outcomes/units/{outcomes['ward'].pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ward 4B: indicators and outcomes" in html
    timeline = response.context["timeline"]
    assert len(timeline.rows) == 24
    assert timeline.rows[-1]["month"] == this_month(1)  # whole months only
    last_month = timeline.rows[-1]
    # Four people are placed in the ward (manager, supervisor, two frontline).
    assert last_month["participation"] == pytest.approx(2 / 4)
    assert last_month["stories"] == 2
    assert str(last_month["csat"]) == "84.00" and last_month["complaints"] == 4
    assert [m.key for m in timeline.measures] == ["csat", "complaints"]
    charts = [c["table"].slug for c in response.context["outcome_charts"]]
    assert charts == ["csat", "complaints"]  # no chart for a measure without data
    # Every chart runs over the same 24 months.
    for chart in response.context["leading"] + response.context["outcome_charts"]:
        domain = chart["spec"]["encoding"]["x"]["scale"]["domain"]
        assert domain == [this_month(24).isoformat(), this_month(1).isoformat()]
    assert html.count("data-chart-spec=") == 4
    assert "Show as table" in html
    assert "not proof that one causes the other" in html
    assert f"{this_month(1):%Y-%m}" in html  # the month-by-month table


def test_the_month_table_exports_as_csv_and_a_bad_slug_is_a_400(client, people, outcomes):
    client.force_login(people["manager"].user)
    url = f"/outcomes/units/{outcomes['ward'].pk}/"
    response = client.get(url, {"export": "months", "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0][0] == "Month" and "Customer satisfaction (CSAT, %)" in rows[0]
    by_month = {row[0]: row for row in rows[1:]}
    csat = rows[0].index("Customer satisfaction (CSAT, %)")
    assert by_month[f"{this_month(1):%Y-%m}"][csat] == "84"
    assert client.get(url, {"export": "nope", "format": "csv"}).status_code == 400


def test_a_unit_without_outcomes_says_so_and_points_to_units_below(client, people, outcomes):
    nursing = OrgUnit.objects.get(full_path="Harbor Health/Nursing")
    client.force_login(people["program_office"].user)
    html = client.get(f"/outcomes/units/{nursing.pk}/").content.decode()
    assert "No outcomes for Nursing in these months" in html
    assert f'href="/outcomes/units/{outcomes["ward"].pk}/"' in html
    assert "Import outcomes" in html  # the program office may import
    client.force_login(people["senior"].user)
    html = client.get(f"/outcomes/units/{nursing.pk}/").content.decode()
    assert "by the program office" in html


# --- the org-wide view ----------------------------------------------------------------


def test_the_org_wide_view_says_too_little_data_plainly(client, people, outcomes):
    client.force_login(people["executive"].user)
    html = client.get("/outcomes/correlations/").content.decode()
    assert "Too little data: 0 unit-quarter pairs, at least 20 are needed." in html
    assert "Correlation, not cause." in html
    lowered = html.lower()
    for word in (" drives", " causes", " leads to", " impact of"):
        assert word not in lowered


def test_the_org_wide_view_shows_r_n_and_the_interval_when_there_is_enough(
    client, people, monkeypatch
):
    from tandem.indicators import rebuild

    quarter = services.quarters_until(timezone.localdate(), 1)[0]
    previous = quarter.previous()  # participation is read in the quarter before
    for i, (k, csat) in enumerate(zip([1, 2, 3, 4, 5], [70, 90, 100, 90, 100], strict=True)):
        unit = make_unit(f"Harbor Health/Teams/Team {i}")
        staff = [make_person(unit=unit, login=False) for _ in range(5)]
        for person in staff[:k]:
            make_story(person, date=previous.start)
        UnitOutcome.objects.create(
            unit=unit, month=quarter.start, csat=csat, imported_at=timezone.now()
        )
    rebuild.rebuild_indicators()
    monkeypatch.setattr(services, "MIN_PAIRS", 4)
    client.force_login(people["program_office"].user)
    response = client.get("/outcomes/correlations/")
    table = response.context["table"]
    csat = next(row for row in table.rows if row["outcome"].startswith("Customer"))
    assert csat["n"] == 5 and csat["units"] == 5
    assert csat["r"] is not None and csat["low"] < csat["r"] < csat["high"]
    html = response.content.decode()
    assert "units with higher participation tended to have" in html
    nps = next(row for row in table.rows if row["outcome"] == "Net Promoter Score")
    assert nps["r"] is None and nps["reading"].startswith("Too little data")
    export = client.get("/outcomes/correlations/", {"export": "correlations", "format": "csv"})
    assert export.status_code == 200 and b"Unit-quarter pairs (n)" in export.getvalue()


def test_the_org_wide_view_has_an_empty_state(client, people):
    client.force_login(people["program_office"].user)
    html = client.get("/outcomes/correlations/").content.decode()
    assert "No outcomes yet" in html
    assert 'href="/outcomes/import/"' in html


# --- the upload page --------------------------------------------------------------------


def upload(client, data: bytes):
    return client.post(
        "/outcomes/import/", {"file": SimpleUploadedFile("o.csv", data, content_type="text/csv")}
    )


def test_the_upload_page_documents_the_format(client, people):
    client.force_login(people["program_office"].user)
    html = client.get("/outcomes/import/").content.decode()
    assert "unit,month,csat,nps,complaints,compliments,staff_turnover,cost_to_serve" in html
    assert "Harbor Health/Nursing/Ward 4B,2025-03," in html


def test_an_upload_shows_the_summary_and_saves(client, people):
    client.force_login(people["program_office"].user)
    response = upload(client, csv_bytes(f"{WARD},{this_month(1):%Y-%m},84,,3,,,"))
    assert response.status_code == 200
    assert "Imported 1 row" in response.content.decode()
    assert UnitOutcome.objects.get().csat == 84


def test_a_bad_upload_lists_line_and_column_and_saves_nothing(client, people):
    client.force_login(people["program_office"].user)
    before = db_state()
    response = upload(
        client,
        csv_bytes(f"{WARD},{this_month(1):%Y-%m},84,,,,,", f"{WARD},2019-13,184,,,,,"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was changed: 2 problems in the file" in html
    assert "<td>3</td><td>month</td>" in html and "<td>3</td><td>csat</td>" in html
    assert db_state() == before


def test_an_upload_without_a_file_is_a_400_naming_the_field(client, people):
    client.force_login(people["program_office"].user)
    response = client.post("/outcomes/import/", {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


def test_a_frontline_person_may_not_post_an_upload(client, people):
    client.force_login(people["frontline"].user)
    response = upload(client, csv_bytes(f"{WARD},{this_month(1):%Y-%m},84,,,,,"))
    assert response.status_code == 403
    assert not UnitOutcome.objects.exists()
