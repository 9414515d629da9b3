"""Small helpers for the people tests: CSV files built inline and a database fingerprint."""

from __future__ import annotations

import functools

from tandem.audit.models import AuditEntry
from tandem.people.models import OrgUnit, Person, User
from tests import factories

HEADER = "employee_id,name,email,title,level,unit,manager_employee_id"


# CSV files of this import's format: csv_bytes("line", ...) (header= to change it).
csv_bytes = functools.partial(factories.csv_bytes, header=HEADER)


BASE = csv_bytes(
    "HH-1,Erin Exec,erin@harbor.example,Chief Executive,executive,Harbor Health,",
    "HH-2,Sam Senior,sam@harbor.example,Nursing Director,senior leader,Harbor Health/Nursing,HH-1",
    "HH-3,Maria Manager,,Ward Manager,manager,Harbor Health/Nursing/Ward 4B,HH-2",
    "HH-4,Fay Front,,Staff Nurse,frontline,Harbor Health/Nursing/Ward 4B,HH-3",
)


def db_state() -> dict[str, list[tuple]]:
    """Everything an import could touch, to prove a refused import changed nothing."""
    return {
        "people": list(
            Person.objects.order_by("pk").values_list(
                "pk",
                "employee_id",
                "name",
                "email",
                "title",
                "level",
                "unit_id",
                "manager_id",
                "active",
                "user_id",
                "created_at",
                "updated_at",
            )
        ),
        "units": list(
            OrgUnit.objects.order_by("pk").values_list("pk", "path", "numchild", "full_path")
        ),
        "users": list(User.objects.order_by("pk").values_list("pk", "email", "is_active")),
        "audit": list(AuditEntry.objects.order_by("pk").values_list("pk", "action")),
    }
