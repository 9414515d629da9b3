"""Who gets and reads early-wins digests (M4), built on tandem.people.access.

* Digests are for leaders (supervisor and up): only they have a digest page with
  digests and preferences; anyone else sees a page that says so.
* A digest is read only by the leader it was made for (anyone else: 404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from tandem.digests.models import Digest
from tandem.people.access import person_for

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from tandem.people.models import Person, User


def digest_reader(user: User) -> Person | None:
    """The leader whose digests the user reads (themself), or None for anyone else."""
    me = person_for(user)
    return me if me is not None and me.is_leader else None


def can_receive_digests(user: User) -> bool:
    return digest_reader(user) is not None


def readable_digests(user: User) -> QuerySet[Digest]:
    """The user's own digests that have been built, newest first."""
    me = person_for(user)
    if me is None:
        return Digest.objects.none()
    return Digest.objects.filter(person=me, built_at__isnull=False)


def get_digest_for_user(user: User, pk: int) -> Digest:
    digest = readable_digests(user).filter(pk=pk).first()
    if digest is None:
        raise Http404("No such digest.")
    return digest
