"""Forms for the roadmap and cascade screens: they validate input, the services decide."""

from __future__ import annotations

from django import forms

from tandem.people.models import OrgUnit
from tandem.people.pickers import PersonChoiceField
from tandem.programs.models import ItemStatus, Phase, Stage
from tandem.programs.models.roadmap import MAX_EVIDENCE_BYTES, check_evidence_file
from tandem.programs.services.roadmap import owner_choices


class EvidenceFileField(forms.FileField):
    """An optional upload, refused with a clear message when empty or over the size limit."""

    def __init__(self, **kwargs):
        mb = MAX_EVIDENCE_BYTES // (1024 * 1024)
        kwargs.setdefault("label", "Evidence file")
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", f"Minutes, a photo, a sign-in sheet; at most {mb} MB.")
        kwargs.setdefault("allow_empty_file", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            try:
                check_evidence_file(upload)
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["evidence_file"]) from None
        return upload


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
    evidence_file = EvidenceFileField()


class EvidenceForm(forms.Form):
    evidence_note = forms.CharField(label="Evidence note", required=False, widget=forms.Textarea)
    evidence_link = forms.URLField(
        label="Evidence link", required=False, max_length=500, assume_scheme="https"
    )
    evidence_file = EvidenceFileField()

    def clean(self):
        data = super().clean()
        if (
            not self.errors
            and not (data.get("evidence_note") or "").strip()
            and not data.get("evidence_link")
            and not data.get("evidence_file")
        ):
            raise forms.ValidationError("Give a note, a link or a file as evidence.")
        return data


class PhaseForm(forms.Form):
    name = forms.CharField(label="Phase name", max_length=200)


class ShiftForm(forms.Form):
    """One place up or down; the service refuses moving past either end."""

    direction = forms.ChoiceField(label="Direction", choices=[("up", "Up"), ("down", "Down")])

    @property
    def step(self) -> int:
        return -1 if self.cleaned_data["direction"] == "up" else 1


class ItemForm(forms.Form):
    title = forms.CharField(label="Title", max_length=300)
    owner = PersonChoiceField(
        "owners",
        label="Owner",
        queryset=owner_choices(),
        required=False,
        help_text="A leader or someone of the program office.",
        error_messages={"invalid_choice": "Choose a leader or someone of the program office."},
    )
    due_on = forms.DateField(
        label="Due", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ItemPhaseForm(forms.Form):
    phase = forms.ModelChoiceField(
        label="Move to phase",
        queryset=Phase.objects.none(),
        error_messages={"invalid_choice": "Choose a phase of this program."},
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = program.phases.all()


class StageForm(forms.Form):
    to = forms.ChoiceField(label="Stage", choices=Stage.choices)
    note = forms.CharField(label="Why", required=False, max_length=1000)
