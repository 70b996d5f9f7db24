from django import template

register = template.Library()


@register.filter
def riel(amount):
    """Whole riel with thousands separators; Latin digits, as in the data files."""
    if amount is None or amount == "":
        return "—"
    return f"{int(amount):,}"


@register.filter
def plus(x, y):
    return x + y
