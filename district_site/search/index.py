"""Keep SearchDocument in step with what a district publishes. Each kind of content says how
it reads in each language (``documents_for``); everything else is generic."""

from django.conf import settings
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import override

from .models import SearchDocument
from .text import document_terms, query_terms, tsquery_literal, tsvector_literal

LANGUAGES = ("km", "en")
SNIPPET_CHARS = 240


def _page_documents(page):
    if not page.is_published:
        return []
    documents = []
    for language in LANGUAGES:
        with override(language):
            documents.append((language, page.title, strip_tags(page.body), page.get_absolute_url()))
    return documents


def _feedback_documents(feedback):
    if not (feedback.reply_published and feedback.reply):
        return []
    documents = []
    for language in LANGUAGES:
        with override(language):
            title = feedback.get_category_display()
            text = f"{feedback.message}\n{feedback.reply}"
            url = reverse("feedback:answers", urlconf=settings.ROOT_URLCONF)
            documents.append((language, title, text, url))
    return documents


def documents_for(kind, obj):
    return {"page": _page_documents, "feedback": _feedback_documents}[kind](obj)


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
    from district_site.feedback.models import Feedback
    from district_site.pages.models import Page

    SearchDocument.objects.all().delete()
    for page in Page.objects.all():
        index("page", page)
    for feedback in Feedback.objects.filter(reply_published=True):
        index("feedback", feedback)


def search(query, language, limit=30):
    """Documents in ``language`` holding every term of ``query``, best first."""
    terms = query_terms(query)
    if not terms:
        return SearchDocument.objects.none()
    tsquery = tsquery_literal(terms)
    return (
        SearchDocument.objects.filter(language=language)
        .annotate(
            matches=RawSQL("terms @@ %s::tsquery", [tsquery]),
            rank=RawSQL("ts_rank(terms, %s::tsquery)", [tsquery]),
        )
        .filter(matches=True)
        .order_by("-rank", "title")[:limit]
    )
