"""The program screens: roadmap and cascade (run by the program office), commitments,
meetings and the say–do report."""

from django.urls import path

from tandem.programs.views import cascade, commitments, meetings, roadmap, saydo

app_name = "programs"

urlpatterns = [
    path("", roadmap.roadmap, name="roadmap"),
    path("start/", roadmap.start_program, name="start_program"),
    path("items/<int:pk>/move/", roadmap.item_move, name="item_move"),
    path("items/<int:pk>/evidence/", roadmap.item_evidence, name="item_evidence"),
    path("items/<int:pk>/evidence/file/", roadmap.item_evidence_file, name="item_evidence_file"),
    path("items/<int:pk>/edit/", roadmap.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", roadmap.item_delete, name="item_delete"),
    path("items/<int:pk>/shift/", roadmap.item_shift, name="item_shift"),
    path("items/<int:pk>/phase/", roadmap.item_to_phase, name="item_to_phase"),
    path("phases/add/", roadmap.phase_add, name="phase_add"),
    path("phases/<int:pk>/rename/", roadmap.phase_rename, name="phase_rename"),
    path("phases/<int:pk>/delete/", roadmap.phase_delete, name="phase_delete"),
    path("phases/<int:pk>/shift/", roadmap.phase_shift, name="phase_shift"),
    path("phases/<int:pk>/items/add/", roadmap.item_add, name="item_add"),
    path("alignment/", cascade.alignment, name="alignment"),
    path("cascade/", cascade.cascade, name="cascade"),
    path(
        "<int:program_id>/cascade/units/<int:unit_id>/stage/",
        cascade.unit_stage,
        name="unit_stage",
    ),
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
    path("say-do/", saydo.say_do, name="say_do"),
    path("say-do/new/", saydo.say_do_new, name="say_do_new"),
]
