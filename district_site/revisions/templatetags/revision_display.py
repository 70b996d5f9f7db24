"""``{% for change in revision|readable_changes %}``: the history's values as a reader sees
them (district_site.revisions.display)."""

from django import template

from district_site.revisions import display

register = template.Library()


@register.filter
def readable_changes(revision):
    return display.readable_changes(revision)
