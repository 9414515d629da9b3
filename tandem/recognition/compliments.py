"""A customer compliment that names people reaches them and their managers, and counts
as a recognition from the customer (PRODUCT.md M9).

Kept in step with the story by signals, as it is saved (the capture form, its
edit, the API): a story of kind "customer compliment" with people has one recognition
(`from_compliment`) whose people are the story's active people; the people it newly
names are told, with their managers. Another kind, no people, or the story deleted:
that recognition goes.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_save, pre_delete

from tandem.capture.models import Story, StoryKind

from .models import Recognition, Source
from .services import tell


def sync(story: Story) -> Recognition | None:
    """Bring the story's compliment recognition in step with it; returns it (or None)."""
    mine = Recognition.objects.filter(story=story, from_compliment=True)
    people = (
        list(story.people.filter(active=True))
        if story.kind == StoryKind.CUSTOMER_COMPLIMENT
        else []
    )
    if not people:
        mine.delete()
        return None
    found = mine.first()
    what = (story.customer_words or story.what_happened).strip()[:1000]
    fields = {
        "source": Source.CUSTOMER,
        "given_by": story.created_by,
        "what": what,
        "private": story.private,
        "date": story.date,
        "block": story.blocks.order_by("position").first(),
    }
    if found is None:
        found = Recognition.objects.create(story=story, from_compliment=True, **fields)
        before: set[int] = set()
    else:
        for name, value in fields.items():
            setattr(found, name, value)
        found.save()
        before = set(found.people.values_list("pk", flat=True))
    found.people.set(people)
    new = [p for p in people if p.pk not in before]
    if new:
        tell(found, new, exclude=story.created_by)
    return found


def _after_save(sender, instance: Story, raw: bool = False, **kwargs) -> None:
    if not raw:
        sync(instance)


def _related_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        sync(instance)


def _before_delete(sender, instance: Story, **kwargs) -> None:
    Recognition.objects.filter(story_id=instance.pk, from_compliment=True).delete()


def connect() -> None:
    post_save.connect(_after_save, sender=Story, dispatch_uid="recognition-compliment-saved")
    for through, name in ((Story.people.through, "people"), (Story.blocks.through, "blocks")):
        m2m_changed.connect(
            _related_changed, sender=through, dispatch_uid=f"recognition-compliment-{name}"
        )
    pre_delete.connect(_before_delete, sender=Story, dispatch_uid="recognition-compliment-gone")
