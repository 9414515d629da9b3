from django.urls import path

from tandem.voice import views

app_name = "voice"

urlpatterns = [
    path("", views.home, name="home"),
    path("anonymity/", views.anonymity, name="anonymity"),
    path("sent/<uuid:pk>/", views.sent_detail, name="sent_detail"),
    path("code/", views.code, name="code"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<uuid:pk>/", views.inbox_detail, name="inbox_detail"),
    path("settings/", views.voice_settings, name="settings"),
    path("reported/", views.reported, name="reported"),
]
