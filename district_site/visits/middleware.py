"""Counts every citizen page served, page-cache hits included: it sits outside the views, whose
cache (district_site.core.page_cache) answers inside them. Sets no cookie and reads no
address (counting.py)."""

from . import counting


class VisitCounterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        schema = getattr(getattr(request, "tenant", None), "schema_name", "public")
        if schema != "public" and counting.is_page_view(request, response):
            counting.count_page(schema, request.path)
        return response
