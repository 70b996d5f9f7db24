from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from district_site.manage.worklist import SOON, URGENT, Todo

from . import stats

# A message older than this is late: the citizen has waited more than a week.
LATE_AFTER_DAYS = 7


def items(request):
    count, oldest = stats.waiting()
    if not count:
        return
    days = (timezone.now() - oldest).days
    text = ngettext(
        "%(count)d feedback message waiting, oldest %(days)d days",
        "%(count)d feedback messages waiting, oldest %(days)d days",
        count,
    ) % {"count": count, "days": days}
    priority = URGENT if days >= LATE_AFTER_DAYS else SOON
    yield Todo(text, reverse("feedback_manage:inbox"), priority)
