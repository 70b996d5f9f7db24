from django.shortcuts import render
from django.utils.translation import get_language

from tenants import ratelimit

from . import index
from .signals import found_nothing


@ratelimit.limited("search")
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = list(index.search(query, get_language())) if query else []
    if query and not results:
        found_nothing.send(sender=None, query=query)
    return render(request, "search/results.html", {"query": query, "results": results})
