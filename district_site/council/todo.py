from django.urls import reverse
from django.utils.translation import gettext as _

from district_site.manage.worklist import LATER, SOON, Todo

from .models import CouncilMember


def items(request):
    members = CouncilMember.objects.all()
    if not members.visible().exists():
        yield Todo(
            _("The council page is empty: add the governor and the council members"),
            reverse("council_manage:list"),
            SOON,
        )
    for member in members.visible().current().filter(photo_renditions={}, photo_original=""):
        yield Todo(
            _("%(name)s has no photo on the council page") % {"name": member.name},
            member.get_manage_url(),
            LATER,
        )
