"""The sign-in page offers single sign-on only when it is configured; sign-up stays closed."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.urls import reverse

from tandem.people.models import User

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
SIGNUP = "/accounts/signup/"
PASSWORD = "tide-pool-harbor-91"


def test_login_page_shows_a_harbor_sso_button_when_oidc_is_configured(client, sso):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    url = reverse("openid_connect_login", kwargs={"provider_id": "sso"})
    assert url == "/accounts/oidc/sso/login/"
    link = re.search(
        rf'<a [^>]*href="{re.escape(url)}\?process=login"[^>]*>\s*Harbor SSO\s*</a>', html
    )
    assert link is not None, html


def test_login_page_has_no_sso_button_without_configuration(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    html = client.get(LOGIN).content.decode()
    assert "Harbor SSO" not in html
    assert "/accounts/oidc/" not in html
    assert 'name="password"' in html  # the password form is still there


def test_following_the_sso_link_asks_to_continue_without_contacting_the_provider(client, sso):
    # allauth fetches the discovery document only on the POST that redirects to the
    # provider; the autouse no_network fixture fails the test on any request.
    response = client.get("/accounts/oidc/sso/login/?process=login")
    assert response.status_code == 200
    assert "Harbor SSO" in response.content.decode()


def test_continuing_redirects_to_the_authorization_endpoint_from_discovery(
    client, sso, monkeypatch
):
    fetched = []

    def discovery(self, method, url, *args, **kwargs):
        fetched.append((method, url))
        response = requests.Response()
        response.status_code = 200
        response._content = json.dumps(
            {
                "issuer": "https://login.example.org",
                "authorization_endpoint": "https://login.example.org/authorize",
                "token_endpoint": "https://login.example.org/token",
                "userinfo_endpoint": "https://login.example.org/userinfo",
                "jwks_uri": "https://login.example.org/jwks",
            }
        ).encode()
        return response

    monkeypatch.setattr(requests.Session, "request", discovery)
    response = client.post("/accounts/oidc/sso/login/?process=login")
    assert fetched == [("GET", "https://login.example.org/.well-known/openid-configuration")]
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (target.scheme, target.netloc, target.path) == (
        "https",
        "login.example.org",
        "/authorize",
    )
    query = parse_qs(target.query)
    assert query["client_id"] == [sso["client_id"]]
    assert query["redirect_uri"] == ["http://testserver/accounts/oidc/sso/login/callback/"]
    assert "email" in query["scope"][0].split()


def test_signup_page_says_tandem_is_by_invitation(client):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tandem is by invitation" in html
    assert 'name="password1"' not in html


def test_posting_to_signup_creates_no_user_and_logs_no_one_in(client):
    users = User.objects.count()
    response = client.post(
        SIGNUP,
        {"email": "walk-in@harbor.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "Tandem is by invitation" in response.content.decode()
    assert User.objects.count() == users
    assert not User.objects.filter(email="walk-in@harbor.example").exists()
    assert "_auth_user_id" not in client.session


def test_signup_stays_closed_when_sso_is_configured(client, sso):
    response = client.post(
        SIGNUP,
        {"email": "walk-in@harbor.example", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert "Tandem is by invitation" in response.content.decode()
    assert not User.objects.filter(email="walk-in@harbor.example").exists()
