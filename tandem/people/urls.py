from django.urls import path

from tandem.people import views

app_name = "people"

urlpatterns = [
    path("import/", views.import_view, name="import"),
    path("invite/", views.invite_view, name="invite"),
    path("pick/<slug:source>/", views.pick, name="pick"),
]
