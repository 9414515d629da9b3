"""allauth adapters: no open sign-up; single sign-on only for people in the org chart."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

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
