"""Host name -> district, cached so that a warm request makes no database query for it.

Two levels: a dict in each process, and the "platform" cache (Redis in production, shared by
every process). Both are keyed by a *generation* token kept in the shared cache; any change to a
Domain or District replaces the token once its transaction commits, so every process sees a new,
removed or suspended domain on its next request. Unknown hosts are cached too (as None), so a
flood of made-up Host headers does not become a flood of queries.
"""

import re
import secrets

from django.core.cache import caches
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

GENERATION_KEY = "hostmap:generation"
ENTRY_TIMEOUT = 24 * 3600
# Bounds the process-local dict against hostile Host headers; a full reset is cheap.
LOCAL_MAX_ENTRIES = 20_000

# One label of a host name as DNS allows it (RFC 1035 and 1123): 1-63 letters, digits or inner
# hyphens; the whole name at most 253 characters. An IPv4 address passes too.
_DNS_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
MAX_HOST_LENGTH = 253


def is_dns_name(host):
    """Whether ``host`` (lower case, without port) could be a real host name at all. Checked
    before any lookup or caching, so a made-up Host header costs neither."""
    if not host or len(host) > MAX_HOST_LENGTH:
        return False
    return all(_DNS_LABEL.fullmatch(label) for label in host.split("."))


_MISSING = object()
_local: dict[str, tuple[str, object]] = {}


def _cache():
    return caches["platform"]


def current_generation():
    """The generation token, or None while the shared cache is unreachable (production's cache
    then answers every call as a miss: platform_site/cache.py)."""
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
        """The District served on ``host``, or None. Cached; see the module docstring. A host
        that is not a valid DNS name is neither looked up nor cached."""
        if not is_dns_name(host):
            return None
        generation = current_generation()
        if generation is None:
            # No cached entry can be known to be current: ask the database (one indexed query)
            # until the cache returns, so a change made meanwhile is still seen at once.
            return self._lookup(host)
        hit = _local.get(host)
        if hit is not None and hit[0] == generation:
            return hit[1]
        key = f"hostmap:{generation}:{host}"
        district = _cache().get(key, _MISSING)
        if district is _MISSING:
            district = self._lookup(host)
            _cache().set(key, district, timeout=ENTRY_TIMEOUT)
        if len(_local) >= LOCAL_MAX_ENTRIES:
            _local.clear()
        _local[host] = (generation, district)
        return district

    def _lookup(self, host):
        domain = self.select_related("tenant").filter(domain=host).first()
        district = domain.tenant if domain else None
        if district is not None:
            # Cached with its domains, so absolute links (primary_domain) cost no query.
            models.prefetch_related_objects([district], "domains")
        return district


def _on_change(sender, **kwargs):
    transaction.on_commit(invalidate)


def connect_receivers(*models_):
    for model in models_:
        post_save.connect(_on_change, sender=model, dispatch_uid=f"hostmap-save-{model.__name__}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"hostmap-del-{model.__name__}")
