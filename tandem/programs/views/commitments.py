"""Leadership commitments: a leader's own (add, check in, reword, stop) and, read-only,
those of their managers and their team. Rules: programs/access.py; counting:
programs/services/commitments.py."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tandem.lib import cadence as cal
from tandem.lib.errors import add_to_form, error_text
from tandem.people.access import person_for
from tandem.programs import access
from tandem.programs.forms.commitments import (
    CheckInForm,
    CommitmentEditForm,
    CommitmentFilterForm,
    CommitmentForm,
)
from tandem.programs.models import Commitment
from tandem.programs.services import commitments as service

# How many periods of each commitment's record the list shows (the detail page shows all).
RECENT_PERIODS = 12

STATE_WORDS = {
    service.KEPT: "kept",
    service.NOT_KEPT: "not kept",
    service.MISSED: "missed (no check-in)",
    service.PENDING: "due (not checked in yet)",
}


@dataclass
class Row:
    """One commitment with its record, ready for the templates."""

    commitment: Commitment
    records: list[service.PeriodRecord]
    counts: dict[str, int]
    labels: list[str]

    @property
    def cells(self) -> list[tuple[service.PeriodRecord, str, str]]:
        """(record, period label, state in words), oldest first."""
        return [
            (record, label, STATE_WORDS[record.state])
            for record, label in zip(self.records, self.labels, strict=True)
        ]

    @property
    def recent_cells(self) -> list[tuple[service.PeriodRecord, str, str]]:
        """The last RECENT_PERIODS cells: the list shows these, the detail page all."""
        return self.cells[-RECENT_PERIODS:]


def _row(commitment: Commitment) -> Row:
    records = service.commitment_record(commitment)
    labels = [cal.period_label(r.period, commitment.cadence) for r in records]
    return Row(commitment, records, service.tally(records), labels)


def _check_in_forms(me) -> list[tuple[Commitment, str, CheckInForm]]:
    return [
        (
            commitment,
            cal.period_label(period, commitment.cadence),
            CheckInForm(initial={"period_start": period.start}, prefix=f"c{commitment.pk}"),
        )
        for commitment, period in service.due_check_ins(me)
    ]


def _list_page(request: HttpRequest, form: CommitmentForm | None, status: int = 200):
    """The leader's own commitments, then every other one the user may see: a summary by
    unit, the filters and one page of the list (the summary counts all that match)."""
    if not access.can_view_commitments(request.user):
        raise PermissionDenied("Only people of the organization see commitments.")
    me = person_for(request.user)
    leads = access.can_make_commitments(request.user)
    visible = access.visible_commitments(request.user)
    own = []
    if me is not None:
        mine = visible.filter(leader=me).select_related("leader__unit")
        own = [_row(c) for c in mine.prefetch_related("check_ins").order_by("-active", "pk")]
        visible = visible.exclude(leader=me)
    filters = CommitmentFilterForm(
        request.GET or None, leaders=access.commitment_leaders(request.user)
    )
    shown = service.filter_commitments(visible, **filters.filters())
    summary, total = service.summary_by_unit(shown)
    ordered = (
        shown.select_related("leader__unit")
        .prefetch_related("check_ins")
        .order_by("leader__name", "leader_id", "-active", "started_on", "pk")
    )
    page = Paginator(ordered, settings.TANDEM_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "leads": leads,
        "own": own,
        "rows": [_row(c) for c in page],
        "page": page,
        "filters": filters,
        "filtered": filters.active(),
        "summary": summary,
        "total": total,
        "recent": RECENT_PERIODS,
        "form": form or (CommitmentForm() if leads else None),
        "due": _check_in_forms(me) if leads else [],
    }
    return render(request, "programs/commitments.html", context, status=status)


@login_required
def commitments(request: HttpRequest) -> HttpResponse:
    """GET: the page. POST: add a commitment (leaders only, for themselves)."""
    if request.method != "POST":
        return _list_page(request, None)
    if not access.can_make_commitments(request.user):
        raise PermissionDenied("Only supervisors, managers and senior leaders make commitments.")
    form = CommitmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            commitment = service.create_commitment(
                request.user,
                person_for(request.user),
                data["text"],
                data["rule"],
                data["cadence"],
            )
        except ValidationError as error:
            add_to_form(form, error, unplaced=form.other_errors)
        else:
            messages.success(request, f"Commitment added: “{commitment.text}”.")
            return redirect("programs:commitments")
    return _list_page(request, form, status=400)


def _detail_page(request: HttpRequest, commitment: Commitment, status: int = 200, **forms):
    row = _row(commitment)
    may_edit = access.can_edit_commitment(request.user, commitment)
    context = {"row": row, "commitment": commitment, "may_edit": may_edit}
    if may_edit:
        periods = [
            (r.period.start.isoformat(), f"{label} — {state}")
            for r, label, state in reversed(row.cells)
        ]
        context["check_in_form"] = forms.get("check_in_form") or CheckInForm(
            periods=periods, initial={"period_start": periods[0][0] if periods else None}
        )
        context["edit_form"] = forms.get("edit_form") or CommitmentEditForm(
            initial={"text": commitment.text, "rule": commitment.rule}
        )
    return render(request, "programs/commitment_detail.html", context, status=status)


@login_required
def commitment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = access.get_commitment_for_user(request.user, pk)
    return _detail_page(request, commitment)


def _periods(commitment: Commitment) -> list[tuple[str, str]]:
    return [
        (r.period.start.isoformat(), cal.period_label(r.period, commitment.cadence))
        for r in service.commitment_record(commitment)
    ]


@login_required
@require_POST
def commitment_check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Record or correct a check-in. From the list page the form carries a prefix."""
    commitment = access.get_commitment_for_user(request.user, pk, write=True)
    prefix = f"c{pk}" if request.POST.get("from") == "list" else None
    periods = None if prefix else _periods(commitment) or [("", "—")]
    form = CheckInForm(request.POST, prefix=prefix, periods=periods)
    if form.is_valid():
        data = form.cleaned_data
        try:
            service.check_in(
                request.user,
                commitment,
                data["period_start"],
                data["kept"],
                data.get("reflection", ""),
            )
        except ValidationError as error:
            add_to_form(form, error, unplaced=form.other_errors)
        else:
            messages.success(request, f"Check-in saved for “{commitment.text}”.")
            if prefix:
                return redirect("programs:commitments")
            return redirect("programs:commitment_detail", pk=pk)
    if prefix:  # the list page has no room for errors: say what went wrong on the detail page
        problems = [m for errs in form.errors.values() for m in errs] + form.other_errors
        messages.error(request, "The check-in was not saved: " + " ".join(problems))
        return redirect(reverse("programs:commitment_detail", args=[pk]))
    return _detail_page(request, commitment, status=400, check_in_form=form)


@login_required
@require_POST
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = access.get_commitment_for_user(request.user, pk, write=True)
    form = CommitmentEditForm(request.POST)
    if form.is_valid():
        try:
            service.update_commitment(
                request.user,
                commitment,
                text=form.cleaned_data["text"],
                rule=form.cleaned_data["rule"],
            )
        except ValidationError as error:
            add_to_form(form, error, unplaced=form.other_errors)
        else:
            messages.success(request, "Commitment saved.")
            return redirect("programs:commitment_detail", pk=pk)
    commitment.refresh_from_db()
    return _detail_page(request, commitment, status=400, edit_form=form)


@login_required
@require_POST
def commitment_stop(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = access.get_commitment_for_user(request.user, pk, write=True)
    if not commitment.active:
        messages.info(request, "This commitment was already stopped.")
        return redirect("programs:commitment_detail", pk=pk)
    try:
        service.stop_commitment(request.user, commitment)
    except ValidationError as error:
        messages.error(request, error_text(error, fields=False))
    else:
        messages.success(request, "Commitment stopped; its record stays visible.")
    return redirect("programs:commitment_detail", pk=pk)
