"""Counting how the site is read, on the server, for every citizen page served (page-cache
hits included: the middleware sits outside the cached view), with no cookie, no address and
no outside service.

Each web process keeps its counts in memory (a dict under a lock: a few microseconds a page)
and adds them to the districts' tables at most every ``SROK_VISITS_FLUSH_SECONDS``, with one
``INSERT ... ON CONFLICT DO UPDATE`` per district and table, after a response has gone to its
reader (``request_finished``). Neither Redis nor the broker is involved, so counting goes on
when they are away; a process that dies loses at most the counts of its last interval, which
statistics can bear, and a database that refuses a flush gets the counts back for the next one
(up to ``MAX_KEYS`` waiting keys, beyond which new counts are dropped rather than memory
grown). An UPSERT per page view would have put a write, and a hot row's lock, on the page
cache's path.
"""

import logging
import re
import threading
import time
import unicodedata
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

MAX_KEYS = 50_000
PATH_MAX = 300
QUERY_MAX = 100

# table -> the column counted with the week
_TABLES = {"visits_pagevisits": "path", "visits_fruitlesssearch": "query"}

_pending = Counter()  # (table, schema, key, week) -> count
_lock = threading.Lock()
_last_flush = time.monotonic()

# Not citizens' pages: the console, files, feeds of data, machine endpoints.
_NOT_PAGES = ("/manage/", "/static/", "/media/", "/api/", "/open-data/", "/.well-known/")
# Words of the user agents of robots that say so. Plain substrings of the lowered text: a
# case-insensitive regular expression of the same words cost some 60 µs a page (measured).
_ROBOTS = ("bot", "crawl", "spider", "slurp", "preview", "monitor", "curl", "wget", "python")
# A query that may name a person: an e-mail address or a phone number (six digits or more).
_PERSONAL = re.compile(r"@|\d[\d\s.-]{5,}")


def week_of(moment=None):
    """The Monday starting the week of ``moment`` (now), in the district's time zone."""
    day = timezone.localdate(moment)
    return day - timezone.timedelta(days=day.weekday())


_this_week = (0.0, None)  # (until, Monday): looked up once a minute, not on every page


def _current_week():
    global _this_week
    now = time.time()
    until, monday = _this_week
    if now >= until:
        monday = week_of()
        _this_week = (now - now % 60 + 60, monday)
    return monday


def is_page_view(request, response):
    """A citizen read a page: a GET answered 200 with HTML, outside the console and files, by
    something that does not say it is a robot."""
    # Cheapest tests first: most answers that are not page views stop at the first two.
    return (
        response.status_code == 200
        and request.method == "GET"
        and not request.path.startswith(_NOT_PAGES)
        and response.get("Content-Type", "").startswith("text/html")
        and not _is_robot(request.META.get("HTTP_USER_AGENT", ""))
    )


def _is_robot(user_agent):
    user_agent = user_agent.lower()
    return any(word in user_agent for word in _ROBOTS)


def count_page(schema, path):
    _add(("visits_pagevisits", schema, path[:PATH_MAX], _current_week()))


def normalise_query(query):
    """The query as counted: NFC, lower case, spaces collapsed, shortened; None for a query
    that may hold personal data (an e-mail address or a phone number), which is never kept."""
    text = " ".join(unicodedata.normalize("NFC", query).lower().split())[:QUERY_MAX]
    if not text or _PERSONAL.search(text):
        return None
    return text


def count_fruitless_search(sender, query, **kwargs):
    """Receiver of search's ``found_nothing``, in the district's schema."""
    text = normalise_query(query)
    if text is not None and connection.schema_name != "public":
        _add(("visits_fruitlesssearch", connection.schema_name, text, _current_week()))


def _add(key):
    with _lock:
        if key in _pending or len(_pending) < MAX_KEYS:
            _pending[key] += 1


def flush_if_due(**kwargs):
    if time.monotonic() - _last_flush >= settings.SROK_VISITS_FLUSH_SECONDS:
        flush()


def flush():
    """Add the counts waiting in this process to each district's tables. Returns the number of
    rows written."""
    global _last_flush
    with _lock:
        waiting = dict(_pending)
        _pending.clear()
        _last_flush = time.monotonic()
    batches = {}
    for (table, schema, key, week), count in waiting.items():
        batches.setdefault((table, schema), []).append((key, week, count))
    written = 0
    for (table, schema), rows in batches.items():
        try:
            with transaction.atomic():
                _upsert(table, schema, rows)
            written += len(rows)
        except DatabaseError as error:
            if _schema_is_gone(schema):
                continue  # a district removed since: its counts go with it
            logger.warning("visits of %s wait for the next flush: %s", schema, error)
            with _lock:
                for key, week, count in rows:
                    _pending[(table, schema, key, week)] += count
    return written


def _upsert(table, schema, rows):
    qualified = f"{connection.ops.quote_name(schema)}.{table}"
    column = _TABLES[table]
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            # Names are constants here (tests/security_allowlist.py); values are parameters.
            f"INSERT INTO {qualified} ({column}, week, count) VALUES {values} "  # noqa: S608
            f"ON CONFLICT ({column}, week) DO UPDATE SET count = {table}.count + EXCLUDED.count",
            [value for row in rows for value in row],
        )


def _schema_is_gone(schema):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
            return cursor.fetchone() is None
    except DatabaseError:
        return False
