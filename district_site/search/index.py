"""Keep SearchDocument in step with what a district publishes. Each app lists its searchable
content in its ``searchable.py`` (``INDEX``, a list of Searchable); everything else is generic."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags
from django.utils.translation import override

from district_site.core import contributions

from .models import SearchDocument
from .text import document_terms, query_terms, tsquery_literal, tsvector_literal

LANGUAGES = ("km", "en")
SNIPPET_CHARS = 240


@dataclass(frozen=True)
class Searchable:
    """A kind of content search finds. ``documents(obj)`` gives its (language, title, text, url)
    in each language, or nothing when citizens cannot see it; ``public`` (optional) narrows
    what a rebuild visits; ``not_yet`` (optional) gives the keys of indexed objects citizens
    may not see yet (published for a later date: nothing is saved when that date comes)."""

    kind: str
    model: type
    documents: Callable
    public: Callable = None
    not_yet: Callable = None


def searchables():
    """Every app's ``searchable.py`` INDEX (see district_site.core.contributions)."""
    return [item for module in contributions.modules("searchable") for item in module.INDEX]


def _by_kind():
    return {item.kind: item for item in searchables()}


def documents_for(kind, obj):
    return _by_kind()[kind].documents(obj)


def localized(obj, title, text, url):
    """(language, title, text, url) for each language, ``title``, ``text`` and ``url`` being
    functions of ``obj`` called with that language active."""
    documents = []
    for language in LANGUAGES:
        with override(language):
            documents.append((language, title(obj), strip_tags(text(obj)), url(obj)))
    return documents


def index(kind, obj):
    """(Re)write the documents of one object; an unpublished object leaves the index."""
    SearchDocument.objects.filter(kind=kind, key=str(obj.pk)).delete()
    for language, title, text, url in documents_for(kind, obj):
        document = SearchDocument.objects.create(
            kind=kind,
            key=str(obj.pk),
            language=language,
            title=title[:300],
            snippet=" ".join(text.split())[:SNIPPET_CHARS],
            url=url,
        )
        terms = document_terms(f"{title}\n{text}")
        SearchDocument.objects.filter(pk=document.pk).update(
            terms=RawSQL("%s::tsvector", [tsvector_literal(terms)])
        )


def remove(kind, key):
    SearchDocument.objects.filter(kind=kind, key=str(key)).delete()


def rebuild():
    SearchDocument.objects.all().delete()
    for item in searchables():
        rows = item.public() if item.public else item.model.objects.all()
        for obj in rows:
            index(item.kind, obj)


def search(query, language, limit=30):
    """Documents in ``language`` holding every term of ``query``, best first."""
    terms = query_terms(query)
    if not terms:
        return SearchDocument.objects.none()
    tsquery = tsquery_literal(terms)
    found = SearchDocument.objects.filter(language=language)
    for item in searchables():
        if item.not_yet is not None:
            found = found.exclude(kind=item.kind, key__in=[str(key) for key in item.not_yet()])
    return (
        found.annotate(
            matches=RawSQL("terms @@ %s::tsquery", [tsquery]),
            rank=RawSQL("ts_rank(terms, %s::tsquery)", [tsquery]),
        )
        .filter(matches=True)
        .order_by("-rank", "title")[:limit]
    )
