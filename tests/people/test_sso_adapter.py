"""KnownPeopleSocialAdapter: single sign-on makes logins only for active people in the org."""

from __future__ import annotations

import pytest
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from tandem.people.adapters import KnownPeopleSocialAdapter
from tandem.people.models import Person, User
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def rf_request(sso):
    """A callback request as allauth sees it: anonymous, with a session."""
    request = RequestFactory().get("/accounts/oidc/sso/login/callback/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    request.session.save()
    return request


def sociallogin(request, email: str | None, sub: str = "idp-123") -> SocialLogin:
    """What allauth builds from the provider's user info: an unsaved User and SocialAccount."""
    provider = get_adapter().get_provider(request, "sso")
    userinfo = {"sub": sub, "name": "Aiko Tanaka", "email_verified": True}
    if email is not None:
        userinfo["email"] = email
    login = provider.sociallogin_from_response(request, {"userinfo": userinfo})
    assert login.user.pk is None and login.account.pk is None
    return login


def test_settings_use_the_known_people_adapter():
    assert isinstance(get_adapter(), KnownPeopleSocialAdapter)


def test_sign_up_is_open_to_an_active_person_whatever_the_email_case(rf_request):
    make_person("Aiko Tanaka", login=False, email="Aiko.Tanaka@Harbor.example")
    login = sociallogin(rf_request, "aiko.tanaka@HARBOR.example")
    assert get_adapter().is_open_for_signup(rf_request, login) is True


def test_sign_up_is_closed_to_an_email_not_in_the_org_chart(rf_request):
    make_person("Aiko Tanaka", login=False, email="aiko.tanaka@harbor.example")
    login = sociallogin(rf_request, "stranger@elsewhere.example")
    assert get_adapter().is_open_for_signup(rf_request, login) is False


def test_sign_up_is_closed_to_a_deactivated_person(rf_request):
    make_person("Gus Gone", login=False, email="gus@harbor.example", active=False)
    login = sociallogin(rf_request, "gus@harbor.example")
    assert get_adapter().is_open_for_signup(rf_request, login) is False


def test_sign_up_is_closed_when_the_provider_sends_no_email(rf_request):
    make_person("Aiko Tanaka", login=False, email="aiko.tanaka@harbor.example")
    login = sociallogin(rf_request, None)
    assert login.user.email == ""
    assert get_adapter().is_open_for_signup(rf_request, login) is False


def test_save_user_creates_the_login_and_links_it_to_the_person(rf_request):
    aiko = make_person("Aiko Tanaka", login=False, email="aiko.tanaka@harbor.example")
    login = sociallogin(rf_request, "aiko.tanaka@harbor.example")
    user = get_adapter().save_user(rf_request, login)
    assert user.pk is not None
    assert user.email == "aiko.tanaka@harbor.example"
    assert not user.has_usable_password()
    aiko.refresh_from_db()
    assert aiko.user == user
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("sso", "idp-123")


def test_save_user_does_not_link_a_deactivated_person(rf_request):
    gone = make_person("Gus Gone", login=False, email="gus@harbor.example", active=False)
    login = sociallogin(rf_request, "gus@harbor.example")
    user = get_adapter().save_user(rf_request, login)
    gone.refresh_from_db()
    assert gone.user is None
    assert not Person.objects.filter(user=user).exists()
    assert User.objects.filter(pk=user.pk).exists()


def test_an_email_shared_by_two_people_opens_no_sso_sign_up(rf_request):
    make_person("Ann One", email="shared@harbor.example", login=False)
    make_person("Ann Two", email="shared@harbor.example", login=False)
    login = sociallogin(rf_request, "shared@harbor.example")
    assert not KnownPeopleSocialAdapter().is_open_for_signup(rf_request, login)
