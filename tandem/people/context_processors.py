from django.http import HttpRequest

from tandem.people import access


def current_person(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    me = access.person_for(user)
    return {
        "me": me,
        "is_program_office": access.is_program_office(user),
        "unread_count": me.notifications.unread().count() if me else 0,
    }
