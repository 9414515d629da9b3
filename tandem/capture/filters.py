"""The filters the idea list, the story feed, the action list and their API lists share."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet

from tandem.capture.forms import DateInput, PlainForm
from tandem.capture.models import BuildingBlock, Idea, IdeaStatus, ServiceAction, Story, StoryKind
from tandem.people.models import OrgUnit, Person
from tandem.people.pickers import UnitChoiceField

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
END_BEFORE_START = "The end date is before the start date."


class FilterForm(PlainForm):
    """GET filters. Only the fields that make sense for the model are kept."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    unit = UnitChoiceField()
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
            self.add_error("date_to", END_BEFORE_START)
        return data

    def active(self) -> bool:
        """Whether any filter is set (to tell "nothing matches" from "nothing yet")."""
        return bool(self.is_bound and any(v for v in self.cleaned_data.values()))


def filter_records(
    qs: QuerySet,
    *,
    unit: OrgUnit | None = None,
    status: str = "",
    kind: str = "",
    block: BuildingBlock | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    q: str = "",
    mine: bool = False,
    me: Person | None = None,
) -> QuerySet:
    """Narrow a queryset of ideas, actions or stories: the one filter both the web lists
    and the API lists use, so a search finds the same records in both.

    `unit` takes its whole subtree; `start`/`end` bound the model's DATE_FIELD; `mine`
    keeps the records crediting `me` (none when there is no `me`). Each word of `q`
    must appear in one of the model's SEARCH_FIELDS, case-insensitively (icontains works
    on SQLite and PostgreSQL). Raises ValidationError (field `end`) for an end before
    the start.
    """
    model = qs.model
    if start and end and start > end:
        raise ValidationError({"end": END_BEFORE_START})
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if block is not None:
        qs = qs.filter(blocks=block)
    date_field = DATE_FIELD[model]
    if start:
        qs = qs.filter(**{f"{date_field}__gte": start})
    if end:
        qs = qs.filter(**{f"{date_field}__lte": end})
    if mine:
        qs = qs.filter(**{model.people_field: me}) if me else qs.none()
    for term in (q or "").split()[:MAX_SEARCH_TERMS]:
        match = Q()
        for field in SEARCH_FIELDS[model]:
            match |= Q(**{f"{field}__icontains": term})
        qs = qs.filter(match)
    return qs


def apply_filters(qs: QuerySet, form: FilterForm, me: Person | None = None) -> QuerySet:
    """Narrow `qs` by the valid filters of `form`; invalid ones show on the form, skipped."""
    if not form.is_bound:
        return qs
    form.is_valid()
    data = form.cleaned_data
    return filter_records(
        qs,
        unit=data.get("unit"),
        status=data.get("status") or "",
        kind=data.get("kind") or "",
        block=data.get("block"),
        start=data.get("date_from"),
        end=data.get("date_to"),
        q=data.get("q") or "",
        mine=bool(data.get("mine")),
        me=me,
    )


class BoardForm(PlainForm):
    """The unit whose subtree the idea board shows."""

    unit = UnitChoiceField()
