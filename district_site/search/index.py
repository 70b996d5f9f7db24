"""Keep SearchDocument in step with what a district publishes. Each app lists its searchable
content in its ``searchable.py`` (``INDEX``, a list of Searchable); everything else is generic."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils.html import strip_tags
from django.utils.translation import override

from district_site.core import contributions

from .models import SearchDocument
from .text import document_terms, query_alternatives, tsquery_literal, tsvector_literal

LANGUAGES = ("km", "en")
SNIPPET_CHARS = 240


@dataclass(frozen=True)
class Searchable:
    """A kind of content search finds. ``documents(obj)`` gives its (language, title, text, url)
    in each language, or nothing when citizens cannot see it; ``public`` (optional) narrows
    what a rebuild visits; ``not_yet`` (optional) gives the keys of indexed objects citizens
    may not see yet (published for a later date: nothing is saved when that date comes);
    ``follows`` (optional) names other models whose rows are part of the documents, each with
    a function giving the primary key of the object a saved or deleted row belongs to."""

    kind: str
    model: type
    documents: Callable
    public: Callable = None
    not_yet: Callable = None
    follows: tuple = ()


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


def refresh(kind, pk):
    """(Re)write the documents of the object ``pk`` of ``kind`` as the database holds it now.
    Every save and delete of searchable content comes here (receivers.py): the instance that
    was saved may be stale in the fields it did not save (``save(update_fields=...)`` on a copy
    loaded before another copy was published), the row in this transaction never is."""
    obj = _by_kind()[kind].model.objects.filter(pk=pk).first()
    if obj is None:
        remove(kind, pk)
    else:
        index(kind, obj)


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


@transaction.atomic
def rebuild():
    """Index the current schema's content afresh. In one transaction: citizens searching
    meanwhile see the old index, never a half-built one."""
    SearchDocument.objects.all().delete()
    for item in searchables():
        rows = item.public() if item.public else item.model.objects.all()
        for obj in rows:
            index(item.kind, obj)


def differences():
    """How the current schema's index differs from what its content says it should hold:
    [(kind, key, language, what)], empty when they agree. Every row of every searchable model
    is read (not only ``public``), so content a rebuild would skip is caught too."""
    stored = {
        (doc.kind, doc.key, doc.language): doc
        for doc in SearchDocument.objects.annotate(terms_text=RawSQL("terms::text", []))
    }
    expected = {}
    for item in searchables():
        for obj in item.model.objects.all():
            for language, title, text, url in documents_for(item.kind, obj):
                terms = tsvector_literal(document_terms(f"{title}\n{text}"))
                expected[(item.kind, str(obj.pk), language)] = (
                    title[:300],
                    " ".join(text.split())[:SNIPPET_CHARS],
                    url,
                    terms,
                )
    found = []
    for key in sorted(set(stored) - set(expected)):
        found.append((*key, "indexed but not published"))
    for key in sorted(set(expected) - set(stored)):
        found.append((*key, "published but not indexed"))
    same = sorted(set(stored) & set(expected))
    canonical = _as_tsvector_text([expected[key][3] for key in same])
    for key, terms_text in zip(same, canonical, strict=True):
        doc, (title, snippet, url, _terms) = stored[key], expected[key]
        if (doc.title, doc.snippet, doc.url, doc.terms_text) != (title, snippet, url, terms_text):
            found.append((*key, "indexed text out of date"))
    return found


@transaction.atomic
def repair():
    """Re-index only what ``differences()`` finds wrong: after a restore, a backup's index is
    most often right already, and its rows then stay exactly as they were backed up."""
    found = differences()
    for kind, key in {(kind, key) for kind, key, _language, _what in found}:
        refresh(kind, key)
    return found


def _as_tsvector_text(literals):
    """PostgreSQL's own text of each tsvector literal, to compare with stored vectors."""
    if not literals:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT literal::tsvector::text"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS t(literal, n) ORDER BY n",
            [literals],
        )
        return [row[0] for row in cursor.fetchall()]


def search(query, language, limit=30):
    """Documents in ``language`` holding every term of ``query`` (in one of its spellings,
    text.forms), best first."""
    alternatives = query_alternatives(query)
    if not alternatives:
        return SearchDocument.objects.none()
    tsquery = tsquery_literal(alternatives)
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
