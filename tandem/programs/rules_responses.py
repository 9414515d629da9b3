"""Who may distribute a meeting, respond to it and answer a response (M7, leading up).

Written like people/access.py and meant to move there; kept apart for now so two
helpers do not edit one file at once.

* Seeing a meeting follows the meeting list (queries_leaders.meetings_for): people of
  the unit that held it or below, the chair, the attendees, people of a unit its
  agenda affects or below, and the program office. Anyone else gets a 404.
* The chair distributes the notes to the affected teams; the program office may too.
* Those the meeting affects may respond: people placed in an affected unit or below
  it, the attendees (and chair), and the program office. A leader above an affected
  team sees the meeting but speaks through their team, so gets a 403.
* The chair answers responses; the program office may too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from tandem.people.access import is_program_office, person_for
from tandem.programs.models import Meeting, MeetingResponse
from tandem.programs.services.queries_leaders import meetings_for

if TYPE_CHECKING:
    from tandem.people.models import User


def can_view_meeting(user: User, meeting: Meeting) -> bool:
    return meetings_for(user).filter(pk=meeting.pk).exists()


def _chairs(user: User, meeting: Meeting) -> bool:
    me = person_for(user)
    return me is not None and me.pk == meeting.chair_id


def can_distribute_meeting(user: User, meeting: Meeting) -> bool:
    return is_program_office(user) or _chairs(user, meeting)


def is_affected(user: User, meeting: Meeting) -> bool:
    """Placed in a unit the agenda affects, or anywhere below one (one query)."""
    me = person_for(user)
    if me is None:
        return False
    paths = meeting.items.values_list("affects__path", flat=True).distinct()
    return any(path and me.unit.path.startswith(path) for path in paths)


def can_respond(user: User, meeting: Meeting) -> bool:
    if is_program_office(user):
        return True
    me = person_for(user)
    if me is None:
        return False
    if me.pk == meeting.chair_id or meeting.attendees.filter(pk=me.pk).exists():
        return True
    return is_affected(user, meeting)


def can_answer_meeting(user: User, meeting: Meeting) -> bool:
    return is_program_office(user) or _chairs(user, meeting)


def can_answer(user: User, response: MeetingResponse) -> bool:
    return can_answer_meeting(user, response.meeting)


def get_meeting_for_user(user: User, pk: int) -> Meeting:
    """The meeting, or a 404 when the user may not see it (outsiders learn nothing)."""
    meeting = Meeting.objects.select_related("unit", "chair").filter(pk=pk).first()
    if meeting is None or not can_view_meeting(user, meeting):
        raise Http404("No such meeting.")
    return meeting


def get_response_to_answer(user: User, pk: int) -> MeetingResponse:
    """404 when the user cannot see the meeting, 403 when they see it but do not chair it."""
    response = MeetingResponse.objects.select_related("meeting", "author").filter(pk=pk).first()
    if response is None or not can_view_meeting(user, response.meeting):
        raise Http404("No such response.")
    if not can_answer(user, response):
        raise PermissionDenied("Only the chair of the meeting answers its responses.")
    return response
