"""The leader's start page shows the service-first figure of their leadership meetings."""

from datetime import timedelta

from django.utils import timezone

from tandem.programs.services.meetings import AgendaInput, record_meeting


def meeting(team, first_tag: str, days_ago: int = 3):
    manager = team["manager"]
    return record_meeting(
        manager.user,
        date=timezone.localdate() - timedelta(days=days_ago),
        unit=manager.unit,
        chair=manager,
        attendees=[manager, team["supervisor"]],
        items=[AgendaInput("Opening item", first_tag), AgendaInput("Rota", "operations")],
    )


def test_a_leader_sees_the_share_of_their_meetings_that_opened_with_service(team, login):
    meeting(team, "service")
    meeting(team, "finance")
    meeting(team, "service")
    meeting(team, "sales", days_ago=200)  # outside the 90 days: not counted
    page = login(team["manager"]).get("/").content.decode()
    assert "Service first?" in page
    assert "chaired by you: <strong>67%</strong> (2 of 3)" in page
    assert "in Ward 4B and below: <strong>67%</strong> (2 of 3)" in page


def test_a_leader_without_meetings_is_told_none_were_recorded(team, login):
    page = login(team["supervisor"]).get("/").content.decode()
    assert "chaired by you: none recorded" in page


def test_frontline_staff_see_no_service_first_figure(team, login):
    meeting(team, "service")
    assert "Service first?" not in login(team["frontline"]).get("/").content.decode()


def test_the_start_page_and_the_meetings_page_count_the_same_window(team, login):
    """One definition: both pages show the same figure for the same data, and say the window."""
    meeting(team, "service", days_ago=1)
    meeting(team, "finance", days_ago=60)
    meeting(team, "service", days_ago=89)  # the window's first day: counted
    meeting(team, "service", days_ago=90)  # one day before it: not counted
    meeting(team, "service", days_ago=400)
    client = login(team["manager"])
    home = client.get("/").content.decode()
    meetings = client.get("/program/meetings/").content.decode()
    assert "chaired by you: <strong>67%</strong> (2 of 3)" in home
    assert "in Ward 4B and below: <strong>67%</strong> (2 of 3)" in home
    assert home.count("in the last 90 days") == 1
    assert meetings.count('<p class="figure-value">67%</p>') == 2
    assert meetings.count("(2 of 3; since") == 2
    assert meetings.count("opened with service, in the last 90 days") == 2
