"""Forms for commitments and check-ins: they validate input, services/commitments.py decides."""

from __future__ import annotations

from django import forms

from tandem.people.pickers import PersonChoiceField, UnitChoiceField
from tandem.programs.forms.service_errors import WithServiceErrors
from tandem.programs.models import Rule
from tandem.programs.models.commitments import SUGGESTED_COMMITMENTS, Cadence
from tandem.programs.services.commitments import STATUSES


def _suggestion_choices() -> list[tuple[str, str]]:
    return [("", "— write my own below —")] + [
        (str(n), f"{text} ({cadence}; {Rule(rule).label})")
        for n, (rule, text, cadence) in enumerate(SUGGESTED_COMMITMENTS)
    ]


class CommitmentForm(WithServiceErrors):
    """A suggestion from the seven rules, or the leader's own words (which win when given)."""

    suggestion = forms.ChoiceField(
        label="Pick a suggestion", choices=_suggestion_choices, required=False
    )
    text = forms.CharField(
        label="Or in your own words",
        max_length=300,
        required=False,
        help_text="What you will do, so your team can see whether you did.",
    )
    rule = forms.ChoiceField(
        label="Rule of service leadership",
        choices=[("", "—")] + Rule.choices,
        required=False,
    )
    cadence = forms.ChoiceField(
        label="How often", choices=[("", "—")] + Cadence.choices, required=False
    )

    def clean(self) -> dict:
        data = super().clean()
        pick = data.get("suggestion")
        if pick:
            rule, text, cadence = SUGGESTED_COMMITMENTS[int(pick)]
            data["text"] = data.get("text") or text
            data["rule"] = data.get("rule") or str(rule)
            data["cadence"] = data.get("cadence") or cadence
        if not data.get("text"):
            self.add_error("text", "Pick a suggestion or write the commitment.")
        if not data.get("rule"):
            self.add_error("rule", "Say which rule of service leadership it serves.")
        if not data.get("cadence"):
            self.add_error("cadence", "Say how often you will check in.")
        return data


class CommitmentEditForm(WithServiceErrors):
    text = forms.CharField(label="Commitment", max_length=300)
    rule = forms.ChoiceField(label="Rule of service leadership", choices=Rule.choices)


KEPT_CHOICES = [("yes", "Yes, I kept it"), ("no", "No, not this time")]


class CheckInForm(WithServiceErrors):
    period_start = forms.DateField(widget=forms.HiddenInput)
    kept = forms.TypedChoiceField(
        label="Did you keep it?",
        choices=KEPT_CHOICES,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you kept it."},
    )
    reflection = forms.CharField(
        label="Reflection (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="What got in the way, or what you will change. Your team sees it.",
    )

    def __init__(self, *args, periods: list[tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if periods:  # the detail page lets the leader pick any period so far
            self.fields["period_start"] = forms.DateField(
                label="Period", widget=forms.Select(choices=periods)
            )


class CommitmentFilterForm(forms.Form):
    """The commitments page's GET filters; a bad value is named on the form and skipped."""

    unit = UnitChoiceField(label="Unit")
    leader = PersonChoiceField(
        "commitment-leaders",
        label="Leader",
        required=False,
        empty_label="Any leader",
        error_messages={
            "invalid_choice": "There is no such leader among those you see; pick one from the list."
        },
    )
    rule = forms.ChoiceField(
        label="Rule",
        required=False,
        choices=[("", "Any rule"), *Rule.choices],
        error_messages={"invalid_choice": "“%(value)s” is not one of the seven rules."},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *STATUSES.items()],
        error_messages={"invalid_choice": "“%(value)s” is not a status; pick one from the list."},
    )

    def __init__(self, *args, leaders=None, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if leaders is not None:
            self.fields["leader"].queryset = leaders.select_related("unit")

    def filters(self) -> dict:
        """The valid filters, for services.commitments.filter_commitments."""
        if not self.is_bound or not self.is_valid():
            data = self.cleaned_data if self.is_bound else {}
            data = {name: value for name, value in data.items() if name not in self.errors}
        else:
            data = self.cleaned_data
        return {
            "unit": data.get("unit"),
            "leader": data.get("leader"),
            "rule": data.get("rule") or "",
            "status": data.get("status") or "",
        }

    def active(self) -> bool:
        return any(self.filters().values())
