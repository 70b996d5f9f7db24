"""Host name -> district, cached so that a warm request makes no database query for it.

Two levels: a dict in each process, and the "platform" cache (Redis in production, shared by
every process). Both are keyed by a *generation* token kept in the shared cache; any change to a
Domain or District replaces the token once its transaction commits, so every process sees a new,
removed or suspended domain on its next request. Unknown hosts are cached too (as None), so a
flood of made-up Host headers does not become a flood of queries.
"""

import secrets

from django.core.cache import caches
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

GENERATION_KEY = "hostmap:generation"
ENTRY_TIMEOUT = 24 * 3600
# Bounds the process-local dict against hostile Host headers; a full reset is cheap.
LOCAL_MAX_ENTRIES = 20_000

_MISSING = object()
_local: dict[str, tuple[str, object]] = {}


def _cache():
    return caches["platform"]


def current_generation():
    cache = _cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def invalidate():
    """Forget every cached host: called after any Domain or District change commits."""
    _cache().set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    _local.clear()


class DomainManager(models.Manager):
    def district_for_host(self, host):
        """The District served on ``host``, or None. Cached; see the module docstring."""
        generation = current_generation()
        hit = _local.get(host)
        if hit is not None and hit[0] == generation:
            return hit[1]
        key = f"hostmap:{generation}:{host}"
        district = _cache().get(key, _MISSING)
        if district is _MISSING:
            domain = self.select_related("tenant").filter(domain=host).first()
            district = domain.tenant if domain else None
            if district is not None:
                # Cached with its domains, so absolute links (primary_domain) cost no query.
                models.prefetch_related_objects([district], "domains")
            _cache().set(key, district, timeout=ENTRY_TIMEOUT)
        if len(_local) >= LOCAL_MAX_ENTRIES:
            _local.clear()
        _local[host] = (generation, district)
        return district


def _on_change(sender, **kwargs):
    transaction.on_commit(invalidate)


def connect_receivers(*models_):
    for model in models_:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"hostmap-save-{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"hostmap-del-{model.__name__}")
