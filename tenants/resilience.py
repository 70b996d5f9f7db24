"""Circuit breakers: how a process stops calling a part that has failed (the cache, the broker)
and finds out by itself when it is back, with one warning per outage instead of one per call."""

import logging
import threading
import time
from collections import OrderedDict

logger = logging.getLogger("srok.resilience")


class CircuitBreaker:
    """Closed while the part answers; open for ``cooldown`` seconds after it fails, when callers
    skip it; then half-open: one caller tries, and its result closes or reopens it."""

    def __init__(self, name, cooldown):
        self.name = name
        self.cooldown = cooldown
        self._lock = threading.Lock()
        self._down_since = None
        self._open_until = 0.0
        self._trying = False
        # What a caller could not write while the part was away, to replay when it returns.
        self.lost_writes = OrderedDict()

    @property
    def is_open(self):
        return self._down_since is not None

    def allow(self):
        if self._down_since is None:
            return True
        with self._lock:
            if self._down_since is None:
                return True
            if not self._trying and time.monotonic() >= self._open_until:
                self._trying = True
                return True
            return False

    def failed(self, exc):
        with self._lock:
            self._trying = False
            self._open_until = time.monotonic() + self.cooldown
            if self._down_since is None:
                self._down_since = time.monotonic()
                logger.warning(
                    "%s is unreachable (%s): working without it, trying again every %g s",
                    self.name,
                    exc.__class__.__name__,
                    self.cooldown,
                )

    def succeeded(self):
        """Close the breaker; True when this ended an outage."""
        if self._down_since is None:
            return False
        with self._lock:
            if self._down_since is None:
                return False
            seconds = time.monotonic() - self._down_since
            self._down_since = None
            self._trying = False
        logger.warning("%s is back after %.0f s", self.name, seconds)
        return True


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(name, cooldown):
    """One breaker per server in each process, shared by its threads and cache aliases."""
    with _breakers_lock:
        if name not in _breakers:
            _breakers[name] = CircuitBreaker(name, cooldown)
        return _breakers[name]
