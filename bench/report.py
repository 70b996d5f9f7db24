"""docs/benchmarks.md: a fixed header, then one section per benchmark.

Sections are fenced by HTML comments naming their benchmark, so a run of one benchmark replaces
its own section and keeps the others (with the date and machine they were measured on).
"""

import re
import time
from dataclasses import dataclass
from pathlib import Path

DOCUMENT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"

HEADER = """\
# Benchmarks

What `make bench` measured on this platform, each figure beside a baseline measured in the same
run on the same machine:

{contents}

Reproduce with `make bench` (every benchmark; this file is rewritten), or one benchmark with
`.venv/bin/python -m bench NAME`, which replaces only its own section. The ratio to the baseline
is the figure to compare between machines; absolute figures belong to the machine named in their
section. Figures are medians of several rounds, and none of them is a pass/fail threshold.
Written {date}.
"""

_SECTION = re.compile(r"<!-- bench:(?P<name>[\w-]+) -->\n.*?<!-- /bench:(?P=name) -->\n", re.S)
_TITLE = re.compile(r"^## (.+)$", re.M)


@dataclass
class Section:
    name: str
    title: str
    body: str

    def markdown(self):
        return (
            f"<!-- bench:{self.name} -->\n## {self.title}\n\n{self.body.strip()}\n"
            f"<!-- /bench:{self.name} -->\n"
        )


def table(headers, rows):
    """A markdown table padded to line up in a terminal too. A column whose cells all look like
    numbers (or are empty) is right-aligned."""
    rows = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    numeric = [
        all(re.fullmatch(r"[*]*[-+]?[\d.,]+( ?[kMG]?B|[×%])?[*]*|n/a|", row[i]) for row in rows)
        for i in range(len(headers))
    ]

    def line(cells):
        padded = [
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width, right in zip(cells, widths, numeric, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [
        "-" * (width - 1) + ":" if right else "-" * width
        for width, right in zip(widths, numeric, strict=True)
    ]
    return "\n".join([line(headers), line(rule), *(line(row) for row in rows)])


def write(sections, order, path=DOCUMENT):
    """Write ``sections`` into the document in ``order`` (benchmark names), keeping any section
    already there whose benchmark did not run this time."""
    previous = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = {match["name"]: match[0] for match in _SECTION.finditer(previous)}
    fresh = {section.name: section.markdown() for section in sections}
    names = [name for name in order if name in fresh or name in kept]
    names += [name for name in kept if name not in names]
    parts = [fresh.get(name) or kept[name] for name in names]
    contents = "\n".join(
        f"- `{name}`: {_TITLE.search(part)[1]}" for name, part in zip(names, parts, strict=True)
    )
    header = HEADER.format(contents=contents, date=time.strftime("%Y-%m-%d %H:%M %Z"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n" + "\n".join(parts), encoding="utf-8")
    return path
