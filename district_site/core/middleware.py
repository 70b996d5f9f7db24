from django.shortcuts import render


class DistrictStatusMiddleware:
    """A suspended or archived district shows a notice instead of its site; its data stays.
    Runs after the tenant middleware (which already answered unknown hosts)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = getattr(request, "tenant", None)
        if tenant is not None and not tenant.is_platform and tenant.status != tenant.Status.ACTIVE:
            context = {
                "district": tenant,
                # Officers who open their console learn why the province suspended the site.
                "suspension": tenant.suspension if request.path.startswith("/manage/") else None,
                # Every link of the site leads back to this notice: the footer offers none.
                "footer_links": [],
            }
            response = render(request, "core/suspended.html", context, status=503)
            response["Retry-After"] = "86400"
            return response
        return self.get_response(request)
