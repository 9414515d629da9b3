from django.urls import path

from tandem.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.home, name="home"),
    path("units/<int:unit_id>/", views.dashboard, name="dashboard"),
    path("units/<int:unit_id>/pdf/", views.dashboard_pdf, name="dashboard_pdf"),
    path("activity/", views.activity, name="activity"),
    path("how-we-count/", views.how_we_count, name="how_we_count"),
]
