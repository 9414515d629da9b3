"""Receivers that keep the rollups current past the record-changed hook:

* A person's placement, active flag or level moves their part of the indicators (and of
  the initiatives that affect them): one person saved or deleted, or many at once by the
  org-chart import (people_placed). What they did is read before a deletion takes their
  rows away with them.
* An initiative, a response or an answer saved or deleted, an initiative's units
  changed, or voice's `initiative_changed` sent (publishing, closing, answering, an
  author's change, a meeting's notes published: written with `update()`, which sends
  no save signal): that initiative is refreshed (leading_up.refresh), in the same
  transaction.
* A recognition saved or deleted, or its people changed (from either side): what it
  contributes before and after goes through rollups.recognitions_changed, in the same
  transaction as the change (a save: in its own, just after).
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from tandem.indicators import leading_up, rollups
from tandem.people.models import Person
from tandem.people.signals import people_placed
from tandem.recognition.models import Recognition
from tandem.voice.models import Answer, Initiative, Response
from tandem.voice.signals import initiative_changed

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
    # Initiatives first: rows are locked UnitDay before UnitPeriod, as a record's change does.
    leading_up.people_moved([(instance.pk, before, after)])
    rollups.person_changed(instance.pk, before, after)


@receiver(pre_delete, sender=Person)
def _remember_past(sender, instance: Person, **kwargs) -> None:
    # Their credits and recognitions are deleted with them, before post_delete.
    instance._past_before = rollups.past_of([instance.pk]) if instance.active else None


@receiver(post_delete, sender=Person)
def _forget_person(sender, instance: Person, **kwargs) -> None:
    before = tuple(getattr(instance, name) for name in PLACEMENT)
    leading_up.people_moved([(instance.pk, before, None)])
    rollups.person_changed(instance.pk, before, None, getattr(instance, "_past_before", None))


@receiver(people_placed)
def _follow_import(sender, changes, **kwargs) -> None:
    leading_up.people_moved(changes)
    rollups.people_changed(changes)


# --- initiatives ------------------------------------------------------------------------


@receiver(post_save, sender=Response)
@receiver(post_save, sender=Answer)
def _follow_part_of_initiative(sender, instance, raw: bool = False, **kwargs) -> None:
    if not raw:
        leading_up.refresh(instance.initiative_id)


@receiver(post_delete, sender=Response)
@receiver(post_delete, sender=Answer)
def _follow_removed_part(sender, instance, **kwargs) -> None:
    leading_up.refresh(instance.initiative_id)


@receiver(post_save, sender=Initiative)
def _follow_initiative(sender, instance: Initiative, raw: bool = False, **kwargs) -> None:
    if not raw:
        leading_up.refresh(instance.pk)


@receiver(post_delete, sender=Initiative)
def _forget_initiative(sender, instance: Initiative, **kwargs) -> None:
    leading_up.refresh(instance.pk)


@receiver(m2m_changed, sender=Initiative.units.through)
def _follow_units(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    # From the unit's side (unit.initiatives.add(...)) the initiatives are in pk_set; a
    # clear from there names none, and is left to the nightly rebuild.
    for pk in (pk_set or ()) if reverse else (instance.pk,):
        leading_up.refresh(pk, recount_affected=True)


@receiver(initiative_changed)
def _follow_initiative_update(sender, initiative_id: int, **kwargs) -> None:
    leading_up.refresh(initiative_id)


# --- recognitions -----------------------------------------------------------------------


@receiver(pre_save, sender=Recognition)
def _recognition_before_save(sender, instance: Recognition, raw: bool = False, **kwargs) -> None:
    known = not raw and instance.pk is not None
    instance._footprint_before = rollups.recognition_footprints([instance.pk]) if known else {}


@receiver(post_save, sender=Recognition)
def _recognition_saved(sender, instance: Recognition, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, "_footprint_before", None) or {}
    rollups.recognitions_changed(before, rollups.recognition_footprints([instance.pk]))


@receiver(pre_delete, sender=Recognition)
def _recognition_going(sender, instance: Recognition, **kwargs) -> None:
    rollups.recognition_going(instance.pk)


@receiver(post_delete, sender=Recognition)
def _recognition_gone(sender, instance: Recognition, **kwargs) -> None:
    rollups.recognition_gone(instance.pk)


@receiver(m2m_changed, sender=Recognition.people.through)
def _recognition_people(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """recognition.people.add/remove/set/clear, or person.recognitions.* (reverse: the
    recognitions are in pk_set; a clear names none, so they are read first)."""
    if action.startswith("pre_"):
        if not reverse:
            ids = [instance.pk]
        elif pk_set is not None:
            ids = list(pk_set)
        else:
            ids = list(instance.recognitions.values_list("pk", flat=True))
        instance._recognitions_before = rollups.recognition_footprints(ids)
    elif action in ("post_add", "post_remove", "post_clear"):
        before = getattr(instance, "_recognitions_before", None) or {}
        instance._recognitions_before = None
        rollups.recognitions_changed(before, rollups.recognition_footprints(before))
