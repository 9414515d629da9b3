"""People workflows that touch several models: giving a person a login, inviting them
to log in, and issuing and revoking personal API tokens.

Forms only validate (which person was meant); the rule for who can be invited
and the steps of an invitation live here, so a page, a command or the API all
invite the same way: atomic, audited, and nothing kept when the email fails.
Tokens are issued and revoked here for the profile page and the
`create_api_token` command alike, each change audited.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from allauth.core.context import request_context
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from tandem.audit.models import log_action
from tandem.people import access
from tandem.people.models import ApiToken, Person, User


def check_can_invite(person: Person) -> None:
    """Raise ValidationError saying why this person cannot get a login now.

    Only active people with an email no other login uses, and without a login
    of their own, are invited: one login per person, one person per email.
    """
    label = f"{person.name} ({person.employee_id})"
    if not person.active:
        raise ValidationError(f"{label} is inactive.", code="inactive")
    if person.user_id is not None:
        raise ValidationError(
            f"{label} already has a login ({person.user.email}).", code="has_login"
        )
    if not person.email:
        raise ValidationError(
            f"{label} has no email address; add one in the HR export and import it first.",
            code="no_email",
        )
    if User.objects.filter(email__iexact=person.email).exists():
        raise ValidationError(
            f"The email {person.email} is already used by another login.", code="email_taken"
        )


def invite_person(actor: User, person: Person, request: HttpRequest) -> User:
    """Give a person a login without a password and email them a link to set one.

    Everything runs in one transaction and the email is sent last inside it, so
    when sending fails (smtplib.SMTPException or OSError, raised to the caller)
    the login and the audit entry are rolled back and the invitation can simply
    be tried again. The person is re-read under a row lock and checked again, so
    two program officers inviting the same person at once cannot both succeed;
    the loser gets a ValidationError. Returns the new login; `person.user` is set.
    """
    with transaction.atomic():
        person.refresh_from_db(from_queryset=Person.objects.select_for_update())
        check_can_invite(person)
        user, _ = ensure_login(person)
        log_action(actor, "invited", person, extra={"email": user.email, "user_id": user.pk})
        send_invitation(request, actor, person, user)
    return user


def ensure_login(person: Person) -> tuple[User, bool]:
    """The person's login, and whether they got it just now: an existing login of their
    email that no other person holds is linked, else one is created without a usable
    password (they set one through an invitation, or use single sign-on).

    Raises ValidationError when the person has no email, or the login to use is disabled
    or belongs to someone else. Callers that must not reuse a login (inviting) check
    that first.
    """
    if person.user_id is not None:
        if not person.user.is_active:
            raise ValidationError(f"The login of {person.name} is disabled.", code="disabled")
        return person.user, False
    address = person.email.strip().lower()
    if not address:
        raise ValidationError(f"{person.name} has no email address.", code="no_email")
    with transaction.atomic():
        user = User.objects.filter(email__iexact=address).first()
        if user is None:
            user = User.objects.create_user(address, password=None)
        elif Person.objects.filter(user=user).exclude(pk=person.pk).exists():
            raise ValidationError(
                f"The login {user.email} belongs to someone else.", code="email_taken"
            )
        elif not user.is_active:
            raise ValidationError(f"The login {user.email} is disabled.", code="disabled")
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    return user, True


def issue_token(
    user: User, name: str, *, actor: Any = None, days: int | None = None
) -> tuple[ApiToken, str]:
    """Issue a personal API token, working for `days` days (None: until revoked), and
    audit it (by `actor`, default the user: a command passes its name). Returns the token
    and its raw secret, which is never stored."""
    expires_at = timezone.now() + timedelta(days=days) if days else None
    with transaction.atomic():
        token, raw = ApiToken.issue(user, name, expires_at=expires_at)
        extra = {"name": name, "for": user.email, "days": days}
        log_action(actor or user, "token created", token, extra=extra)
    return token, raw


def revoke_token(user: User, token: ApiToken) -> None:
    """Revoke a token at once and audit it; revoking it again changes nothing."""
    if token.revoked_at is not None:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        log_action(user, "token revoked", token, extra={"name": token.name})


def revoke_all_tokens(user: User, *, because: str) -> int:
    """Revoke every working token of the user at once (after their password was reset or
    changed: whoever had the old password may have made one), audited; returns how many."""
    with transaction.atomic():
        tokens = list(user.api_tokens.select_for_update().filter(revoked_at__isnull=True))
        now = timezone.now()
        for token in tokens:
            token.revoked_at = now
            token.save(update_fields=["revoked_at"])
            log_action(user, "token revoked", token, extra={"name": token.name, "why": because})
    return len(tokens)


def set_password_url(request: HttpRequest, user: User) -> str:
    """allauth's own password-reset link, so the invitee sets a password on its page.

    The token is allauth's, so the link stops working once the password is set
    and expires after PASSWORD_RESET_TIMEOUT.
    """
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    # allauth reads the request from its context (set by its middleware), not
    # from the argument; setting it here also works outside a request cycle.
    with request_context(request):
        return get_adapter(request).get_reset_password_from_key_url(key)


def send_invitation(request: HttpRequest, actor: User, person: Person, user: User) -> None:
    """The invitation email, from a subject, a text and an HTML template."""
    context = {
        "person": person,
        "email": user.email,
        "inviter": access.person_for(actor) or actor,
        "set_password_url": set_password_url(request, user),
        "login_url": request.build_absolute_uri(settings.LOGIN_URL),
        "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    subject = " ".join(render_to_string("people/email/invite_subject.txt", context).split())
    text = render_to_string("people/email/invite_body.txt", context)
    html = render_to_string("people/email/invite_body.html", context)
    message = EmailMultiAlternatives(subject, text, None, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()
