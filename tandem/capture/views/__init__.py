"""The capture screens, one module per screen."""

from tandem.capture.views.capture import quick_capture
from tandem.capture.views.downloads import export_download, export_list, export_new
from tandem.capture.views.feeds import action_list, idea_list, story_list
from tandem.capture.views.idea_board import board, board_column
from tandem.capture.views.ideas import idea_comment, idea_detail, idea_edit, idea_move
from tandem.capture.views.records import action_detail, action_edit, story_detail, story_edit

__all__ = [
    "action_detail",
    "action_edit",
    "action_list",
    "board",
    "board_column",
    "export_download",
    "export_list",
    "export_new",
    "idea_comment",
    "idea_detail",
    "idea_edit",
    "idea_list",
    "idea_move",
    "quick_capture",
    "story_detail",
    "story_edit",
    "story_list",
]
