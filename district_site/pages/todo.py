from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from district_site.manage.worklist import SOON, Todo
from district_site.revisions.models import Revision

from .actions import DEFAULT_PAGES
from .models import Page


def items(request):
    """Standing pages citizens look for that are still empty, or still hold the text Srok
    wrote when the district was created (no officer has saved them since)."""
    pages = list(Page.objects.visible().filter(slug__in=[slug for slug, _m in DEFAULT_PAGES]))
    edited = set(
        Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[page.pk for page in pages],
        )
        .exclude(author=None)
        .values_list("object_id", flat=True)
    )
    for page in pages:
        if not page.body_km.strip() and page.slug != "home":
            text = _("The page “%(title)s” is empty: write what citizens should know")
        elif page.pk not in edited:
            text = _("The page “%(title)s” still has the starting text: check it and complete it")
        else:
            continue
        yield Todo(text % {"title": page.title}, page.get_manage_url(), SOON)
