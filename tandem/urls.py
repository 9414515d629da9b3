from django.contrib import admin
from django.urls import include, path

from tandem.api.api import api

urlpatterns = [
    path("", include("tandem.home.urls")),
    path("", include("tandem.capture.urls")),
    path("people/", include("tandem.people.urls")),
    path("profile/", include("tandem.people.profile_urls")),
    path("notifications/", include("tandem.notifications.urls")),
    path("program/", include("tandem.programs.urls")),
    path("audit/", include("tandem.people.audit_urls")),
    path("leaders/", include("tandem.indicators.urls")),
    path("digests/", include("tandem.digests.urls")),
    path("outcomes/", include("tandem.outcomes.urls")),
    path("voice/", include("tandem.voice.urls")),
    path("assessments/", include("tandem.assessments.urls")),
    path("recognition/", include("tandem.recognition.urls")),
    path("showcase/", include("tandem.recognition.urls_showcase")),
    path("reports/", include("tandem.reports.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
