from django.urls import path

from tandem.capture.views import home

app_name = "audit"

urlpatterns = [
    path("", home, name="list"),
]
