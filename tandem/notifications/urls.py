from django.urls import path

from tandem.capture.views import home

app_name = "notifications"

urlpatterns = [
    path("", home, name="list"),
]
