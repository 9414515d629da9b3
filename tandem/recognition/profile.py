"""The profile's recognition section: the latest received and given, and how many."""

from __future__ import annotations

from django.http import HttpRequest

from tandem.people import profile as people_profile
from tandem.people.models import Person

from .models import Recognition

LATEST = 3


def section(request: HttpRequest, person: Person) -> tuple[str, dict]:
    received = Recognition.objects.received_by(person)
    given = Recognition.objects.given_by(person)
    related = ("given_by", "block")
    return (
        "recognition/_profile.html",
        {
            "received": list(received.select_related(*related)[:LATEST]),
            "received_count": received.count(),
            "given": list(given.select_related(*related).prefetch_related("people")[:LATEST]),
            "given_count": given.count(),
        },
    )


def connect() -> None:
    people_profile.add_section(section)
