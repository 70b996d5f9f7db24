"""The console's home is a list of what needs doing. Each district app contributes its items
from its own ``todo.py`` (see district_site.core.contributions)."""

from dataclasses import dataclass

from district_site.core import contributions

URGENT, SOON, LATER = 0, 1, 2


@dataclass(frozen=True)
class Todo:
    text: str  # translated, names the thing and why it needs doing
    url: str  # the form that fixes it
    priority: int = SOON


def items(request):
    found = [item for module in contributions.modules("todo") for item in module.items(request)]
    return sorted(found, key=lambda item: item.priority)
