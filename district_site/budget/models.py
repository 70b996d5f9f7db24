from django.db import models
from django.utils.translation import gettext_lazy as _

from district_site.content.language import bilingual
from district_site.content.versions import FrozenVersion

QUARTERS = ("q1", "q2", "q3", "q4")
# The largest amount of one line, in riel: some 25 times Cambodia's whole national budget, and
# small enough that the sum of the most lines a file may hold still fits PostgreSQL's bigint.
MAX_AMOUNT = 10**15 - 1


class Direction(models.TextChoices):
    REVENUE = "revenue", _("Revenue")
    EXPENDITURE = "expenditure", _("Expenditure")


class Code(models.Model):
    """One entry of a code list (programme, economic chapter, sector, funding source). The
    lists are data shipped in data/classifications.yaml and copied into each district's schema,
    so imports are checked against what this district's table holds."""

    class Kind(models.TextChoices):
        PROGRAMME = "programme", _("Programme")
        ECONOMIC = "economic", _("Economic classification")
        SECTOR = "sector", _("Sector")
        SOURCE = "source", _("Funding source")

    kind = models.CharField(_("list"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=20)
    parent = models.CharField(_("parent code"), max_length=20, blank=True)
    # Empty when the code serves both revenue and expenditure lines.
    direction = models.CharField(max_length=12, choices=Direction.choices, blank=True)
    name_km = models.CharField(_("name in Khmer"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position"]
        constraints = [models.UniqueConstraint("kind", "code", name="budget_code_unique")]
        verbose_name = _("budget code")
        verbose_name_plural = _("budget codes")

    def __str__(self):
        return f"{self.code} {self.name_km}"

    name = bilingual("name")

    @property
    def shows_code(self):
        """Programme, chapter and sector numbers are the official numbering officers work by;
        a funding source's code ("dm_admin") is only ours, and never shown."""
        return self.kind != self.Kind.SOURCE

    @property
    def label(self):
        """What officers read for this code, in their language."""
        return f"{self.code} {self.name}" if self.shows_code else str(self.name)


class Budget(models.Model):
    """A fiscal year's budget (the calendar year). Its lines are the working draft; what
    citizens read are its published versions."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    imported_at = models.DateTimeField(_("last imported"), null=True, blank=True)
    imported_by = models.CharField(_("imported by"), max_length=254, blank=True)
    source_filename = models.CharField(_("file"), max_length=255, blank=True)
    # Saved on every publication (budget or execution report), so whatever follows a Budget's
    # saves (search index, page cache) learns of it.
    published_at = models.DateTimeField(_("last published"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")

    def __str__(self):
        return str(self.year)

    @property
    def latest_version(self):
        return BudgetVersion.latest_of(self)

    @property
    def latest_execution(self):
        return ExecutionVersion.latest_of(self)


class BudgetLine(models.Model):
    """One line of the draft. Amounts are whole riel; totals, variance and % executed are
    always computed from these, never typed in."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    direction = models.CharField(_("direction"), max_length=12, choices=Direction.choices)
    programme = models.CharField(_("programme"), max_length=20, blank=True)
    subprogramme = models.CharField(_("sub-programme"), max_length=20, blank=True)
    activity = models.CharField(_("activity cluster"), max_length=200, blank=True)
    economic = models.CharField(_("economic classification"), max_length=20)
    sector = models.CharField(_("sector"), max_length=20, blank=True)
    source = models.CharField(_("funding source"), max_length=20)
    name_km = models.CharField(_("name in Khmer"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    planned = models.BigIntegerField(_("planned (riel)"))
    revised = models.BigIntegerField(_("revised (riel)"), null=True, blank=True)
    q1 = models.BigIntegerField(_("executed Q1 (riel)"), default=0)
    q2 = models.BigIntegerField(_("executed Q2 (riel)"), default=0)
    q3 = models.BigIntegerField(_("executed Q3 (riel)"), default=0)
    q4 = models.BigIntegerField(_("executed Q4 (riel)"), default=0)

    class Meta:
        ordering = ["budget", "direction", "position"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self):
        return self.name_km

    name = bilingual("name")


class BudgetVersion(FrozenVersion):
    """A published, frozen copy of a budget's lines (history.FROZEN_FIELDS). Its hash covers
    the lines, the year, the number and the previous version's hash, so the versions of a year
    form a chain (district_site/content/versions.py), recorded in the public schema under the
    kind "budget"."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="versions")

    series_field = "budget"
    hash_kind = "budget"

    class Meta:
        ordering = ["budget", "number"]
        constraints = [models.UniqueConstraint("budget", "number", name="budget_version_unique")]
        verbose_name = _("published budget version")
        verbose_name_plural = _("published budget versions")

    def __str__(self):
        return f"{self.budget.year} v{self.number}"

    def hash_payload(self):
        return {"year": self.budget.year, "lines": self.lines}


class ExecutionVersion(FrozenVersion):
    """A published, frozen execution report: for each line of the budget (named by its key,
    importer.LINE_KEY), the riel executed in each quarter up to ``quarter``. Its versions form a
    chain of their own, recorded in the public schema under the kind "execution"; citizens read
    the executed amounts of the latest one."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="execution_versions")
    quarter = models.PositiveSmallIntegerField(_("up to quarter"))

    series_field = "budget"
    hash_kind = "execution"

    class Meta:
        ordering = ["budget", "number"]
        constraints = [
            models.UniqueConstraint("budget", "number", name="budget_execution_version_unique")
        ]
        verbose_name = _("published execution report")
        verbose_name_plural = _("published execution reports")

    def __str__(self):
        return f"{self.budget.year} Q{self.quarter} v{self.number}"

    def hash_payload(self):
        # The kind and quarter are hashed too, so a report cannot pass for a budget version or
        # for another quarter's.
        return {
            "kind": self.hash_kind,
            "year": self.budget.year,
            "quarter": self.quarter,
            "lines": self.lines,
        }
