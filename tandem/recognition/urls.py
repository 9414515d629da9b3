from django.urls import path

from . import views, views_contests, views_showcase

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
    path("showcase/", views_showcase.day_list, name="showcase_list"),
    path("showcase/new/", views_showcase.day_edit, name="showcase_new"),
    path("showcase/<int:pk>/", views_showcase.day_detail, name="showcase"),
    path("showcase/<int:pk>/edit/", views_showcase.day_edit, name="showcase_edit"),
    path("showcase/<int:pk>/entries/new/", views_showcase.entry_new, name="showcase_entry_new"),
    path("showcase/<int:pk>/agenda/", views_showcase.slot_add, name="showcase_slot_add"),
    path(
        "showcase/<int:pk>/agenda/<int:slot_pk>/delete/",
        views_showcase.slot_delete,
        name="showcase_slot_delete",
    ),
    path("showcase/<int:pk>/agenda/swap/", views_showcase.slot_swap, name="showcase_slot_swap"),
    path("showcase/<int:pk>/guests/", views_showcase.guest_invite, name="showcase_invite"),
    path("showcase/<int:pk>/return/", views_showcase.feedback_return, name="showcase_return"),
    path("showcase/<int:pk>/programme.pdf", views_showcase.programme, name="showcase_programme"),
    path(
        "showcase/<int:pk>/photos/<int:photo_pk>/",
        views_showcase.photo,
        name="showcase_photo",
    ),
    path(
        "contests/<int:pk>/entries/<int:entry_pk>/shortlist/",
        views_contests.entry_shortlist,
        name="entry_shortlist",
    ),
]
