"""Error pages in the site's layout, with the menu and a way back (DEBUG off, as in
production); the 500 page even with the database down."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError, connection
from django.urls import include, path

from tests.factories import make_team


def forbidden(request):
    raise PermissionDenied("Only the program office imports outcomes.")


def suspicious(request):
    raise SuspiciousOperation("Malformed thing.")


def broken(request):
    raise RuntimeError("Boom.")


urlpatterns = [
    path("", include("tandem.urls")),
    path("test-403/", forbidden),
    path("test-400/", suspicious),
    path("test-500/", broken),
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.test_error_pages")]


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


@pytest.fixture
def fay(client):
    person = make_team()["frontline"]
    client.force_login(person.user)
    client.raise_request_exception = False
    return client


def assert_in_layout(html: str) -> None:
    assert '<header class="topbar">' in html
    assert 'href="#content">Skip to content</a>' in html
    assert '<main id="content"' in html
    assert 'class="button primary" href="/">Go to the start page</a>' in html


def test_404_in_the_layout_with_the_menu(fay):
    response = fay.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_in_layout(html)
    assert "We can’t find that page" in html
    assert '<nav class="mainnav"' in html and 'href="/board/"' in html


def test_403_says_why_in_the_layout_with_the_menu(fay):
    response = fay.get("/test-403/")
    assert response.status_code == 403
    html = response.content.decode()
    assert_in_layout(html)
    assert "You may not open this page" in html
    assert "Only the program office imports outcomes." in html
    assert '<nav class="mainnav"' in html


def test_a_real_403_page_uses_it(fay):
    response = fay.get("/audit/")
    assert response.status_code == 403
    assert "You may not open this page" in response.content.decode()


def test_400_in_the_layout_with_the_menu(fay):
    response = fay.get("/test-400/")
    assert response.status_code == 400
    html = response.content.decode()
    assert_in_layout(html)
    assert "Tandem could not understand that request" in html
    assert '<nav class="mainnav"' in html


def test_400_for_a_host_not_allowed(client):
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert_in_layout(response.content.decode())


def test_500_in_the_layout_with_a_minimal_menu(fay):
    response = fay.get("/test-500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert_in_layout(html)
    assert "Something went wrong on our side" in html
    assert 'class="error-home" href="/">Start page</a>' in html
    assert 'href="/board/"' not in html  # the full menu would need the database


def test_500_renders_with_the_database_down(fay):
    def database_down(execute, sql, params, many, context):
        raise OperationalError("could not connect to server")

    with connection.execute_wrapper(database_down):
        response = fay.get("/")  # the session itself cannot be read
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong on our side" in html
    assert_in_layout(html)


def test_500_template_makes_no_query(django_assert_num_queries, rf):
    from django.views.defaults import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Error 500" in response.content.decode()


def test_a_form_sent_without_its_token_gets_the_layouts_403(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_team()["frontline"].user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "That form had expired" in html and "nothing was changed" in html
    assert_in_layout(html)
