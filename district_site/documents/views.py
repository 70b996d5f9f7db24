"""Citizens' documents library: Khmer at /documents/, English at /en/documents/, filtered by
category and year with a plain GET form (no JavaScript)."""

from django.shortcuts import render

from district_site.core.page_cache import cached_page

from .models import Document


@cached_page
def document_list(request):
    visible = Document.objects.visible()
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    categories = Document.Category
    # Unknown values (an old link, a typo) are ignored rather than answered with an error.
    category = request.GET.get("category", "")
    category = category if category in categories.values else ""
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and int(year) in years else None
    documents = visible
    if category:
        documents = documents.filter(category=category)
    if year:
        documents = documents.filter(year=year)
    return render(
        request,
        "documents/document_list.html",
        {
            "documents": documents,
            "categories": categories.choices,
            "years": years,
            "category": category,
            "year": year,
            "filtered": bool(category or year),
        },
    )
