from django.urls import path

from tandem.reports import views

app_name = "reports"

urlpatterns = [
    path("vega-<str:version>.js", views.vega_js, name="vega_js"),
]
