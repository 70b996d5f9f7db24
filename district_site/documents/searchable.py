from district_site.search.index import Searchable, localized

from .models import Document


def documents(document):
    if not document.is_published:
        return []
    return localized(
        document,
        lambda d: d.title,
        lambda d: f"{d.get_category_display()} {d.year}",
        lambda d: d.get_absolute_url(),
    )


INDEX = [Searchable("document", Document, documents, public=Document.objects.visible)]
