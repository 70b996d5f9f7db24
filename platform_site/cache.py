"""Production's cache: Redis, wrapped so that a Redis that stops or hangs slows nothing down.

A cache is an optimisation, never a dependency: when Redis is unreachable every cache call
answers as a miss (``get`` gives the default, ``add`` False, writes do nothing), so citizens'
pages are rendered afresh, the host map is read from the database (tenants/hostmap.py) and
officers keep working. Three things keep an outage cheap:

- short connect and read timeouts (``REDIS_TIMEOUT_SECONDS``), so a Redis that hangs (paused,
  or a network that drops packets) costs a fraction of a second once, not seconds per call;
- a circuit breaker per Redis server and process: after a failure no call goes to Redis for
  ``REDIS_RETRY_SECONDS``; then one call tries, and its success closes the breaker again, so
  caching resumes by itself;
- one warning in the log when the outage starts and one when it ends, not one per request.

Writes that invalidate (a permanent key such as the host map's generation or a district's
content version, and deletions) made while Redis was away are remembered and replayed when it
returns: otherwise a domain added during the outage would be served from entries Redis kept
from before it.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from tenants.resilience import breaker_for

# Invalidations remembered during one outage, per server; beyond this the oldest are dropped
# (each is a token that one more change would replace anyway).
MAX_LOST_WRITES = 10_000


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, *, retry_seconds=5.0, **options):
        super().__init__(servers, **options)
        import redis

        self._failures = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)
        self.breaker = breaker_for(f"Redis cache at {_safe(servers[0])}", retry_seconds)

    def _call(self, operation, fallback, *args, lost=None):
        breaker = self.breaker
        if not breaker.allow():
            self._remember(lost)
            return fallback
        try:
            result = getattr(super(), operation)(*args)
        except self._failures as exc:
            breaker.failed(exc)
            self._remember(lost)
            return fallback
        if breaker.succeeded():
            self._replay()
        return result

    def _remember(self, lost):
        if lost is None:
            return
        writes = self.breaker.lost_writes
        for key, write in lost:
            writes.pop(key, None)
            writes[key] = write
        while len(writes) > MAX_LOST_WRITES:
            writes.popitem(last=False)

    def _replay(self):
        writes = self.breaker.lost_writes
        while writes:
            key, (value, timeout) = writes.popitem(last=False)
            try:
                if timeout == 0:
                    super().delete(key)
                else:
                    super().set(key, value, timeout)
            except self._failures as exc:
                writes[key] = (value, timeout)
                self.breaker.failed(exc)
                return

    def get(self, key, default):
        return self._call("get", default, key, default)

    def add(self, key, value, timeout):
        return self._call("add", False, key, value, timeout)

    def set(self, key, value, timeout):
        # A permanent key is an invalidation token (a generation, a content version).
        lost = [(key, (value, timeout))] if timeout is None or timeout == 0 else None
        return self._call("set", None, key, value, timeout, lost=lost)

    def touch(self, key, timeout):
        return self._call("touch", False, key, timeout)

    def delete(self, key):
        return self._call("delete", False, key, lost=[(key, (None, 0))])

    def get_many(self, keys):
        return self._call("get_many", {}, keys)

    def has_key(self, key):
        return self._call("has_key", False, key)

    def incr(self, key, delta):
        result = self._call("incr", _UNAVAILABLE, key, delta)
        if result is _UNAVAILABLE:
            # What Django raises for a missing key: callers already handle it.
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return result

    def set_many(self, data, timeout):
        return self._call("set_many", None, data, timeout)

    def delete_many(self, keys):
        return self._call("delete_many", None, keys, lost=[(key, (None, 0)) for key in keys])

    def clear(self):
        return self._call("clear", False)


_UNAVAILABLE = object()


def _safe(url):
    """The server's address without its password, for the log."""
    if "@" in url:
        scheme, _, rest = url.partition("://")
        return f"{scheme}://{rest.rsplit('@', 1)[1]}"
    return url


class ResilientRedisCache(RedisCache):
    """Django's Redis cache whose calls degrade to misses while Redis is unreachable.

    OPTIONS: ``socket_connect_timeout`` and ``socket_timeout`` (seconds, passed to redis-py),
    ``retry_seconds`` (how long the breaker stays open)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    @property
    def breaker(self):
        return self._cache.breaker
