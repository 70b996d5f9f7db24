"""Metrics for Prometheus at ``GET /metrics``, on the internal address only.

What a request costs is counted where it happens (requests, latency and database queries, by
view kind), in every gunicorn process; with PROMETHEUS_MULTIPROC_DIR set (srok-web.service sets
it) prometheus-client keeps each process's figures in a file there and a scrape adds them up.
What the platform holds is read at scrape time (``PlatformCollector``): cache hits and misses,
Celery's queue length and task failures (from Redis, so a worker on another host counts), and the
age of every district's newest complete backup (one query).

A view kind is the URL's namespace or name (``manage``, ``news:detail`` -> ``news``,
``tls_ask``): a bounded set, the same at 2,000 districts as at 2. The TLS ask endpoint's answers
are its requests by status.
"""

import logging
import os
import time

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, HttpResponseNotFound
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from .internal import is_internal

logger = logging.getLogger(__name__)

# Not registered globally: a scrape builds its registry (one process, or every process's files).
REQUESTS = Counter(
    "srok_http_requests", "HTTP requests answered", ["kind", "method", "status"], registry=None
)
LATENCY = Histogram(
    "srok_http_request_duration_seconds",
    "Time to answer a request",
    ["kind"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    registry=None,
)
QUERIES = Counter(
    "srok_db_queries", "Database queries made while answering", ["kind"], registry=None
)
OWN = (REQUESTS, LATENCY, QUERIES)

# Celery task failures, counted by the worker that saw them (platform_site.tasks) in Redis.
TASK_FAILURES_KEY = "srok:metrics:task-failures"


def view_kind(request):
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unresolved"
    return (match.namespaces[0] if match.namespaces else match.url_name) or "unnamed"


class MetricsMiddleware:
    """Counts every request and answers ``/metrics``; first in MIDDLEWARE, so it sees all."""

    path = "/metrics"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == self.path:
            if not is_internal(request):
                return HttpResponseNotFound()
            return HttpResponse(scrape(), content_type=CONTENT_TYPE_LATEST)
        queries = [0]

        def count(execute, sql, params, many, context):
            queries[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = self.get_response(request)
        kind = view_kind(request)
        LATENCY.labels(kind).observe(time.perf_counter() - started)
        REQUESTS.labels(kind, request.method, str(response.status_code)).inc()
        QUERIES.labels(kind).inc(queries[0])
        return response


def scrape():
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        for metric in OWN:
            registry.register(metric)
    registry.register(PlatformCollector())
    return generate_latest(registry)


def redis_client(url):
    import redis

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def broker_redis():
    """The broker's Redis, or None (no workers, or another broker)."""
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL.startswith("redis"):
        return None
    return redis_client(settings.CELERY_BROKER_URL)


def celery_queues():
    from platform_site.celery import app

    return [app.conf.task_default_queue]


class PlatformCollector:
    """What the platform holds, read at each scrape."""

    def collect(self):
        # A part that cannot be read (Redis or the database down) leaves its metrics out and
        # says so, rather than failing the whole scrape: the rest still tells what is wrong.
        errors = GaugeMetricFamily(
            "srok_metrics_source_up", "Whether a source of metrics could be read", labels=["source"]
        )
        for name, part in (
            ("cache", self.cache),
            ("celery", self.celery),
            ("backups", self.backups),
        ):
            try:
                families = list(part())
            except Exception:
                logger.warning("metrics: could not read %s", name, exc_info=True)
                errors.add_metric([name], 0)
                continue
            errors.add_metric([name], 1)
            yield from families
        yield errors

    def cache(self):
        if not settings.REDIS_URL:
            return
        stats = redis_client(settings.REDIS_URL).info("stats")
        hits = CounterMetricFamily("srok_cache_hits", "Cache reads that found their key")
        hits.add_metric([], stats.get("keyspace_hits", 0))
        misses = CounterMetricFamily("srok_cache_misses", "Cache reads that did not")
        misses.add_metric([], stats.get("keyspace_misses", 0))
        yield hits
        yield misses

    def celery(self):
        client = broker_redis()
        if client is None:
            return
        length = GaugeMetricFamily(
            "srok_celery_queue_length", "Tasks waiting for a worker", labels=["queue"]
        )
        for queue in celery_queues():
            length.add_metric([queue], client.llen(queue))
        yield length
        failures = CounterMetricFamily(
            "srok_celery_task_failures", "Tasks that raised", labels=["task"]
        )
        for task, count in client.hgetall(TASK_FAILURES_KEY).items():
            failures.add_metric([task.decode()], int(count))
        yield failures

    def backups(self):
        from .health import backup_ages

        age = GaugeMetricFamily(
            "srok_backup_age_seconds",
            "Seconds since the newest complete backup of each active district finished "
            "(+Inf: none yet)",
            labels=["district"],
        )
        for code, seconds in backup_ages().items():
            age.add_metric([code], seconds)
        yield age
