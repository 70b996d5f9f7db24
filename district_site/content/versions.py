"""Frozen versions: content a district publishes as a whole, numbered, and never edits again
(a budget, its quarterly execution reports). Each version's hash covers its content and names
the previous version's hash, so the versions of a series form a chain; each hash is also
recorded in the public schema (tenants.PublishedHash), where a change made to the district's
own table alone shows up.

A concrete model adds the foreign key to its series (``series_field``: the budget a version
belongs to; the series has a ``year``, the public record's key), the kind its hashes are
recorded under (``hash_kind``) and what its hash covers besides number and previous hash
(``hash_payload``). Numbering, hashing and the chain check are the same for every kind."""

import hashlib
import json
from dataclasses import dataclass

from django.db import connection, models
from django.utils.translation import gettext_lazy as _

from tenants.models import PublishedHash


def canonical_sha256(payload):
    """sha256 of a canonical serialisation: sorted keys, no spaces, UTF-8, integers as JSON
    integers. The same content always gives the same hash, on any machine, so anyone holding
    the published lines can recompute it."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class FrozenVersion(models.Model):
    """One published, frozen version of a series. Written once, by the app's publish action
    (``next_version`` gives its number and previous hash), never edited."""

    number = models.PositiveIntegerField(_("version"))
    lines = models.JSONField(_("lines"))
    sha256 = models.CharField(max_length=64)
    previous_sha256 = models.CharField(max_length=64, blank=True)
    published_at = models.DateTimeField(_("published"))
    published_by = models.CharField(_("published by"), max_length=254)

    # Set by each concrete model (see the module's docstring).
    series_field = ""
    hash_kind = ""

    class Meta:
        abstract = True

    def hash_payload(self):
        """What the hash covers besides ``version`` and ``previous``: the concrete kind's own
        fields (its lines, its year, ...). Changing it breaks every stored chain."""
        raise NotImplementedError

    def compute_sha256(self):
        return canonical_sha256(
            {**self.hash_payload(), "version": self.number, "previous": self.previous_sha256}
        )

    @classmethod
    def of(cls, series):
        """The versions of ``series``, oldest first."""
        return cls.objects.filter(**{cls.series_field: series}).order_by("number")

    @classmethod
    def latest_of(cls, series):
        return cls.of(series).last()

    @classmethod
    def next_version(cls, series, **fields):
        """The unsaved next version of ``series``: numbered and chained after the latest, its
        hash computed. The caller holds a lock on ``series``, so two publications cannot take
        the same number."""
        latest = cls.latest_of(series)
        version = cls(
            **{cls.series_field: series},
            number=latest.number + 1 if latest else 1,
            previous_sha256=latest.sha256 if latest else "",
            **fields,
        )
        version.sha256 = version.compute_sha256()
        return version

    @staticmethod
    def public_record(series):
        """The public schema's rows for ``series``, of every kind, in one query: for a page
        that checks several kinds of the same series (check_chain's ``public``)."""
        return list(
            PublishedHash.objects.filter(
                district__schema_name=connection.schema_name, year=series.year
            )
        )

    @classmethod
    def check_chain(cls, series, public=None):
        """Each version of ``series`` checked three ways: its content still gives its hash, it
        names the previous version's hash, and the public schema recorded that same hash for
        it; and no version the public schema recorded has gone from the district's schema.
        ``public``: the rows of public_record(series), when the caller has them already."""
        if public is None:
            public = cls.public_record(series)
        recorded = {row.version: row for row in public if row.kind == cls.hash_kind}
        checks = []
        previous = ""
        for version in cls.of(series):
            # The series is at hand: hash_payload reads it without a query per version.
            setattr(version, cls.series_field, series)
            problems = []
            computed = version.compute_sha256()
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


@dataclass
class VersionCheck:
    version: FrozenVersion
    ok: bool
    # Of "content", "previous", "public": see FrozenVersion.check_chain.
    problems: list


@dataclass
class ChainReport:
    versions: list
    # Numbers the public record has and the district's schema no longer holds.
    missing: list

    @property
    def ok(self):
        return not self.missing and all(check.ok for check in self.versions)
