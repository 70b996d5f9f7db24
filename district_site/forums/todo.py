from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from district_site.manage.worklist import LATER, SOON, Todo

from .models import Forum


def items(request):
    if not Forum.objects.visible().upcoming().exists():
        yield Todo(_("Next forum not announced"), reverse("forums_manage:create"), SOON)
    # Only held forums lack minutes for a reason worth nagging about; recent ones first.
    for forum in Forum.objects.past().filter(minutes="")[:5]:
        when = timezone.localtime(forum.starts_at).strftime("%Y-%m-%d")
        yield Todo(
            _("Forum of %(date)s has no minutes") % {"date": when}, forum.get_manage_url(), LATER
        )
