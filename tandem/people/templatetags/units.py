"""`{{ unit|unit_path }}`: a unit's full path that wraps at its slashes on a narrow screen.

"Harbor Health/Patient Support/Environmental" has no space between its names, so a
browser finds no place to break it but inside a name ("Enviro/nmental"); a <wbr> after
each "/" gives it one, and the `.unit-path` rule in app.css breaks a name only when that
one name alone is wider than the line.
"""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tandem.people.models import PATH_SEPARATOR, OrgUnit

register = template.Library()


@register.filter
def unit_path(unit: OrgUnit | object | str | None) -> SafeString | str:
    if unit is None or unit == "":
        return ""
    text = getattr(unit, "full_path", None) or str(unit)  # a unit, a row of one, or a path
    parts = [escape(part) for part in text.split(PATH_SEPARATOR)]
    joined = f"{PATH_SEPARATOR}<wbr>".join(parts)
    return mark_safe(f'<span class="unit-path">{joined}</span>')  # noqa: S308 (each part escaped)
