from django.urls import path

from tandem.programs.views import cascade, roadmap

urlpatterns: list = [
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
]
