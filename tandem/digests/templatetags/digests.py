"""Formatting a digest's stored figures the same way in the page, the HTML and the text email."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


def _number(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def figure(value, kind: str = "int") -> str:
    """A headline figure: "1,234", "42%", "12,000"; "—" when there is none."""
    number = _number(value)
    if number is None:
        return "—"
    if kind == "percent":
        return f"{number * 100:.0f}%"
    return number_format(number.quantize(Decimal("1")), decimal_pos=0, force_grouping=True)


@register.filter
def change(value, kind: str = "int") -> str:
    """The change against the previous week: "+3", "−2", "+5 pts", "no change"; "" if unknown."""
    number = _number(value)
    if number is None:
        return ""
    if kind == "percent":
        number = (number * 100).quantize(Decimal("1"))
        suffix = " pts"
    else:
        number = number.quantize(Decimal("1"))
        suffix = ""
    if number == 0:
        return "no change"
    sign = "+" if number > 0 else "−"
    return f"{sign}{number_format(abs(number), decimal_pos=0, force_grouping=True)}{suffix}"


@register.filter
def iso_date(value: str, fmt: str = "%-d %b %Y") -> str:
    """An ISO date string from the stored content, shown as "3 Nov 2026"."""
    try:
        return date.fromisoformat(value).strftime(fmt)
    except (TypeError, ValueError):
        return value or ""
