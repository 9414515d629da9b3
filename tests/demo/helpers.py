"""Helpers for the demo tests."""

from __future__ import annotations

import re

from tandem.audit.models import AuditEntry
from tandem.capture.models import Idea, ServiceAction, Story
from tandem.digests.models import Digest
from tandem.notifications.models import Notification
from tandem.people.models import OrgUnit, Person, User
from tandem.programs.models import Commitment, Meeting, Program, SayDoAudit, UnitStage
from tandem.recognition.models import ShowcaseDay
from tandem.voice.models import Initiative

# One printed login: "role: email password".
LOGIN_LINE = re.compile(r"^(frontline|manager|executive|program-office): (\S+@\S+) (\S+)$")


def wipe() -> None:
    """Empty the demo's tables, those that protect people and units first."""
    for model in (
        Digest,
        AuditEntry,
        Initiative,
        UnitStage,
        Meeting,
        Commitment,
        SayDoAudit,
        Program,
        ShowcaseDay,
    ):
        model.objects.all().delete()
    for model in (Notification, Idea, ServiceAction, Story, Person, User, OrgUnit):
        model.objects.all().delete()
