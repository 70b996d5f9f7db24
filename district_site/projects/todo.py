from django.urls import reverse
from django.utils.translation import gettext as _

from district_site.manage.worklist import SOON, Todo

from .models import STALE_AFTER_DAYS, Project


def items(request):
    """Projects under way whose progress citizens have not heard of for months."""
    for project in Project.objects.stale().only("pk", "code", "name_km", "name_en"):
        yield Todo(
            _("Project %(name)s: progress not updated for %(days)d days")
            % {"name": project.name, "days": STALE_AFTER_DAYS},
            reverse("projects_manage:progress", args=[project.pk]),
            SOON,
        )
