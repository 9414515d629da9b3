from django.urls import path

from tandem.capture.views import home

app_name = "capture"

urlpatterns = [
    path("", home, name="home"),
    path("quick_capture/", home, name="quick_capture"),
    path("board/", home, name="board"),
    path("idea_list/", home, name="idea_list"),
    path("story_list/", home, name="story_list"),
    path("action_list/", home, name="action_list"),
    path("ideas/<int:pk>/", home, name="idea_detail"),
]
