"""Forms of the program office's people pages: the org-chart upload and invitations."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string

from tandem.audit.models import log_action
from tandem.people import access
from tandem.people.models import Person, User

MAX_UPLOAD_MB = 50


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, with a header row. Exported from the HR system.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    deactivate_missing = forms.BooleanField(
        label="Deactivate people who are not in the file",
        required=False,
        help_text="They keep their history but can no longer log in. Nothing is deleted.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_MB} MB.")
        return upload


class InviteForm(forms.Form):
    """Pick a person by employee id or email; they get a login and a set-password link."""

    person = forms.CharField(
        label="Employee id or email",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "E1042 or name@…"}),
    )

    def clean_person(self) -> Person:
        text = self.cleaned_data["person"].strip()
        matches = list(
            Person.objects.select_related("user").filter(
                Q(employee_id=text) | Q(email__iexact=text)
            )[:3]
        )
        by_id = [p for p in matches if p.employee_id == text]
        if by_id:
            matches = by_id
        if not matches:
            raise forms.ValidationError(f"No one has the employee id or email “{text}”.")
        if len(matches) > 1:
            raise forms.ValidationError(
                f"Several people have the email “{text}”; enter an employee id instead."
            )
        person = matches[0]
        if not person.active:
            raise forms.ValidationError(f"{person.name} ({person.employee_id}) is inactive.")
        if person.user_id is not None:
            raise forms.ValidationError(
                f"{person.name} ({person.employee_id}) already has a login ({person.user.email})."
            )
        if not person.email:
            raise forms.ValidationError(
                f"{person.name} ({person.employee_id}) has no email address; "
                "add one in the HR export and import it first."
            )
        other = User.objects.filter(email__iexact=person.email).first()
        if other is not None:
            raise forms.ValidationError(
                f"The email {person.email} is already used by another login."
            )
        return person

    def save(self, request: HttpRequest) -> User:
        """Create the login and send the invitation; if sending fails nothing is kept."""
        person: Person = self.cleaned_data["person"]
        with transaction.atomic():
            user = User.objects.create_user(person.email.lower(), password=None)
            person.user = user
            person.save(update_fields=["user", "updated_at"])
            log_action(
                request.user,
                "invited",
                person,
                extra={"email": user.email, "user_id": user.pk},
            )
            send_invitation(request, person, user)
        return user


def set_password_url(request: HttpRequest, user: User) -> str:
    """allauth's own password-reset link, so the invitee sets a password on its page."""
    from allauth.account.adapter import get_adapter
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    return get_adapter(request).get_reset_password_from_key_url(key)


def send_invitation(request: HttpRequest, person: Person, user: User) -> None:
    context = {
        "person": person,
        "email": user.email,
        "inviter": access.person_for(request.user) or request.user,
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
