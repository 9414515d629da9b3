"""Helpers for the demo tests."""

from __future__ import annotations

from tandem.capture.models import Idea, ServiceAction, Story
from tandem.notifications.models import Notification
from tandem.people.models import OrgUnit, Person, User
from tandem.programs.models import Commitment, Meeting, Program, SayDoAudit, UnitStage


def wipe() -> None:
    """Empty the demo's tables, those that protect people and units first."""
    for model in (UnitStage, Meeting, Commitment, SayDoAudit, Program, Notification):
        model.objects.all().delete()
    for model in (Idea, ServiceAction, Story, Person, User, OrgUnit):
        model.objects.all().delete()
