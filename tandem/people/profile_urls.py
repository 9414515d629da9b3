from django.urls import path

from tandem.people import profile

app_name = "profile"

urlpatterns = [
    path("", profile.profile, name="detail"),
    path("tokens/", profile.create_token, name="create_token"),
    path("tokens/<int:pk>/revoke/", profile.revoke, name="revoke_token"),
]
