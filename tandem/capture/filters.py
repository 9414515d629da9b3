"""The filters the idea list, the story feed and the action list share, in one place."""

from __future__ import annotations

from django import forms
from django.db.models import Model, Q, QuerySet

from tandem.capture.forms import DateInput, PlainForm
from tandem.capture.models import BuildingBlock, Idea, IdeaStatus, ServiceAction, Story, StoryKind
from tandem.people.models import OrgUnit, Person

# Which text fields `q` searches and which date the from/to range applies to, per model.
SEARCH_FIELDS: dict[type[Model], tuple[str, ...]] = {
    Idea: ("title", "description", "helps", "result"),
    ServiceAction: ("what", "for_whom"),
    Story: ("what_happened", "customer_words"),
}
DATE_FIELD: dict[type[Model], str] = {
    Idea: "created_at__date",
    ServiceAction: "date",
    Story: "date",
}
MAX_SEARCH_TERMS = 6


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.full_path


class FilterForm(PlainForm):
    """GET filters. Only the fields that make sense for the model are kept."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    unit = UnitChoiceField(
        queryset=OrgUnit.objects.all(),
        required=False,
        empty_label="All units",
        error_messages={"invalid_choice": "There is no such unit; pick one from the list."},
    )
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *IdeaStatus.choices], label="Status"
    )
    kind = forms.ChoiceField(
        required=False, choices=[("", "Any kind"), *StoryKind.choices], label="Kind"
    )
    block = forms.ModelChoiceField(
        queryset=BuildingBlock.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any building block",
        label="Building block",
        error_messages={"invalid_choice": "There is no such building block."},
    )
    date_from = forms.DateField(required=False, label="From", widget=DateInput())
    date_to = forms.DateField(required=False, label="To", widget=DateInput())
    mine = forms.BooleanField(required=False, label="Only mine")

    def __init__(self, data=None, *, model: type[Model]) -> None:
        super().__init__(data)
        self.model = model
        if model is not Idea:
            del self.fields["status"]
        if model is not Story:
            del self.fields["kind"]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def active(self) -> bool:
        """Whether any filter is set (to tell "nothing matches" from "nothing yet")."""
        return bool(self.is_bound and any(v for v in self.cleaned_data.values()))


def apply_filters(qs: QuerySet, form: FilterForm, me: Person | None = None) -> QuerySet:
    """Narrow `qs` by the valid filters of `form`; invalid ones show on the form, skipped."""
    if not form.is_bound:
        return qs
    form.is_valid()
    data = form.cleaned_data
    model = qs.model
    if data.get("unit"):
        qs = qs.filter(unit__path__startswith=data["unit"].path)
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("block"):
        qs = qs.filter(blocks=data["block"])
    date_field = DATE_FIELD[model]
    if data.get("date_from"):
        qs = qs.filter(**{f"{date_field}__gte": data["date_from"]})
    if data.get("date_to"):
        qs = qs.filter(**{f"{date_field}__lte": data["date_to"]})
    if data.get("mine"):
        people_field = model.people_field
        qs = qs.filter(**{people_field: me}) if me else qs.none()
    # Each word must appear in one of the text fields; icontains works on SQLite and PostgreSQL.
    for term in (data.get("q") or "").split()[:MAX_SEARCH_TERMS]:
        match = Q()
        for field in SEARCH_FIELDS[model]:
            match |= Q(**{f"{field}__icontains": term})
        qs = qs.filter(match)
    return qs


class BoardForm(PlainForm):
    """The unit whose subtree the idea board shows."""

    unit = UnitChoiceField(
        queryset=OrgUnit.objects.all(),
        required=False,
        empty_label="All units",
        error_messages={"invalid_choice": "There is no such unit; pick one from the list."},
    )
