"""Signals the people app sends for what Person's own save/delete signals cannot show."""

from django.dispatch import Signal

# Sent inside the transaction of a bulk change of people (the org-chart import), which
# writes past Person.save(). `changes`: a list of (person id, placement before, placement
# after), a placement being (unit id, active, level), None when the person did not exist.
# The indicators move headcounts and past participation on it.
people_placed = Signal()
