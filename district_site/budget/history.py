"""What a published version holds, how its hash is made, what changed between two versions and
whether a year's versions still match the public record. Read-only: actions.py writes."""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import connection

from .importer import AMOUNTS, LINE_KEY

# The fields a version freezes for each line, in the canonical order.
FROZEN_FIELDS = [
    "direction",
    "programme",
    "subprogramme",
    "activity",
    "economic",
    "sector",
    "source",
    "name_km",
    "name_en",
    *AMOUNTS,
]
HASH_KIND = "budget"
EXECUTION_KIND = "execution"
QUARTER_FIELDS = ("q1", "q2", "q3", "q4")


def frozen_lines(lines):
    return [{name: getattr(line, name) for name in FROZEN_FIELDS} for line in lines]


def content_hash(*, year, number, previous, lines):
    """sha256 of a canonical serialisation: sorted keys, no spaces, UTF-8, integers as JSON
    integers. The same lines always give the same hash, on any machine."""
    payload = {"year": year, "version": number, "previous": previous, "lines": lines}
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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


def execution_hash(*, year, number, quarter, previous, lines):
    """As content_hash, for an execution report: its kind and quarter are hashed too, so a
    report cannot pass for a budget version or for another quarter's."""
    payload = {
        "kind": EXECUTION_KIND,
        "year": year,
        "version": number,
        "quarter": quarter,
        "previous": previous,
        "lines": lines,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# Citizens follow what was spent, not in which quarter a figure was corrected.
COMPARED = ["planned", "revised", "executed"]


def _amount(line, name):
    if name == "executed":
        return sum(line.get(q) or 0 for q in ("q1", "q2", "q3", "q4"))
    return line.get(name)


def line_key(line):
    return tuple(line.get(name) or "" for name in LINE_KEY)


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


@dataclass
class VersionCheck:
    version: object
    ok: bool
    problems: list


@dataclass
class ChainReport:
    versions: list
    # Numbers the public record has and the district's schema no longer holds.
    missing: list

    @property
    def ok(self):
        return not self.missing and all(check.ok for check in self.versions)


def check_chain(budget):
    """Each version of ``budget`` checked three ways: its lines still give its hash, it names
    the previous version's hash, and the public schema recorded that same hash for it; and
    no version the public schema recorded has gone from the district's schema."""
    return _check(
        budget,
        HASH_KIND,
        budget.versions.order_by("number"),
        lambda version: content_hash(
            year=budget.year,
            number=version.number,
            previous=version.previous_sha256,
            lines=version.lines,
        ),
    )


def check_execution_chain(budget):
    """check_chain for the year's execution reports."""
    return _check(
        budget,
        EXECUTION_KIND,
        budget.execution_versions.order_by("number"),
        lambda version: execution_hash(
            year=budget.year,
            number=version.number,
            quarter=version.quarter,
            previous=version.previous_sha256,
            lines=version.lines,
        ),
    )


def _check(budget, kind, versions, compute):
    from tenants.models import PublishedHash

    recorded = {
        row.version: row
        for row in PublishedHash.objects.filter(
            district__schema_name=connection.schema_name, kind=kind, year=budget.year
        )
    }
    checks = []
    previous = ""
    for version in versions:
        problems = []
        computed = compute(version)
        if computed != version.sha256:
            problems.append("content")
        if version.previous_sha256 != previous:
            problems.append("previous")
        public = recorded.get(version.number)
        if public is None or public.sha256 != computed or public.previous != previous:
            problems.append("public")
        checks.append(VersionCheck(version=version, ok=not problems, problems=problems))
        previous = version.sha256
    stored = {check.version.number for check in checks}
    return ChainReport(versions=checks, missing=sorted(set(recorded) - stored))
