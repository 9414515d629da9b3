from __future__ import annotations

from django import forms

from tandem.capture.models import BuildingBlock, Idea
from tandem.people.models import OrgUnit, Person
from tandem.people.pickers import PeopleChoiceField, UnitsChoiceField

from .models import Entry
from .models.contests import DEFAULT_RUBRIC, TOP_SCORE


class ContestForm(forms.Form):
    title = forms.CharField(max_length=200, required=False)
    theme = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What improvement the contest is looking for.",
    )
    blocks = forms.ModelMultipleChoiceField(
        label="Building blocks",
        queryset=BuildingBlock.objects.order_by("position"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="An entry must carry one of them; none: any.",
    )
    units = UnitsChoiceField(
        label="Open to", required=False, help_text="Whose ideas may enter; none: everyone's."
    )
    opens_on = forms.DateField(
        label="Entries open on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label="Last day for entries",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    prizes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="In words: no points, no money in Tandem.",
    )
    judges = PeopleChoiceField(
        "people",
        queryset=Person.objects.active().select_related("unit"),
        required=False,
        help_text="Type a name to find a judge (Ctrl/⌘ to pick several).",
    )

    def __init__(self, *args, criteria=None, **kwargs) -> None:
        """`criteria`: the contest's own (name, help, weight), else the default rubric."""
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = OrgUnit.objects.all()
        self.criteria = list(criteria or DEFAULT_RUBRIC)
        for n, (name, _, weight) in enumerate(self.criteria):
            self.fields[f"weight_{n}"] = forms.IntegerField(
                label=f"Weight of “{name}” (%)",
                min_value=0,
                max_value=100,
                initial=weight,
                required=False,
            )

    def rubric(self) -> list[tuple[str, str, int]]:
        return [
            (name, help_, self.cleaned_data.get(f"weight_{n}") or 0)
            for n, (name, help_, _) in enumerate(self.criteria)
        ]

    def weight_fields(self):
        return [self[f"weight_{n}"] for n in range(len(self.criteria))]


class EntryForm(forms.Form):
    idea = forms.ModelChoiceField(
        label="Implemented idea", queryset=Idea.objects.none(), required=False, empty_label="—"
    )
    measure = forms.CharField(
        label=Entry._meta.get_field("measure").verbose_name.capitalize(),
        max_length=200,
        required=False,
        help_text=Entry._meta.get_field("measure").help_text,
    )
    before = forms.DecimalField(label="Before", max_digits=12, decimal_places=2, required=False)
    after = forms.DecimalField(label="After", max_digits=12, decimal_places=2, required=False)
    evidence = forms.CharField(
        label="How it was measured",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=Entry._meta.get_field("evidence").help_text,
    )

    def __init__(self, *args, ideas, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = ideas


class ScoreForm(forms.Form):
    note = forms.CharField(
        label="A note for the program office (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, criteria, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        choices = [(str(n), str(n)) for n in range(TOP_SCORE + 1)]
        for c in criteria:
            self.fields[f"c{c.pk}"] = forms.TypedChoiceField(
                label=f"{c.name} ({c.weight}%)",
                help_text=c.help,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )

    def scores(self) -> dict[int, int | None]:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}") for c in self.criteria}

    def rows(self):
        return [self[f"c{c.pk}"] for c in self.criteria]
