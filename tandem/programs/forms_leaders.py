"""Forms for commitments, meetings and the say–do audit. They only validate input;
the services in programs/services/ decide and save."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from tandem.people.models import Level, OrgUnit, Person
from tandem.programs.models import AgendaTag, Rule, SayDoKind
from tandem.programs.models.commitments import SUGGESTED_COMMITMENTS, Cadence
from tandem.programs.services.meetings import AgendaInput
from tandem.programs.services.saydo import EntryInput

AGENDA_ROWS = 6
SAY_DO_MIN_ROWS = 24
SAY_DO_SPARE_ROWS = 8


def add_service_errors(form: forms.Form, error: ValidationError, *, elsewhere: str) -> None:
    """Put a service's ValidationError next to the form's fields; keys the form has no field
    for go to `form.<elsewhere>_errors` (a list the template shows where they belong)."""
    bucket: list[str] = getattr(form, f"{elsewhere}_errors")
    if not hasattr(error, "error_dict"):
        bucket.extend(error.messages)
        return
    for key, errors in error.error_dict.items():
        messages = [m for e in errors for m in e.messages]
        if key in form.fields:
            form.add_error(key, messages)
        else:
            bucket.extend(messages)


# --- commitments -----------------------------------------------------------------------


class _WithServiceErrors(forms.Form):
    """A form whose service messages without a field of their own go to `other_errors`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.other_errors: list[str] = []


def _suggestion_choices() -> list[tuple[str, str]]:
    return [("", "— write my own below —")] + [
        (str(n), f"{text} ({cadence}; {Rule(rule).label})")
        for n, (rule, text, cadence) in enumerate(SUGGESTED_COMMITMENTS)
    ]


class CommitmentForm(_WithServiceErrors):
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


class CommitmentEditForm(_WithServiceErrors):
    text = forms.CharField(label="Commitment", max_length=300)
    rule = forms.ChoiceField(label="Rule of service leadership", choices=Rule.choices)


KEPT_CHOICES = [("yes", "Yes, I kept it"), ("no", "No, not this time")]


class CheckInForm(_WithServiceErrors):
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


# --- meetings --------------------------------------------------------------------------


class MeetingForm(forms.Form):
    """Date, unit, chair, attendees, notes and a fixed number of agenda rows (blank ones
    are ignored). Missing values are left to the service, whose messages say what to do."""

    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), required=False)
    chair = forms.ModelChoiceField(queryset=Person.objects.none(), required=False)
    attendees = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Hold Ctrl (or ⌘) to pick several. The chair counts as attending.",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, units, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.items_errors: list[str] = []
        self.other_errors: list[str] = []
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: u.full_path
        self.fields["chair"].queryset = people
        self.fields["attendees"].queryset = people
        label = lambda p: f"{p.name} ({p.unit.name})"  # noqa: E731
        self.fields["chair"].label_from_instance = label
        self.fields["attendees"].label_from_instance = label
        tags = [("", "—")] + AgendaTag.choices
        for n in range(1, AGENDA_ROWS + 1):
            self.fields[f"item_{n}_title"] = forms.CharField(
                label=f"Item {n}", max_length=300, required=False
            )
            self.fields[f"item_{n}_tag"] = forms.ChoiceField(
                label=f"Tag of item {n}", choices=tags, required=False
            )
            affects = forms.ModelMultipleChoiceField(
                label=f"Teams item {n} affects",
                queryset=OrgUnit.objects.order_by("path"),
                required=False,
                widget=forms.SelectMultiple(attrs={"size": 3}),
            )
            affects.label_from_instance = lambda u: u.full_path
            self.fields[f"item_{n}_affects"] = affects

    def agenda_rows(self) -> list[dict]:
        """The bound fields of each agenda row, for the template."""
        return [
            {
                "n": n,
                "title": self[f"item_{n}_title"],
                "tag": self[f"item_{n}_tag"],
                "affects": self[f"item_{n}_affects"],
            }
            for n in range(1, AGENDA_ROWS + 1)
        ]

    def agenda(self) -> list[AgendaInput]:
        """The filled-in rows in order; a row with no title, tag or team is left out."""
        items = []
        for n in range(1, AGENDA_ROWS + 1):
            title = self.cleaned_data.get(f"item_{n}_title", "")
            tag = self.cleaned_data.get(f"item_{n}_tag", "")
            affects = list(self.cleaned_data.get(f"item_{n}_affects") or [])
            if title or tag or affects:
                items.append(AgendaInput(title, tag, affects))
        return items


