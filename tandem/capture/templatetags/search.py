"""`{{ text|highlight:q }}`: the words a search matched, in <mark> (text escaped)."""

from django import template

from tandem.capture.search import highlight as mark_words

register = template.Library()


@register.filter
def highlight(text, search):
    return mark_words(str(text or ""), search or "")
