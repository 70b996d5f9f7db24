from district_site.search.index import Searchable, localized

from .models import Service


def _text(service):
    parts = [service.office, service.processing_time, *service.documents, service.notes]
    return "\n".join(part for part in parts if part)


def documents(service):
    if not service.is_published:
        return []
    return localized(service, lambda s: s.name, _text, lambda s: s.get_absolute_url())


INDEX = [Searchable("service", Service, documents, public=lambda: Service.objects.visible())]
