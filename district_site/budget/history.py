"""What a published version holds and what changed between two versions. How a version is
hashed and chained, and whether a year's versions still match the public record, is the content
kit's (district_site/content/versions.py). Read-only: actions.py writes."""

from dataclasses import dataclass, field

from .importer import COLUMNS, LINE_KEY
from .models import Direction

# The fields a version freezes for each line, in the canonical order.
FROZEN_FIELDS = ["direction", "programme", *COLUMNS[Direction.EXPENDITURE]]
QUARTER_FIELDS = ("q1", "q2", "q3", "q4")


def frozen_lines(lines):
    return [{name: getattr(line, name) for name in FROZEN_FIELDS} for line in lines]


def frozen_execution(lines, quarter):
    """What an execution report up to ``quarter`` freezes of each line: its key and name, and
    the riel executed in each quarter so far."""
    return [
        {
            **{name: getattr(line, name) for name in LINE_KEY},
            "name_en": line.name_en,
            **{q: getattr(line, q) for q in QUARTER_FIELDS[:quarter]},
        }
        for line in lines
    ]


# Citizens follow what was spent, not in which quarter a figure was corrected.
COMPARED = ["planned", "revised", "executed"]


def _amount(line, name):
    if name == "executed":
        return sum(line.get(q) or 0 for q in ("q1", "q2", "q3", "q4"))
    return line.get(name)


def line_key(line, names=tuple(LINE_KEY)):
    # A list, not a generator, inside tuple(): twice as fast, and a 5,000-line page keys every
    # line of its version and of its execution report (make bench pages).
    get = line.get
    return tuple([get(name) or "" for name in names])


@dataclass
class Diff:
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    # (line as it is now, {amount field: (before, after)})
    moved: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.added or self.removed or self.moved)


def diff(before, after):
    """Lines added, removed, and whose amounts moved, from one version's lines to the next."""
    old = {line_key(line): line for line in before}
    new = {line_key(line): line for line in after}
    result = Diff(
        added=[line for key, line in new.items() if key not in old],
        removed=[line for key, line in old.items() if key not in new],
    )
    for key, line in new.items():
        if key in old:
            changes = {
                name: (_amount(old[key], name), _amount(line, name))
                for name in COMPARED
                if _amount(old[key], name) != _amount(line, name)
            }
            if changes:
                result.moved.append((line, changes))
    return result
