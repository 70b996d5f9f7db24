from .years import next_new_year


def next_change():
    """The year in progress, which the home page and /budget/ show first, changes on 1 January
    (see district_site.core.page_cache)."""
    return next_new_year()