# --- say–do audit ----------------------------------------------------------------------


class SayDoAuditForm(forms.Form):
    """The audit's date, unit and note, and rows of lines: kind, level, label, weight,
    service-related. Blank rows are ignored; the service checks the weights add up."""

    root_unit = forms.ModelChoiceField(
        label="Organization", queryset=OrgUnit.objects.none(), empty_label=None
    )
    taken_on = forms.DateField(label="Taken on", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units, rows: int = SAY_DO_MIN_ROWS, **kwargs):
        super().__init__(*args, **kwargs)
        self.entries_errors: list[str] = []
        self.fields["root_unit"].queryset = units
        self.fields["root_unit"].label_from_instance = lambda u: u.full_path
        self.rows = rows
        kinds = [("", "—")] + SayDoKind.choices
        levels = [("", "whole organization")] + Level.choices
        for n in range(1, rows + 1):
            self.fields[f"line_{n}_kind"] = forms.ChoiceField(
                label=f"Kind of line {n}", choices=kinds, required=False
            )
            self.fields[f"line_{n}_level"] = forms.ChoiceField(
                label=f"Level of line {n}", choices=levels, required=False
            )
            self.fields[f"line_{n}_label"] = forms.CharField(
                label=f"Label of line {n}", max_length=200, required=False
            )
            self.fields[f"line_{n}_weight"] = forms.IntegerField(
                label=f"Weight of line {n} (%)", min_value=0, max_value=100, required=False
            )
            self.fields[f"line_{n}_service"] = forms.BooleanField(
                label=f"Line {n} is service-related", required=False
            )

    def line_rows(self) -> list[dict]:
        names = ("kind", "level", "label", "weight", "service")
        return [
            {"n": n, **{name: self[f"line_{n}_{name}"] for name in names}}
            for n in range(1, self.rows + 1)
        ]

    def clean(self) -> dict:
        data = super().clean()
        for n in range(1, self.rows + 1):
            label, weight = data.get(f"line_{n}_label"), data.get(f"line_{n}_weight")
            kind = data.get(f"line_{n}_kind")
            if not (label or kind or weight is not None):
                continue
            if not kind:
                self.add_error(f"line_{n}_kind", f"Line {n}: say what kind of line it is.")
            if weight is None and f"line_{n}_weight" not in self.errors:
                self.add_error(f"line_{n}_weight", f"Line {n}: give its weight in percent.")
        return data

    def entries(self) -> list[EntryInput]:
        entries = []
        for n in range(1, self.rows + 1):
            label = self.cleaned_data.get(f"line_{n}_label", "")
            kind = self.cleaned_data.get(f"line_{n}_kind", "")
            weight = self.cleaned_data.get(f"line_{n}_weight")
            if label or kind or weight is not None:
                entries.append(
                    EntryInput(
                        kind=kind,
                        label=label,
                        weight=weight,
                        service=self.cleaned_data.get(f"line_{n}_service", False),
                        level=self.cleaned_data.get(f"line_{n}_level", ""),
                    )
                )
        return entries


def say_do_initial(audit) -> dict:
    """Prefill the form with an earlier audit's lines: the next audit is usually a small change."""
    initial: dict = {}
    if audit is None:
        return initial
    initial["root_unit"] = audit.root_unit_id
    for n, entry in enumerate(audit.entries.all(), start=1):
        initial.update(
            {
                f"line_{n}_kind": entry.kind,
                f"line_{n}_level": entry.level,
                f"line_{n}_label": entry.label,
                f"line_{n}_weight": entry.weight,
                f"line_{n}_service": entry.service,
            }
        )
    return initial
