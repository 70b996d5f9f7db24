from django.shortcuts import render
from django.utils.translation import get_language

from . import index


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = index.search(query, get_language()) if query else []
    return render(request, "search/results.html", {"query": query, "results": results})
