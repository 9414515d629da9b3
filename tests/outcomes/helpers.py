"""Small helpers for the outcome tests: CSV files built inline and a database fingerprint."""

from __future__ import annotations

import functools
from datetime import date

from tandem.audit.models import AuditEntry
from tandem.outcomes.models import MEASURE_KEYS, UnitOutcome
from tandem.people.models import OrgUnit
from tests import factories

HEADER = "unit,month,csat,nps,complaints,compliments,staff_turnover,cost_to_serve"
WARD = "Harbor Health/Nursing/Ward 4B"
CLINIC = "Harbor Health/Clinics/Eye Clinic"
TODAY = date(2026, 3, 15)


# CSV files of this import's format: csv_bytes("line", ...) (header= to change it).
csv_bytes = functools.partial(factories.csv_bytes, header=HEADER)


def db_state() -> dict[str, list[tuple]]:
    """Everything an outcome import could touch, to prove a refused one changed nothing."""
    return {
        "outcomes": list(
            UnitOutcome.objects.order_by("pk").values_list(
                "pk", "unit_id", "month", *MEASURE_KEYS, "imported_at"
            )
        ),
        "units": list(OrgUnit.objects.order_by("pk").values_list("pk", "path", "full_path")),
        "audit": list(AuditEntry.objects.order_by("pk").values_list("pk", "action")),
    }
