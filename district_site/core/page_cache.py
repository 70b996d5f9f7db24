"""Whole-page caching of citizens' pages, per district, dropped the moment content changes.

Keys go through the default cache, whose key function prefixes the schema, so one district's
cached page can never be served on another's host. Instead of deleting keys on publish, every
key carries the district's content version, which any save or delete of a district_site model
replaces: old pages simply stop being asked for and expire.

Scheduled content (a news post published with a future date) appears without any save, so a
page is never kept past the next scheduled publication: apps with such content have a
``schedule.py`` whose ``next_change()`` returns the next time something of theirs appears (or
None), and the page's lifetime is capped at the earliest. We chose this over a Celery task at
each publication time: nothing has to be queued, moved or cancelled when an officer changes a
date, and a missed or lost task can never leave a stale page.
"""

import hashlib
import math
import secrets
import time
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from . import contributions

VERSION_KEY = "content-version"
PAGE_TIMEOUT = 600


def content_version():
    """The district's content version, or None while the cache is unreachable (production's
    cache answers every call as a miss then: platform_site/cache.py)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(6), None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version():
    cache.set(VERSION_KEY, secrets.token_hex(6), None)


def page_timeout():
    """Seconds a page may stay cached: PAGE_TIMEOUT, or less when scheduled content appears
    sooner. The next scheduled time is looked up once per content version (and again once it
    has passed), so a cached page costs no query for it."""
    key = f"next-scheduled:{content_version()}"
    now = time.time()
    at = cache.get(key)
    if at is None or 0 < at <= now:
        times = [module.next_change() for module in contributions.modules("schedule")]
        at = min((t.timestamp() for t in times if t is not None), default=0)
        cache.set(key, at, PAGE_TIMEOUT)
    if at:
        return max(1, min(PAGE_TIMEOUT, math.ceil(at - now)))
    return PAGE_TIMEOUT


def memo(name, compute, *, per_language=False):
    """``compute()``, kept in the cache until the district's content next changes: what many
    pages share (the district's profile, its menu, the home page's sections, a budget year's
    totals) is looked up once per publication rather than on every page the page cache cannot
    serve (the first reader after a publication, a filtered list, a search, a shared link with
    a tracking parameter). Same key prefix per district and same lifetime as a cached page, so
    scheduled content appears on time. ``per_language``: the value holds translated text or
    URLs (rendered HTML), so each language keeps its own. The value must pickle."""
    version = content_version()
    if version is None:
        return compute()
    if per_language:
        name += f":{get_language()}"
    # Hashed, as a page's path is: a name may carry what a client typed (a programme's code).
    key = f"memo:{version}:{hashlib.sha256(name.encode()).hexdigest()}"
    # Wrapped in a tuple, so a computed None is kept too and tells itself from a miss.
    found = cache.get(key)
    if found is not None:
        return found[0]
    value = compute()
    cache.set(key, (value,), page_timeout())
    return value


def _content_changed(sender, **kwargs):
    if sender.__module__.startswith("district_site.") and connection.schema_name != "public":
        bump_content_version()


post_save.connect(_content_changed, dispatch_uid="page-cache-save")
post_delete.connect(_content_changed, dispatch_uid="page-cache-delete")


def _cacheable(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and not request.COOKIES.get("sessionid")
        and not list(get_messages(request))
    )


def cached_page(view):
    """Serve an anonymous reader's GET from the cache; officers always see the live page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        version = content_version() if _cacheable(request) else None
        if version is None:
            return view(request, *args, **kwargs)
        # The path hashed: a key must stay short and plain whatever a client asks for (a
        # 10,000-character path made Django warn that the key suits no memcached).
        path = hashlib.sha256(request.path.encode()).hexdigest()
        key = f"page:{version}:{get_language()}:{path}"
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.cookies:
                cache.set(key, response, page_timeout())
        return response

    return wrapper
