"""`{% program_tabs as tabs %}`: the program pages the user may open, for programs/_tabs.html."""

from __future__ import annotations

from django import template
from django.urls import reverse

from tandem.programs import access

register = template.Library()

# Pages about one program keep the program picked (?program=) when moving between them.
PER_PROGRAM = {"roadmap", "alignment", "cascade"}


@register.simple_tag(takes_context=True)
def program_tabs(context) -> list[dict[str, str]]:
    program = context.get("program")
    tabs = []
    for name, label in access.program_tabs(context["request"].user):
        url = reverse(f"programs:{name}")
        if program is not None and name in PER_PROGRAM:
            url += f"?program={program.pk}"
        tabs.append({"name": name, "label": label, "url": url})
    return tabs
