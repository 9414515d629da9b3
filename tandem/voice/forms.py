from __future__ import annotations

import secrets

from django import forms

from tandem.people.models import Level, Person
from tandem.people.pickers import PersonChoiceField, UnitsChoiceField
from tandem.programs.models import RoadmapItem
from tandem.voice.models import TEXT_LIMIT, AnswerKind, Kind, Label, ResponseKind, VoiceSettings


def _text(label: str, rows: int) -> forms.CharField:
    """A text box of at most TEXT_LIMIT characters, with the live counter."""
    return forms.CharField(
        label=label,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows, "data-counter": ""}),
    )


class FeedbackForm(forms.Form):
    to = forms.TypedChoiceField(label="To", coerce=int)
    kind = forms.ChoiceField(label="What is it?", choices=Kind.choices, widget=forms.RadioSelect)
    text = _text("Your feedback", rows=6)
    anonymous = forms.TypedChoiceField(
        label="Send it",
        choices=[("0", "with my name"), ("1", "anonymously")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
    )

    # A one-time token: the same form sent twice (a reload, a double tap) sends once.
    once = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["once"].initial = secrets.token_urlsafe(24)
        self.fields["to"].choices = choices
        if choices:
            self.fields["to"].initial = choices[0][0]


class ReplyForm(forms.Form):
    text = _text("Your reply", rows=4)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Reply code",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class LabelForm(forms.Form):
    label = forms.ChoiceField(label="Label", choices=[("", "—"), *Label.choices], required=False)
    resolved = forms.BooleanField(label="Resolved", required=False)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")  # a checkbox's label comes after it
        super().__init__(*args, **kwargs)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = VoiceSettings
        fields = ["min_group", "text_min"]
        labels = {
            "min_group": "Minimum group for anonymous feedback",
            "text_min": "Written responses shown for a team from",
        }
        widgets = {
            "min_group": forms.NumberInput(attrs={"min": 3, "max": 10}),
            "text_min": forms.NumberInput(attrs={"min": 3, "max": 50}),
        }


class HeardForm(forms.Form):
    heard = _text("What I heard", rows=3)
    will_change = _text("What I will change", rows=3)
    commitment = forms.ModelChoiceField(
        label="Tied to my commitment",
        queryset=None,
        required=False,
        empty_label="— none —",
    )

    def __init__(self, *args, commitments, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commitment"].queryset = commitments


# --- initiatives ----------------------------------------------------------------------


def _optional_text(label: str, rows: int, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "data-counter": ""}),
    )


class InitiativeForm(forms.Form):
    """What changes, why, for whom, who answers for it, when. Missing values are left to
    the service (initiatives.save_draft), whose messages say what to do."""

    title = forms.CharField(label="What changes, in a line", max_length=200, required=False)
    what = _optional_text("In detail", 4)
    why = _optional_text("Why: the customer or colleague it serves", 3)
    units = UnitsChoiceField(
        label="Teams it affects",
        source="initiative-units",
        help_text="Everyone placed in these teams or below them is told and may respond.",
    )
    levels = forms.MultipleChoiceField(
        label="Roles it affects",
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: everyone in the teams.",
    )
    owner = PersonChoiceField("people", label="Accountable", required=False, empty_label="—")
    starts_on = forms.DateField(
        label="Starts on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label="Responses until",
        required=False,
        help_text="Empty: until you close it.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    roadmap_item = forms.ModelChoiceField(
        label="Roadmap item (optional)",
        queryset=RoadmapItem.objects.none(),
        required=False,
        empty_label="— none —",
    )

    def __init__(self, *args, units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        self.fields["owner"].queryset = Person.objects.active()
        self.fields["roadmap_item"].queryset = RoadmapItem.objects.select_related(
            "phase__program"
        ).order_by("phase__program__name", "phase__position", "pk")


class RespondForm(forms.Form):
    kind = forms.ChoiceField(
        label="Your response",
        choices=ResponseKind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    text = _optional_text("Say why, or what you would do", 4)
    anonymous = forms.TypedChoiceField(
        label="Send it",
        choices=[("0", "with my name"), ("1", "anonymously")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
        required=False,
    )
    item = forms.TypedChoiceField(label="About", coerce=int, required=False, empty_value=None)

    def __init__(self, *args, items=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if items:
            self.fields["item"].choices = [("", "The notes as a whole")] + [
                (item.pk, f"{item.position}. {item.title}") for item in items
            ]
        else:
            del self.fields["item"]


class AnswerForm(forms.Form):
    """On the same page as the owner's own response form (the owner is often affected):
    its ids are its own, so that each label names its control."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "answer_%s")
        super().__init__(*args, **kwargs)

    kind = forms.ChoiceField(
        label="Answer", choices=AnswerKind.choices, widget=forms.RadioSelect, required=False
    )
    text = _optional_text("What you say back", 3)
