"""Search-as-you-type pickers for units and people.

An organization of 100,000 people has some 11,000 units: a `<select>` of all of them
weighs a megabyte and takes most of a second to render. A picker renders a native
`<select>` holding only the chosen value(s), with a search box above it; typing asks
`people:pick` for the matching options (htmx swaps them into the select), so the page
stays small and the select stays usable with the keyboard and by screen reader.

Each picker names a *source*: which records a user may pick, how they are searched,
which field is the submitted value and how an option reads. Sources are registered by
the app that owns the rule (capture registers who may be credited, programs who may
chair a meeting), so this module needs no import from the apps above it. The form
field keeps its full queryset for validation: a submitted value is checked by the field
as before, whatever the picker offered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.urls import reverse

from tandem.people.models import OrgUnit, Person, User

MAX_OPTIONS = 30
MAX_FIND_TERMS = 4


@dataclass(frozen=True)
class Source:
    """Which records a user may pick and how: `queryset(user)`, the fields each typed
    word is looked for in (icontains), the order, the submitted field and the label."""

    queryset: Callable[[User], QuerySet]
    search: Sequence[str]
    order: Sequence[str]
    label: Callable[[Model], str]
    value_field: str = "pk"
    noun: str = "item"


SOURCES: dict[str, Source] = {}


def register(name: str, source: Source) -> None:
    SOURCES[name] = source


def unit_label(unit: OrgUnit) -> str:
    return unit.full_path


def person_label(person: Person) -> str:
    return f"{person.name} · {person.unit.name}"


def people_source(queryset: Callable[[User], QuerySet[Person]], value_field: str = "pk") -> Source:
    """A source of people: searched by name and employee id, in name order."""
    return Source(
        queryset=lambda user: queryset(user).select_related("unit"),
        search=("name", "employee_id"),
        order=("name", "pk"),
        label=person_label,
        value_field=value_field,
        noun="person",
    )


def unit_source(queryset: Callable[[User], QuerySet[OrgUnit]]) -> Source:
    """A source of units: searched by their full path, the higher first."""
    return Source(
        queryset=queryset,
        search=("full_path",),
        order=("depth", "full_path"),
        label=unit_label,
        noun="unit",
    )


def find(source: Source, user: User, text: str) -> list[Model]:
    """The first MAX_OPTIONS + 1 records of the source that match every word of `text`."""
    qs = source.queryset(user)
    for word in text.split()[:MAX_FIND_TERMS]:
        match = Q()
        for field in source.search:
            match |= Q(**{f"{field}__icontains": word})
        qs = qs.filter(match)
    return list(qs.order_by(*source.order)[: MAX_OPTIONS + 1])


def chosen(queryset: QuerySet, value_field: str, values: Iterable[str]) -> list[Model]:
    """The records of `queryset` whose `value_field` is one of `values` (bad values are
    simply not found)."""
    values = [v for v in values if v not in ("", None)]
    if not values:
        return []
    try:
        return list(queryset.filter(**{f"{value_field}__in": values}))
    except (ValueError, TypeError, ValidationError):
        return []


register("units", unit_source(lambda user: OrgUnit.objects.all()))
register("people", people_source(lambda user: Person.objects.active()))


class PickerMixin:
    """A Select whose options are only the chosen values, with a search box for more."""

    template_name = "people/widgets/picker.html"

    def __init__(self, source: str, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.source = source

    def optgroups(self, name, value, attrs=None):
        field = getattr(self.choices, "field", None)
        if field is None:  # plain choices (the `picker` template tag): already only the chosen
            return super().optgroups(name, value, attrs)
        options: list[tuple[str, str]] = []
        if not self.allow_multiple_selected and field.empty_label is not None:
            options.append(("", field.empty_label))
        value_field = field.to_field_name or "pk"
        for obj in chosen(field.queryset, value_field, value):
            options.append((str(getattr(obj, value_field)), field.label_from_instance(obj)))
        selected = {str(v) for v in value}
        groups = []
        for index, (option_value, label) in enumerate(options):
            is_selected = option_value in selected
            option = self.create_option(name, option_value, label, is_selected, index, attrs=attrs)
            groups.append((None, [option], index))
        return groups

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field = getattr(self.choices, "field", None)
        if field is not None:
            empty = field.empty_label or ""
        else:
            empty = next((str(label) for v, label in self.choices if v == ""), "")
        context["picker"] = {
            "url": reverse("people:pick", args=[self.source]),
            "noun": SOURCES[self.source].noun,
            "field": name,
            "multiple": "1" if self.allow_multiple_selected else "",
            "empty": "" if self.allow_multiple_selected else empty,
        }
        return context


class PickerSelect(PickerMixin, forms.Select):
    pass


class PickerSelectMultiple(PickerMixin, forms.SelectMultiple):
    pass


class UnitChoiceField(forms.ModelChoiceField):
    """Any unit (by default), picked by searching."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("queryset", OrgUnit.objects.all())
        kwargs.setdefault("required", False)
        kwargs.setdefault("empty_label", "All units")
        kwargs.setdefault(
            "error_messages", {"invalid_choice": "There is no such unit; pick one from the list."}
        )
        source = kwargs.pop("source", "units")
        kwargs.setdefault("widget", PickerSelect(source))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: OrgUnit) -> str:
        return unit_label(obj)


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    """Several units, picked by searching."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("queryset", OrgUnit.objects.all())
        kwargs.setdefault("required", False)
        source = kwargs.pop("source", "units")
        kwargs.setdefault("widget", PickerSelectMultiple(source))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: OrgUnit) -> str:
        return unit_label(obj)


class PersonChoiceField(forms.ModelChoiceField):
    """One person of a source, picked by searching."""

    def __init__(self, source: str, **kwargs) -> None:
        kwargs.setdefault("queryset", Person.objects.none())
        kwargs.setdefault("widget", PickerSelect(source))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Person) -> str:
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """Several people of a source, picked by searching."""

    def __init__(self, source: str, **kwargs) -> None:
        kwargs.setdefault("queryset", Person.objects.none())
        kwargs.setdefault("widget", PickerSelectMultiple(source))
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Person) -> str:
        return person_label(obj)


def render_picker(
    source: str, name: str, element_id: str, value: Model | None = None, empty: str = ""
) -> str:
    """A one-value picker outside a form class (hand-written forms, several on one page)."""
    widget = PickerSelect(source)
    choices: list[tuple[str, str]] = [("", empty)] if empty else []
    if value is not None:
        choices.append((str(value.pk), SOURCES[source].label(value)))
    widget.choices = choices
    return widget.render(name, value.pk if value is not None else "", attrs={"id": element_id})
