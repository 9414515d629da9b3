"""A person's placement, active flag or level moves their part of the indicators: one
person saved or deleted, or many at once by the org-chart import (people_placed)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from tandem.indicators import rollups
from tandem.people.models import Person
from tandem.people.signals import people_placed

PLACEMENT = ("unit_id", "active", "level")


@receiver(pre_save, sender=Person)
def _remember_placement(sender, instance: Person, raw: bool = False, **kwargs) -> None:
    if raw or instance.pk is None:
        instance._placement_before = None
        return
    instance._placement_before = (
        Person.objects.filter(pk=instance.pk).values_list(*PLACEMENT).first()
    )


@receiver(post_save, sender=Person)
def _follow_placement(sender, instance: Person, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_placement_before", None)
    after = tuple(getattr(instance, name) for name in PLACEMENT)
    rollups.person_changed(instance.pk, before, after)


@receiver(post_delete, sender=Person)
def _forget_person(sender, instance: Person, **kwargs) -> None:
    before = tuple(getattr(instance, name) for name in PLACEMENT)
    rollups.person_changed(instance.pk, before, None)


@receiver(people_placed)
def _follow_import(sender, changes, **kwargs) -> None:
    rollups.people_changed(changes)
