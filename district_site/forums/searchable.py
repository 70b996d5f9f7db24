from django.utils import timezone
from django.utils.translation import gettext as _

from district_site.search.index import Searchable, localized

from .models import Forum


def _text(forum):
    questions = "\n".join(
        f"{row['question']}\n{row['answer']}" for row in forum.questions_in_language
    )
    return f"{forum.venue}\n{forum.agenda}\n{questions}"


def documents(forum):
    if not forum.is_published:
        return []
    return localized(
        forum,
        lambda f: f"{_('Public forum')} {timezone.localtime(f.starts_at):%Y-%m-%d}",
        _text,
        lambda f: f.get_absolute_url(),
    )


INDEX = [Searchable("forum", Forum, documents, public=Forum.objects.visible)]
