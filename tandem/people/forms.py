"""Forms of the program office's people pages: the org-chart upload and invitations.

They only validate input; the import and the invitation themselves are in
`importer.py` and `services.py`.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q

from tandem.people import services
from tandem.people.models import Person

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
    """Pick a person by employee id or email; `services.invite_person` does the inviting."""

    person = forms.CharField(
        label="Employee id or email",
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "E1042 or name@…"}),
    )

    def clean_person(self) -> Person:
        """The one person meant (an exact employee id wins over an email), if invitable."""
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
        services.check_can_invite(person)
        return person
