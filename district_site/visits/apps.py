from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "district_site.visits"
    label = "visits"
    verbose_name = _("How the site is read")

    def ready(self):
        from django.core.signals import request_finished

        from district_site.search.signals import found_nothing

        from . import counting

        found_nothing.connect(counting.count_fruitless_search, dispatch_uid="visits-search")
        # After the response has gone to the reader (the WSGI server closes it first), so a
        # flush never delays a page.
        request_finished.connect(counting.flush_if_due, dispatch_uid="visits-flush")
