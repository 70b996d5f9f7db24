"""The product's settings plus the bare view the home page is compared with (bench.urls).

Everything else (middleware, templates, database, cache) is the product's, so the two views are
served by the same stack and differ only in what the view itself does.
"""

from platform_site.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# Production's setting whatever .env says: DEBUG keeps every query in memory and slows each one.
DEBUG = False
