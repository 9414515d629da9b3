from django.urls import path

from . import views, views_contests

app_name = "recognition"

urlpatterns = [
    path("", views.feed, name="feed"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("settings/", views.settings_page, name="settings"),
    path("contests/", views_contests.contest_list, name="contests"),
    path("contests/new/", views_contests.contest_edit, name="contest_new"),
    path("contests/<int:pk>/", views_contests.contest_detail, name="contest"),
    path("contests/<int:pk>/edit/", views_contests.contest_edit, name="contest_edit"),
    path("contests/<int:pk>/move/", views_contests.contest_move, name="contest_move"),
    path("contests/<int:pk>/enter/", views_contests.contest_enter, name="contest_enter"),
    path("contests/<int:pk>/announce/", views_contests.contest_announce, name="contest_announce"),
    path(
        "contests/<int:pk>/entries/<int:entry_pk>/score/",
        views_contests.entry_score,
        name="entry_score",
    ),
    path(
        "contests/<int:pk>/entries/<int:entry_pk>/shortlist/",
        views_contests.entry_shortlist,
        name="entry_shortlist",
    ),
]
