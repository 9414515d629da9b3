"""Single sign-on tests: an OpenID Connect app configured in settings, and no network at all."""

from __future__ import annotations

import copy

import pytest
import requests

SSO_PROVIDERS = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "sso",
                "name": "Harbor SSO",
                "client_id": "tandem-client",
                "secret": "s3cret-for-tests",
                "settings": {"server_url": "https://login.example.org"},
            }
        ]
    }
}


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every HTTP request allauth makes goes through a requests.Session: fail any of them."""

    def refuse(self, method, url, *args, **kwargs):
        raise AssertionError(f"unexpected network call: {method} {url}")

    monkeypatch.setattr(requests.Session, "request", refuse)


@pytest.fixture
def sso(settings):
    """The app that settings.py builds from OIDC_CLIENT_ID, OIDC_NAME and friends."""
    settings.SOCIALACCOUNT_PROVIDERS = copy.deepcopy(SSO_PROVIDERS)
    return SSO_PROVIDERS["openid_connect"]["APPS"][0]
