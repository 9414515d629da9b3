"""The form that records a meeting and its agenda: services/meetings.py checks and saves."""

from __future__ import annotations

from django import forms

from tandem.people.models import OrgUnit, Person
from tandem.programs.models import AgendaTag
from tandem.programs.services.meetings import AgendaInput

AGENDA_ROWS = 6


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
