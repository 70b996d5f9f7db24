from django.contrib.auth.decorators import user_passes_test
from django.shortcuts import render

from tenants.actions import PROVINCIAL_ADMIN_GROUP
from tenants.models import District


def is_provincial_admin(user):
    return user.is_active and user.groups.filter(name=PROVINCIAL_ADMIN_GROUP).exists()


provincial_admin_required = user_passes_test(is_provincial_admin, login_url="console:login")


@provincial_admin_required
def districts(request):
    rows = District.objects.select_related("snapshot").prefetch_related("domains")
    return render(request, "console/districts.html", {"districts": rows})
