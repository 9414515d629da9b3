"""The upload page /people/import/: program office only, a summary or the list of problems."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tandem.people.models import Person
from tests.people.helpers import BASE, csv_bytes, db_state

pytestmark = pytest.mark.django_db
URL = "/people/import/"


def upload(client, data: bytes, **extra):
    payload = {"file": SimpleUploadedFile("people.csv", data, content_type="text/csv"), **extra}
    return client.post(URL, payload)


def test_url_name_is_people_import():
    assert reverse("people:import") == URL
    assert reverse("people:invite") == "/people/invite/"


def test_program_office_sees_the_form_with_the_expected_header_and_an_example(
    login, program_office
):
    response = login(program_office).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "employee_id,name,email,title,level,unit,manager_employee_id" in html
    assert "Harbor Health/Nursing/Ward 4B" in html
    assert 'type="file"' in html and 'name="deactivate_missing"' in html


def test_program_office_upload_shows_the_summary(login, program_office):
    client = login(program_office)
    response = upload(client, BASE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Imported 4 rows" in html
    assert '<th scope="row">Created</th><td>4</td>' in html
    # "Harbor Health" exists already: it is the program office's own unit.
    assert '<th scope="row">Units created</th><td>2</td>' in html
    assert Person.objects.filter(employee_id__startswith="HH-").count() == 4
    again = upload(client, BASE).content.decode()
    assert '<th scope="row">Unchanged</th><td>4</td>' in again


def test_deactivate_checkbox_deactivates_people_missing_from_the_file(login, program_office):
    client = login(program_office)
    upload(client, BASE)
    data = csv_bytes(
        "HH-1,Erin Exec,,,executive,Harbor Health,",
        f"{program_office.employee_id},Program Lead,,,senior leader,Harbor Health,",
    )
    response = upload(client, data, deactivate_missing="on")
    assert response.status_code == 200
    assert '<th scope="row">Deactivated</th><td>3</td>' in response.content.decode()
    assert Person.objects.filter(active=False).count() == 3


def test_bad_file_shows_each_line_and_reason_and_changes_nothing(login, program_office):
    client = login(program_office)
    upload(client, BASE)
    before = db_state()
    data = csv_bytes(
        "HH-5,Ann,,,frontline,Harbor Health,",
        "HH-6,Bo,,,boss,Harbor Health,",
        "HH-7,Cy,,,frontline,Harbor Health//Ward,",
    )
    response = upload(client, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was changed: 2 problems in the file" in html
    assert '<td>3</td><td class="prewrap">unknown level &#x27;boss&#x27;' in html
    assert (
        '<td>4</td><td class="prewrap">unit &#x27;Harbor Health//Ward&#x27; has an empty part'
        in html
    )
    assert db_state() == before


def test_problem_text_from_the_file_is_escaped(login, program_office):
    response = upload(
        login(program_office), csv_bytes("HH-5,Ann,,,<script>x</script>,Harbor Health,")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html


def test_upload_without_a_file_is_a_form_error(login, program_office):
    response = login(program_office).post(URL, {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "frontline", "executive"])
def test_people_outside_the_program_office_get_403(login, team, role):
    client = login(team[role])
    assert client.get(URL).status_code == 403
    before = db_state()
    assert upload(client, BASE).status_code == 403
    assert db_state() == before


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
