from django.urls import path

from tandem.capture import views

app_name = "capture"

urlpatterns = [
    path("capture/", views.quick_capture, name="quick_capture"),
    path("board/", views.board, name="board"),
    path("board/column/", views.board_column, name="board_column"),
    path("ideas/", views.idea_list, name="idea_list"),
    path("ideas/<int:pk>/", views.idea_detail, name="idea_detail"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="idea_edit"),
    path("ideas/<int:pk>/move/", views.idea_move, name="idea_move"),
    path("ideas/<int:pk>/comment/", views.idea_comment, name="idea_comment"),
    path("stories/", views.story_list, name="story_list"),
    path("stories/<int:pk>/", views.story_detail, name="story_detail"),
    path("stories/<int:pk>/edit/", views.story_edit, name="story_edit"),
    path("actions/", views.action_list, name="action_list"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("downloads/", views.export_list, name="export_list"),
    path("downloads/new/", views.export_new, name="export_new"),
    path("downloads/<int:pk>/", views.export_download, name="export_download"),
]
