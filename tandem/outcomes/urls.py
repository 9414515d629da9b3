from django.urls import path

from tandem.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_view, name="import"),
    path("units/<int:unit_id>/", views.unit_view, name="unit"),
    path("correlations/", views.correlations_view, name="correlations"),
]
