from datetime import date, timedelta

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date

register = template.Library()


@register.filter
def arrival(day: date) -> str:
    """When something anonymous reaches its reader, in words: its batch (batches.py)."""
    if day == timezone.localdate() + timedelta(days=1):
        return "tomorrow morning, with the others of that morning"
    return f"on {format_date(day, 'l j M')}, with the others of the week"
