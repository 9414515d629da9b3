from django.urls import path

from tandem.digests import views

app_name = "digests"

urlpatterns = [
    path("", views.home, name="home"),
    path("preferences/", views.preferences, name="preferences"),
    path("<int:pk>/", views.detail, name="detail"),
]
