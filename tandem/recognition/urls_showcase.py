"""The guests' pages: no login, a signed link each."""

from django.urls import path

from . import views_showcase

app_name = "showcase"

urlpatterns = [
    path("answer/<str:token>/", views_showcase.rsvp, name="rsvp"),
    path("entry/<str:token>/", views_showcase.feedback, name="feedback"),
    path("entry/<str:token>/photos/<int:photo_pk>/", views_showcase.guest_photo, name="photo"),
]
