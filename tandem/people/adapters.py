"""allauth adapters: no open sign-up; single sign-on only for people in the org chart."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from tandem.people.models import Person


class InviteOnlyAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False


class KnownPeopleSocialAdapter(DefaultSocialAccountAdapter):
    """An SSO login is accepted when its email belongs to an active person."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        email = (sociallogin.user.email or "").lower()
        return bool(email) and Person.objects.filter(email__iexact=email, active=True).exists()

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        Person.objects.filter(email__iexact=user.email, active=True, user__isnull=True).update(
            user=user
        )
        return user
