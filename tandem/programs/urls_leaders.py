"""Commitments, meetings and the say–do report; merged into the "programs" namespace."""

from django.urls import path

from tandem.programs.views import commitments, meetings, saydo

urlpatterns = [
    path("commitments/", commitments.commitments, name="commitments"),
    path("commitments/<int:pk>/", commitments.commitment_detail, name="commitment_detail"),
    path(
        "commitments/<int:pk>/check-in/",
        commitments.commitment_check_in,
        name="commitment_check_in",
    ),
    path("commitments/<int:pk>/edit/", commitments.commitment_edit, name="commitment_edit"),
    path("commitments/<int:pk>/stop/", commitments.commitment_stop, name="commitment_stop"),
    path("meetings/", meetings.meetings, name="meetings"),
    path("meetings/new/", meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/distribute/", meetings.meeting_distribute, name="meeting_distribute"),
    path("meetings/<int:pk>/respond/", meetings.meeting_respond, name="meeting_respond"),
    path("meetings/responses/<int:pk>/answer/", meetings.meeting_answer, name="meeting_answer"),
    path("say-do/", saydo.say_do, name="say_do"),
    path("say-do/new/", saydo.say_do_new, name="say_do_new"),
]
