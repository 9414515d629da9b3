"""`{% picker "owners" "owner" "item" item.pk "owner" value=item.owner empty="Nobody yet" %}`:
a search picker (tandem.people.pickers) in a hand-written form; the positional values
after the name make its id, joined by "-"."""

from django import template

from tandem.people.pickers import render_picker

register = template.Library()


@register.simple_tag
def picker(source, name, *id_parts, value=None, empty=""):
    element_id = "-".join(str(p) for p in id_parts)
    return render_picker(source, name, element_id, value or None, empty)
