from django.urls import path

from tandem.voice.views import feedback as views
from tandem.voice.views import initiatives as ini

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
    path("initiatives/", ini.initiative_list, name="initiatives"),
    path("initiatives/new/", ini.initiative_new, name="initiative_new"),
    path("initiatives/code/", ini.initiative_code, name="initiative_code"),
    path("initiatives/<int:pk>/", ini.initiative_detail, name="initiative"),
    path("initiatives/<int:pk>/edit/", ini.initiative_edit, name="initiative_edit"),
    path("initiatives/<int:pk>/publish/", ini.initiative_publish, name="initiative_publish"),
    path("initiatives/<int:pk>/close/", ini.initiative_close, name="initiative_close"),
    path("initiatives/<int:pk>/round/", ini.initiative_round, name="initiative_round"),
    path("initiatives/<int:pk>/respond/", ini.initiative_respond, name="initiative_respond"),
    path("initiatives/<int:pk>/change/", ini.initiative_change, name="initiative_change"),
    path("initiatives/<int:pk>/answer/", ini.initiative_answer, name="initiative_answer"),
]
