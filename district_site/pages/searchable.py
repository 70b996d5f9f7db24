from district_site.search.index import Searchable, localized

from .models import Page


def documents(page):
    if not page.is_published:
        return []
    return localized(page, lambda p: p.title, lambda p: p.body, lambda p: p.get_absolute_url())


INDEX = [Searchable("page", Page, documents)]
