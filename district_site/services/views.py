from django.shortcuts import render

from district_site.core.page_cache import cached_page

from .models import Service


@cached_page
def service_list(request):
    return render(
        request,
        "services/service_list.html",
        {"services": Service.objects.visible()},
    )
