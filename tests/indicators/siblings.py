"""Units beside each other with initiatives on them, and an attacker who takes the response
rates shown for some units away from others' (PRODUCT.md M7: no subtraction of shown
groups may tell about fewer than the minimum group)."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import date

from tandem.people.models import OrgUnit, Person
from tandem.voice.models import Initiative, VoiceSettings
from tests.factories import make_person, make_program_office, make_unit
from tests.indicators.leading_up_data import publish, respond

MARCH = (date(2026, 3, 1), date(2026, 3, 31))
DAY = date(2026, 3, 3)  # published and answered on


def staff(path: str, n: int) -> list[Person]:
    """`n` frontline people placed in the unit at `path` (made if missing)."""
    unit = make_unit(path)
    name = path.rsplit("/", 1)[-1]
    return [make_person(f"{name} person {k}", unit=unit) for k in range(n)]


def care(sizes: dict[str, int], *, responding: dict[str, int]) -> dict:
    """Harbor Health / Care / {Ward A / Nights, Ward B, Ward C}, and Harbor Health / Finance
    (six people, never affected). `sizes` gives the people placed in "Nights" (Ward A's
    only team), "Ward B", "Ward C" and "Care" itself; one initiative, published on DAY by
    the program office, names each of those with people, so that it counts in each of
    them (and in Ward A) and affects everyone in Care; in each, the first
    `responding[name]` people respond by name (returned: "responded", the pairs
    (initiative, person) that did)."""
    office = make_program_office()
    staff("Harbor Health/Finance", 6)
    where = {
        "Nights": "Harbor Health/Care/Ward A/Nights",
        "Ward B": "Harbor Health/Care/Ward B",
        "Ward C": "Harbor Health/Care/Ward C",
        "Care": "Harbor Health/Care",
    }
    people = {name: staff(path, sizes.get(name, 0)) for name, path in where.items()}
    units = {unit.name: unit for unit in OrgUnit.objects.all()}
    named = [units[name] for name, group in people.items() if group]
    initiative = publish(office, DAY, *named, title="Shift handovers")
    responded = set()
    for name, group in people.items():
        for person in group[: responding.get(name, 0)]:
            respond(person, initiative, DAY)
            responded.add((initiative.pk, person.pk))
    return {"units": units, "office": office, "responded": responded}


def asked(unit: OrgUnit, initiatives: list[Initiative]) -> Counter:
    """Who the rate of `unit` is about, as anyone who knows the organization chart can
    tell: (initiative, person) for each initiative naming the unit or one below it and each
    active person it affects in the unit and below, counted once per round."""
    inside = Person.objects.filter(active=True, unit__full_path__startswith=unit.full_path)
    pairs: Counter = Counter()
    for initiative in initiatives:
        named = list(initiative.units.all())
        if not any(u.full_path.startswith(unit.full_path) for u in named):
            continue
        for person in inside.select_related("unit"):
            within = any(person.unit.full_path.startswith(u.full_path) for u in named)
            if within and initiative.affects_level(person.level):
                pairs[(initiative.pk, person.pk)] += initiative.round
    return pairs


def isolated_groups(rates: dict[OrgUnit, float | None], responded: set[tuple[int, int]]):
    """Every group of people the shown rates (unit: rate, None when hidden) let one work
    out by adding and subtracting them, with how many of them responded: [(group, n)],
    each group a set of (initiative, person). Each rate times its people asked gives
    that unit's responses; a signed sum of units whose people asked add up to each pair
    once or not at all is a group whose responses are the same sum of theirs (checked
    against `responded`, the pairs that did respond)."""
    initiatives = list(Initiative.objects.filter(published_on__isnull=False))
    shown = {unit: rate for unit, rate in rates.items() if rate is not None}
    people = {unit: asked(unit, initiatives) for unit in shown}
    responses = {unit: round(rate * sum(people[unit].values())) for unit, rate in shown.items()}
    found = []
    for signs in itertools.product((-1, 0, 1), repeat=len(shown)):
        if not any(signs):
            continue
        group: Counter = Counter()
        n = 0
        for sign, unit in zip(signs, shown, strict=True):
            for pair, times in people[unit].items():
                group[pair] += sign * times
            n += sign * responses[unit]
        pairs = {pair for pair, times in group.items() if times}
        if not pairs or any(times not in (0, 1) for times in group.values()):
            continue
        assert n == len(pairs & responded), "the subtraction works"
        found.append((frozenset(pairs), n))
    return found


def smallest_group(groups) -> int | None:
    """The size of the smallest nonempty group isolated, counted as the minimum group is
    (min_group.reaches_minimum): the most people one initiative asks in it."""
    sizes = [
        max(Counter(initiative for initiative, _person in pairs).values()) for pairs, _n in groups
    ]
    return min(sizes, default=None)


def minimum() -> int:
    return VoiceSettings.current().min_group
