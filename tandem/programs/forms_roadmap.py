"""Forms for the roadmap and cascade screens: they validate input, the services decide."""

from __future__ import annotations

from django import forms

from tandem.people.models import OrgUnit
from tandem.programs.models import ItemStatus, Stage


class StartProgramForm(forms.Form):
    name = forms.CharField(max_length=200, initial="Service First")
    root_unit = forms.ModelChoiceField(
        label="Part of the organization",
        # The top two levels: a program covers the organization or a division (a second wave).
        queryset=OrgUnit.objects.filter(depth__lte=2).order_by("path"),
        to_field_name="pk",
    )
    started_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Due dates are counted from this day; leave empty for today.",
    )


class ItemMoveForm(forms.Form):
    to = forms.ChoiceField(label="New status", choices=ItemStatus.choices)
    evidence_note = forms.CharField(label="Evidence note", required=False, widget=forms.Textarea)
    evidence_link = forms.CharField(label="Evidence link", required=False, max_length=500)


class EvidenceForm(forms.Form):
    evidence_note = forms.CharField(label="Evidence note", required=False, widget=forms.Textarea)
    evidence_link = forms.URLField(
        label="Evidence link", required=False, max_length=500, assume_scheme="https"
    )

    def clean(self):
        data = super().clean()
        if (
            not self.errors
            and not (data.get("evidence_note") or "").strip()
            and not data.get("evidence_link")
        ):
            raise forms.ValidationError("Give a note or a link as evidence.")
        return data


class StageForm(forms.Form):
    to = forms.ChoiceField(label="Stage", choices=Stage.choices)
    note = forms.CharField(label="Why", required=False, max_length=1000)
