from django.urls import path

from tandem.capture.views import home

app_name = "people"

urlpatterns = [
    path("", home, name="import"),
]
