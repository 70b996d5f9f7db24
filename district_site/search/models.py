from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    """One published thing, in one language, as search sees it. Rebuilt from the content by
    ``district_site.search.index``; never edited by hand."""

    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=100)
    language = models.CharField(max_length=2)
    title = models.CharField(max_length=300)
    snippet = models.TextField(blank=True)
    url = models.CharField(max_length=300)
    terms = SearchVectorField(null=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "language"], name="one_document_each")
        ]
        indexes = [GinIndex(fields=["terms"])]

    def __str__(self):
        return f"{self.kind}:{self.key}:{self.language}"
