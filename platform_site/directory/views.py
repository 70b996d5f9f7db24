from itertools import groupby

from django.shortcuts import render

from tenants.models import District


def home(request):
    districts = (
        District.objects.filter(status=District.Status.ACTIVE)
        .prefetch_related("domains")
        .order_by("province_code", "code")
    )
    port = request.get_port()
    suffix = "" if port in ("80", "443") else f":{port}"
    provinces = [
        (next(iter(group_list)).province_name, group_list)
        for _code, group in groupby(districts, key=lambda d: d.province_code)
        for group_list in [list(group)]
    ]
    return render(
        request,
        "directory/home.html",
        {"provinces": provinces, "scheme": request.scheme, "port_suffix": suffix},
    )
