from django.urls import path

from tandem.home import views

app_name = "home"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]
