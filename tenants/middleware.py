"""Resolve the district of each request from its Host header, through the cached host map."""

from django.conf import settings
from django.http import HttpResponseNotFound
from django_tenants.middleware.main import TenantMainMiddleware

from .models import District

# Deliberately bare: an unknown host learns nothing about the platform or any district.
UNKNOWN_HOST_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title>'
    "</head><body><h1>Not found</h1></body></html>"
)


class DistrictMiddleware(TenantMainMiddleware):
    def get_tenant(self, domain_model, hostname):
        if hostname in settings.PLATFORM_HOSTS:
            return District.platform()
        district = domain_model.objects.district_for_host(hostname)
        if district is None:
            raise domain_model.DoesNotExist(hostname)
        return district

    def no_tenant_found(self, request, hostname):
        return HttpResponseNotFound(UNKNOWN_HOST_PAGE)
