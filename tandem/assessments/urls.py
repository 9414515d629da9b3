from django.urls import path

from .views import blocks as views
from .views import leaders

app_name = "assessments"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("new/", views.round_new, name="new"),
    path("<int:pk>/", views.round_results, name="results"),
    path("<int:pk>/edit/", views.round_edit, name="edit"),
    path("<int:pk>/open/", views.round_open, name="open"),
    path("<int:pk>/close/", views.round_close, name="close"),
    path("<int:pk>/answer/", views.round_answer, name="answer"),
    path("<int:pk>/act/", views.round_act, name="act"),
    path("leaders/", leaders.leader_home, name="leaders"),
    path("leaders/new/", leaders.leader_round_new, name="leader_new"),
    path("leaders/<int:pk>/", leaders.leader_round, name="leader_round"),
    path("leaders/<int:pk>/edit/", leaders.leader_round_edit, name="leader_edit"),
    path("leaders/<int:pk>/open/", leaders.leader_round_open, name="leader_open"),
    path("leaders/<int:pk>/close/", leaders.leader_round_close, name="leader_close"),
    path("leaders/review/<int:pk>/", leaders.review_report, name="review_report"),
    path("leaders/review/<int:pk>/peers/", leaders.review_peers, name="review_peers"),
    path("leaders/review/<int:pk>/rate/", leaders.review_rate, name="review_rate"),
]
