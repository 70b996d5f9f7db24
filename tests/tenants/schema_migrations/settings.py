"""The product's settings plus the probe app (see probe/__init__.py) as a district app."""

import os

from platform_site.settings import *  # noqa: F403
from platform_site.settings import INSTALLED_APPS, TENANT_APPS

PROBE = "tests.tenants.schema_migrations.probe"
TENANT_APPS = [*TENANT_APPS, PROBE]
INSTALLED_APPS = [*INSTALLED_APPS, PROBE]
MIGRATION_MODULES = {
    "migration_probe": f"{PROBE}.migrations_{os.environ.get('SROK_PROBE_MIGRATIONS', 'v1')}"
}
