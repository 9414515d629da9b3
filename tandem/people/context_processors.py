"""What every page's layout needs: who is logged in, their unread count and their menu."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from tandem.people import access


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    current: bool = False
    unread: int = 0  # the notifications link's badge
    icon: str = ""  # on a wide screen the link shows this icon, its label kept for readers


def menu_links(request: HttpRequest, unread: int = 0) -> list[MenuLink]:
    """The pages of the main menu this user may open, in menu order.

    This app sits below the apps it links to, so it cannot call their `access.py`; each
    test below is the rule the target page applies, restated on the core rules it is
    built on (tests/people/test_menu.py requests every link for every role, and checks
    that every page left out refuses the role):

    * the capture lists, the program, the figures and the outcomes: anyone of the
      organization and the program office (capture.access.can_log,
      programs.access.can_view_program, indicators.access.my_units,
      outcomes.access.can_view_outcomes);
    * initiatives: anyone of the organization and the program office (the list shows
      each what voice.access.visible_initiatives allows);
    * assessments: anyone of the organization and the program office (the list shows
      each the rounds they were asked in and the results assessments.access allows);
    * recognition: anyone of the organization and the program office
      (recognition.access.can_browse);
    * feedback to one's leaders: anyone with a person in the org chart
      (voice.access.can_send);
    * digests: leaders only (digests.access.can_receive_digests), anyone else would
      find a page that says digests are not for them;
    * importing the org chart and the audit trail: the program office.
    """
    user = request.user
    me = access.person_for(user)
    office = access.is_program_office(user)
    in_org = office or me is not None
    leads = office or (me is not None and me.is_leader)
    links: list[tuple[str, str]] = []
    if in_org:
        links += [
            # The board and the lists of ideas, stories and actions: one link, tabs on the pages.
            ("Board", "capture:board"),
            ("Program", "programs:roadmap"),
            # The same dashboards; for someone who leads nobody they are their team's figures.
            ("Leaders" if leads else "Team figures", "indicators:home"),
            ("Outcomes", "outcomes:index"),
        ]
    if in_org:
        links.append(("Initiatives", "voice:initiatives"))
        links.append(("Assessments", "assessments:rounds"))
        links.append(("Recognition", "recognition:feed"))
    if me is not None:
        links.append(("Feedback", "voice:home"))
    if me is not None and me.is_leader:
        links.append(("Digests", "digests:home"))
    links.append(("Notifications", "notifications:list"))
    if access.can_manage_people(user):
        links.append(("Import", "people:import"))
    if access.can_read_audit(user):
        links.append(("Audit", "audit:list"))
    links.append(("Profile", "profile:detail"))
    urls = [(label, name, reverse(name)) for label, name in links]
    # The current page is the link whose address is the longest start of the path (the
    # initiatives, /voice/initiatives/, lie under feedback, /voice/); the capture lists
    # stand under the board.
    path = request.path
    if any(path.startswith(reverse(name)) for name in BOARD_TABS):
        path = reverse("capture:board")
    here = max((url for _, _, url in urls if path.startswith(url)), key=len, default=None)
    return [
        MenuLink(label, url, url == here, unread, "bell")
        if name == "notifications:list"
        else MenuLink(label, url, url == here)
        for label, name, url in urls
    ]


# The pages behind the menu's "Board" (capture/_tabs.html shows them as tabs).
BOARD_TABS = ("capture:idea_list", "capture:story_list", "capture:action_list")


def current_person(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    me = access.person_for(user)
    office = access.is_program_office(user)
    unread = me.notifications.unread().count() if me else 0
    return {
        "me": me,
        "is_program_office": office,
        "unread_count": unread,
        "can_log": office or me is not None,  # capture.access.can_log
        "menu": menu_links(request, unread),
    }
