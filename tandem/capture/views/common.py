"""Small helpers the capture views share."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def paginate(request: HttpRequest, qs: QuerySet) -> Page:
    """One page of `qs`; a missing or bad ?page= gives the nearest valid page."""
    return Paginator(qs, settings.TANDEM_PAGE_SIZE).get_page(request.GET.get("page"))


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: next to its field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def safe_next(request: HttpRequest, url: str | None) -> str | None:
    """`url` when it points back into this site, else None."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None
