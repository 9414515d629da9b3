from django.urls import path

from tandem.programs.views import cascade, roadmap

urlpatterns: list = [
    path("", roadmap.roadmap, name="roadmap"),
    path("start/", roadmap.start_program, name="start_program"),
    path("items/<int:pk>/move/", roadmap.item_move, name="item_move"),
    path("items/<int:pk>/evidence/", roadmap.item_evidence, name="item_evidence"),
    path("alignment/", cascade.alignment, name="alignment"),
    path("cascade/", cascade.cascade, name="cascade"),
    path(
        "<int:program_id>/cascade/units/<int:unit_id>/stage/",
        cascade.unit_stage,
        name="unit_stage",
    ),
]
