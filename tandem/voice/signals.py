"""What voice tells the layers above it (indicators keeps its rollups with it)."""

from django.dispatch import Signal

# An initiative's published state, answers or responses changed through an update()
# (which sends no save signal): sender=Initiative, initiative_id=. Saves and deletes of
# initiatives, responses and answers send Django's own post_save / post_delete.
initiative_changed = Signal()
