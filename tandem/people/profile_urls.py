from django.urls import path

from tandem.capture.views import home

app_name = "profile"

urlpatterns = [
    path("", home, name="detail"),
]
