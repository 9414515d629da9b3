from django.urls import path

from . import views

app_name = "recognition"

urlpatterns = [
    path("", views.feed, name="feed"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("settings/", views.settings_page, name="settings"),
]
