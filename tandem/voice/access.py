"""Who may do what with upward feedback.

* Anyone of the organization sends feedback to the leaders up their own reporting line
  (services.recipients says which, and whether anonymously).
* A piece of feedback is read, answered, labelled and reported by its recipient only —
  not by their managers and not by the program office (it was written to one person).
* A named author follows their own feedback; an anonymous one only with the reply code.
* The program office sets the minimum group and reads what recipients reported as
  abusive (the text only: there is nothing else to show).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tandem.people.access import is_program_office, person_for
from tandem.people.models import User
from tandem.voice.models import Feedback


def can_send(user: User) -> bool:
    return person_for(user) is not None


def can_configure(user: User) -> bool:
    return is_program_office(user)


def can_read_reported(user: User) -> bool:
    return is_program_office(user)


def received(user: User, pk) -> Feedback:
    """A piece of feedback in the user's inbox (delivered, not withdrawn), else 404."""
    from tandem.voice.services import inbox  # services imports this module's neighbours

    me = person_for(user)
    feedback = inbox(me).filter(pk=pk).first() if me is not None else None
    if feedback is None:
        raise Http404("No such feedback in your inbox.")
    return feedback


def sent(user: User, pk) -> Feedback:
    """A named piece of feedback the user sent, else 404."""
    me = person_for(user)
    feedback = (
        Feedback.objects.filter(pk=pk, author=me, code_hash="").select_related("recipient").first()
        if me is not None
        else None
    )
    if feedback is None:
        raise Http404("You sent no such feedback.")
    return feedback


def require(allowed: bool, why: str) -> None:
    if not allowed:
        raise PermissionDenied(why)
