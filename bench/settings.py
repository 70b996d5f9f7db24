"""The product's settings plus the bare view the home page is compared with (bench.urls).

Everything else (middleware, templates, database, cache) is the product's, so the two views are
served by the same stack and differ only in what the view itself does. Two switches serve
``bench.migrate``: SROK_BENCH_STOCK_BACKEND runs django-tenants' own database backend (the
stock side of the comparison), SROK_BENCH_PROBE_MIGRATION installs bench.probe.
"""

import os

from platform_site.settings import *  # noqa: F403
from platform_site.settings import DATABASES, INSTALLED_APPS, TENANT_APPS

ROOT_URLCONF = "bench.urls"
# Production's setting whatever .env says: DEBUG keeps every query in memory and slows each one.
DEBUG = False

if os.environ.get("SROK_BENCH_STOCK_BACKEND"):
    DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
if os.environ.get("SROK_BENCH_PROBE_MIGRATION"):
    TENANT_APPS = [*TENANT_APPS, "bench.probe"]
    INSTALLED_APPS = [*INSTALLED_APPS, "bench.probe"]
