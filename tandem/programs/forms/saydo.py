"""The say–do audit form: services/saydo.py checks the weights and saves."""

from __future__ import annotations

from django import forms

from tandem.people.models import Level, OrgUnit
from tandem.programs.models import SayDoKind
from tandem.programs.services.saydo import EntryInput

SAY_DO_MIN_ROWS = 24
SAY_DO_SPARE_ROWS = 8


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
