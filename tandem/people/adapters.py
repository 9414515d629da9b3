"""Signing in: allauth adapters (no open sign-up; single sign-on only for people in the
org chart) and what login throttling (django-axes) counts failures by."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings

from tandem.people.models import Person


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False


def _person_awaiting_login(email: str) -> Person | None:
    """The one active person with this email and no login yet (None if none or several)."""
    if not email:
        return None
    matches = list(Person.objects.filter(email__iexact=email, active=True, user__isnull=True)[:2])
    return matches[0] if len(matches) == 1 else None


class KnownPeopleSocialAdapter(DefaultSocialAccountAdapter):
    """An SSO login is accepted when its email belongs to exactly one active person."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return _person_awaiting_login((sociallogin.user.email or "").lower()) is not None

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        person = _person_awaiting_login(user.email)
        if person is not None:
            person.user = user
            person.save(update_fields=["user", "updated_at"])
        return user


def login_name(request, credentials: dict | None = None) -> str:
    """The login (an email address) a sign-in attempt names, for django-axes to count
    failures by: from the credentials allauth authenticates with, else the posted form."""
    credentials = credentials or {}
    login = credentials.get("email") or credentials.get("username")
    if not login and request is not None:
        login = request.POST.get("login", "")
    return (login or "").strip().lower()


def client_address(request) -> str:
    """The address a request comes from, for login throttling. Behind
    settings.TRUSTED_PROXY_COUNT proxies, each of which appends the address it saw to
    X-Forwarded-For, the client is that many entries from the right (entries further
    left were sent by the client and prove nothing); with none, the socket's address."""
    trusted = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if trusted and len(forwarded) >= trusted:
        return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR", "")
