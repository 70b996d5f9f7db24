"""Srok settings: one module, every deploy-time value read from the environment.

Load order:
1. ``.env`` at the project root, if present (see ``.env.example`` for every variable), then the
   process environment, which wins; read through django-environ.
2. ``SROK_DEVELOPMENT=1`` (set by ``make run`` and ``make test``) allows a built-in secret key,
   prints e-mail to the console and makes ``127.0.0.1`` a platform host. Production leaves it unset
   and must give ``SECRET_KEY``.
3. Each real component has an embedded default (docs/architecture.md, "Real components"):
   - ``DATABASE_URL`` unset: the embedded PostgreSQL (pgserver) under ``.data/pg``;
   - ``CELERY_BROKER_URL`` unset: tasks run in process (eager), logged at start;
   - ``AWS_STORAGE_BUCKET_NAME`` unset: media under ``.data/media/<schema>/``;
   - ``REDIS_URL`` unset: local-memory cache.
   The code after each choice is the same either way.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DATA_DIR = Path(env("SROK_DATA_DIR", default=str(BASE_DIR / ".data")))
DEVELOPMENT = env.bool("SROK_DEVELOPMENT", default=False)
DEBUG = env.bool("DEBUG", default=False)

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEVELOPMENT:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example), "
            "or set SROK_DEVELOPMENT=1 on a development machine."
        )
    SECRET_KEY = "development-only-not-secret-" + "x" * 32

# The platform's own host: the district directory, the provincial console, the TLS ask endpoint.
# Each district is served on its official domain and on <slug>.<PLATFORM_DOMAIN>.
PLATFORM_DOMAIN = env("PLATFORM_DOMAIN", default="localhost")
PLATFORM_HOSTS = [PLATFORM_DOMAIN, *env.list("PLATFORM_EXTRA_HOSTS", default=[])]
if DEVELOPMENT:
    PLATFORM_HOSTS.append("127.0.0.1")

# The port in absolute links (invitations, feeds): empty behind Caddy on 443/80.
PUBLIC_PORT = env("PUBLIC_PORT", default="8000" if DEVELOPMENT else "")

# Every host is allowed through to the tenant middleware, which answers an unknown one with a
# plain 404 before any view runs. Absolute URLs never come from the Host header but from a
# district's primary domain (docs/architecture.md, "Tenancy").
ALLOWED_HOSTS = ["*"]

# --- Applications ---------------------------------------------------------------------------
# https://django-tenants.readthedocs.io/en/latest/install.html
# auth and sessions are in both lists: each district keeps its own officers and sessions, so a
# session cookie of one district means nothing on another's host.
SHARED_APPS = [
    # tenants before django_tenants: an app listed earlier wins a management command's name, and
    # tenants' migrate_schemas (tenants/schema_migrations.py) replaces the library's.
    "tenants",
    "django_tenants",
    "tenants.gazetteer",
    "platform_site",
    "platform_site.directory",
    "platform_site.console",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # The second factor: provincial admins' here, officers' in each district's schema (the
    # same apps are in TENANT_APPS: django-otp asks every device model it knows).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "tenants.second_factor",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "tenants.second_factor",
    "district_site.core",
    "district_site.pages",
    "district_site.manage",
    "district_site.feedback",
    "district_site.search",
    "district_site.budget",
    "district_site.revisions",
    "district_site.news",
    "district_site.services",
    "district_site.council",
    "district_site.projects",
    "district_site.documents",
    "district_site.forums",
    "district_site.opendata",
    "district_site.visits",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.District"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_URLCONF = "platform_site.urls_public"
ROOT_URLCONF = "district_site.urls"
# Set search_path once per connection and schema, not before every query.
TENANT_LIMIT_SET_CALLS = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

MIDDLEWARE = [
    # Security headers first, so that every response carries them, even those answered before
    # a district is known: /healthz and an unknown host's 404 (platform_site/security.py).
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "platform_site.security.SecurityHeadersMiddleware",
    # Counts every request (and answers /metrics on the internal address), so it comes first.
    "platform_site.metrics.MetricsMiddleware",
    # Requests beyond what can be answered get a quick 503 (platform_site/shedding.py).
    "platform_site.shedding.LoadSheddingMiddleware",
    # /healthz answers on every host, even one no district owns, so it runs before tenancy.
    "platform_site.health.HealthCheckMiddleware",
    # Control characters in path, query or form: a 400 page before any lookup.
    "tenants.middleware.RequestGuardMiddleware",
    "tenants.middleware.DistrictMiddleware",
    # security.txt and CSP reports on every known host, before a district's status or pages.
    "platform_site.security.WellKnownMiddleware",
    # An upload the media storage refused: a 503 saying nothing was saved (tenants/unavailable.py).
    "tenants.unavailable.StorageUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "district_site.manage.middleware.ConsoleLanguageMiddleware",
    "district_site.core.middleware.DistrictStatusMiddleware",
    # Counts citizens' page views, page-cache hits included (district_site/visits/counting.py).
    "district_site.visits.middleware.VisitCounterMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tenants.idle.IdleTimeoutMiddleware",
    "district_site.manage.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [
            BASE_DIR / "district_site" / "templates",
            BASE_DIR / "platform_site" / "templates",
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "district_site.core.context_processors.district",
            ],
        },
    },
]

WSGI_APPLICATION = "platform_site.wsgi.application"

# Page views counted in each web process are added to the districts' tables at most this often
# (district_site/visits/counting.py).
SROK_VISITS_FLUSH_SECONDS = env.float("SROK_VISITS_FLUSH_SECONDS", default=30)

# Load shedding (platform_site/shedding.py): a request that waited longer than this in the
# queue (X-Request-Start, set by Caddy) is answered 503 at once; 0 turns it off.
SHED_QUEUE_SECONDS = env.float("SHED_QUEUE_SECONDS", default=10)
# Requests answered at once by one process beyond which others get a 503; 0: gunicorn's threads
# are the only bound.
SHED_MAX_IN_FLIGHT = env.int("SHED_MAX_IN_FLIGHT", default=0)

# --- Database -------------------------------------------------------------------------------
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from platform_site.embedded_db import embedded_database

    DATABASES = {"default": embedded_database(DATA_DIR / "pg", env("SROK_DB_NAME", default="srok"))}
# django-tenants' backend with table listing limited to the current schema and connections
# recycled by the districts they served (tenants/database/base.py says why).
DATABASES["default"]["ENGINE"] = "tenants.database"
# Persistent connections: connecting costs more than a page (measured 100 vs 346 req/s at 2,000
# districts), but each PostgreSQL backend keeps the catalogue of every schema it has touched, so
# a connection is recycled after CONN_MAX_AGE seconds or once it has served CONN_MAX_SCHEMAS
# districts, whichever comes first (docs/operations.md sizes both).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=300)
DATABASES["default"]["CONN_MAX_SCHEMAS"] = env.int("CONN_MAX_SCHEMAS", default=50)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database that is restarting or failing over must cost a request seconds, not minutes: the
# request then gets a 503 page (tenants/unavailable.py). A statement that runs away or waits on
# a lock is cancelled rather than holding a worker. 0 turns a timeout off (e.g. for a migration
# that rewrites a large table: DATABASE_STATEMENT_TIMEOUT_MS=0 srok-manage migrate_schemas).
_db_timeouts = {
    "statement_timeout": env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=30_000),
    "lock_timeout": env.int("DATABASE_LOCK_TIMEOUT_MS", default=10_000),
}
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
_db_options.setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3))
_db_options["options"] = " ".join(
    [_db_options.get("options", ""), *(f"-c {name}={ms}" for name, ms in _db_timeouts.items())]
).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# "default" keys are prefixed with the current schema (django-tenants' make_key), so one
# district can never read another's cached fragment. "platform" holds platform-wide keys (the
# host -> district map), which must mean the same thing whichever schema is active.
REDIS_URL = env("REDIS_URL", default="")
# A Redis that stops or hangs must cost milliseconds, once: calls time out after this long, and
# a failure keeps every call away from Redis for REDIS_RETRY_SECONDS (platform_site/cache.py).
REDIS_TIMEOUT_SECONDS = env.float("REDIS_TIMEOUT_SECONDS", default=0.25)
REDIS_RETRY_SECONDS = env.float("REDIS_RETRY_SECONDS", default=5)
if REDIS_URL:
    _cache_backend = {
        "BACKEND": "platform_site.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {
            "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
            "socket_timeout": REDIS_TIMEOUT_SECONDS,
            "retry_seconds": REDIS_RETRY_SECONDS,
        },
    }
    _platform_backend = _cache_backend
else:
    # Django's default of 300 entries is less than one page per district: with a few hundred
    # districts, every key culled another's and each citizen page was rendered afresh.
    _cache_backend = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
    # The host map must be shared by every process, as Redis shares it in production: a
    # district onboarded or suspended from the command line is seen at once by the running
    # server. Files on local disk do that without a server; the map is small (one entry per
    # host asked for) and a warm request still reads no database.
    _platform_backend = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(env("SROK_CACHE_DIR", default="") or DATA_DIR / "cache" / "platform"),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
CACHES = {
    "default": {
        **_cache_backend,
        "LOCATION": _cache_backend.get("LOCATION", "srok-default"),
        "KEY_PREFIX": "srok",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    },
    "platform": {
        **_platform_backend,
        "LOCATION": _platform_backend.get("LOCATION", "srok-platform"),
        "KEY_PREFIX": "srok-platform",
    },
}

# --- Celery ---------------------------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_TIMEZONE = "Asia/Phnom_Penh"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker that has visited many schemas holds their catalogue entries: recycle it.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=500)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker killed mid-task (OOM, SIGKILL, a lost machine) gives its task back to the queue, to
# run again elsewhere; every task is written to be run twice safely (docs/operations.md).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Tasks go to the broker through the outbox (tenants/outbox.py): a broker that is down or hangs
# must cost a request a second at most, once; the relay sends what waited when it returns.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=1)
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 5}
BROKER_RETRY_SECONDS = env.float("BROKER_RETRY_SECONDS", default=10)
# A task that fails is tried again after growing pauses (seconds: about 1x, 2x, 4x ... this,
# at most TASK_RETRY_BACKOFF_MAX), TASK_MAX_RETRIES times; then it goes to the dead letters
# the operator reads with `manage.py dead_letters` (platform_site/celery.py).
TASK_MAX_RETRIES = env.int("TASK_MAX_RETRIES", default=4)
TASK_RETRY_BACKOFF = env.int("TASK_RETRY_BACKOFF", default=30)
TASK_RETRY_BACKOFF_MAX = env.int("TASK_RETRY_BACKOFF_MAX", default=1800)

# --- Files ----------------------------------------------------------------------------------
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    from botocore.config import Config as _BotoConfig

    # https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
    _media_storage = {
        "BACKEND": "tenants.storage.SchemaS3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
            "addressing_style": env("AWS_S3_ADDRESSING_STYLE", default="path"),
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 3600,
            # S3 unreachable or slow must cost an upload seconds, then a clear refusal.
            "client_config": _BotoConfig(
                connect_timeout=3, read_timeout=20, retries={"max_attempts": 3, "mode": "standard"}
            ),
        },
    }
else:
    _media_storage = {"BACKEND": "tenants.storage.SchemaFileSystemStorage"}
# Every media link passes the district's media view (district_site.core.media), which decides
# who may have the file; on S3 it answers with a presigned link valid this long.
MEDIA_LINK_SECONDS = env.int("MEDIA_LINK_SECONDS", default=300)
STORAGES = {
    "default": _media_storage,
    # Hashed names, compressed copies: static files can be cached for a year.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
# Largest PDF officers may upload (documents, forum minutes): a scanned plan of some pages.
SROK_PDF_MAX_BYTES = env.int("SROK_PDF_MAX_BYTES", default=20 * 1024 * 1024)
# Largest photo anyone may upload, officers and citizens alike: one limit, stated by every photo
# field (district_site.core.photos.help_text). A phone's full-size photo is 2-6 MB.
SROK_PHOTO_MAX_BYTES = env.int("SROK_PHOTO_MAX_BYTES", default=8 * 1024 * 1024)

# --- Backups --------------------------------------------------------------------------------
# Each district's schema (pg_dump -Fc), its media files and a manifest, per district and night;
# the platform's public schema likewise (tenants/backups/). Unset bucket: files under
# BACKUP_DIR. Unset keys: boto3's own chain (AWS_ACCESS_KEY_ID, instance roles, ...).
BACKUP_BUCKET = env("BACKUP_BUCKET", default="")
BACKUP_S3_ENDPOINT_URL = env("BACKUP_S3_ENDPOINT_URL", default="") or None
BACKUP_S3_REGION_NAME = env("BACKUP_S3_REGION_NAME", default="") or None
BACKUP_ACCESS_KEY_ID = env("BACKUP_ACCESS_KEY_ID", default="") or None
BACKUP_SECRET_ACCESS_KEY = env("BACKUP_SECRET_ACCESS_KEY", default="") or None
BACKUP_S3_ADDRESSING_STYLE = env("BACKUP_S3_ADDRESSING_STYLE", default="path")
BACKUP_DIR = Path(env("BACKUP_DIR", default="") or DATA_DIR / "backups")
# Complete backups kept per district (older ones are removed after each new one).
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
# The nightly window, local time (CELERY_TIMEZONE): each district starts at its own moment in it,
# derived from its code, so 210 dumps never hit the database at once.
BACKUP_WINDOW_START_HOUR = env.int("BACKUP_WINDOW_START_HOUR", default=1)
BACKUP_WINDOW_HOURS = env.int("BACKUP_WINDOW_HOURS", default=4)
# Beat wakes the dispatcher this often in the window; each wake-up queues the districts whose
# moment falls before the next, so no task waits long in a worker (Redis redelivers a task not
# acknowledged within its visibility timeout, one hour by default).
BACKUP_DISPATCH_MINUTES = 10
# A backup still "running" after this long died with its process: its leftovers are removed.
BACKUP_STALE_HOURS = env.float("BACKUP_STALE_HOURS", default=12)
# Groups of districts `backup_district` backs up at once (each group runs one pg_dump).
BACKUP_WORKERS = env.int("BACKUP_WORKERS", default=4)
# Districts sharing one pg_dump in `backup_district` (pg_dump reads the whole catalogue first).
BACKUP_BATCH = env.int("BACKUP_BATCH", default=20)
# Where pg_dump, pg_restore and psql are; empty means pgserver's own
# (see tenants/backups/postgres.py).
BACKUP_PG_BIN_DIR = env("BACKUP_PG_BIN_DIR", default="")
if not (1 <= BACKUP_WINDOW_HOURS <= 24 and 0 <= BACKUP_WINDOW_START_HOUR <= 23):
    raise ImproperlyConfigured("BACKUP_WINDOW_HOURS must be 1-24, BACKUP_WINDOW_START_HOUR 0-23.")
if BACKUP_KEEP < 1:
    raise ImproperlyConfigured("BACKUP_KEEP must be at least 1.")

CELERY_BEAT_SCHEDULE = {
    # Tasks that waited in the outbox while the broker was away (tenants/outbox.py).
    "relay-outbox": {"task": "tenants.tasks.relay_outbox", "schedule": 60},
    "dispatch-nightly-backups": {
        "task": "tenants.tasks.dispatch_nightly_backups",
        "schedule": crontab(
            minute=f"*/{BACKUP_DISPATCH_MINUTES}",
            hour=",".join(
                str((BACKUP_WINDOW_START_HOUR + hour) % 24) for hour in range(BACKUP_WINDOW_HOURS)
            ),
        ),
    },
}

CELERY_BEAT_SCHEDULE["heartbeat"] = {
    "task": "platform_site.tasks.heartbeat",
    "schedule": env.int("SROK_HEARTBEAT_SECONDS", default=60),
}

# --- Monitoring and alerts ------------------------------------------------------------------
# docs/operations.md, "What pages whom". /metrics and /healthz/platform answer only requests
# that reach gunicorn directly from these networks (platform_site/internal.py).
SROK_INTERNAL_NETWORKS = env.list("SROK_INTERNAL_NETWORKS", default=["127.0.0.0/8", "::1/128"])
# Beat queues a heartbeat this often; older than three of these, beat counts as dead.
SROK_HEARTBEAT_SECONDS = env.int("SROK_HEARTBEAT_SECONDS", default=60)
# A district whose newest complete backup is older than this is reported: one missed night
# and a half.
SROK_BACKUP_MAX_AGE_HOURS = env.float("SROK_BACKUP_MAX_AGE_HOURS", default=36)
# Disks this host writes to, and how full is too full.
SROK_DISK_PATHS = env.list("SROK_DISK_PATHS", default=["/", str(DATA_DIR)])
SROK_DISK_ALERT_PERCENT = env.float("SROK_DISK_ALERT_PERCENT", default=90)
# Who hears of a failure besides the provincial admins, and a webhook (chat, paging) to post to.
SROK_ALERT_EMAILS = env.list("SROK_ALERT_EMAILS", default=[])
SROK_ALERT_WEBHOOK_URL = env("SROK_ALERT_WEBHOOK_URL", default="")
# The same failure is told once in this many seconds, however often it repeats.
SROK_ALERT_REPEAT_SECONDS = env.int("SROK_ALERT_REPEAT_SECONDS", default=3600)
# Errors with their stack to Sentry or GlitchTip (https://docs.sentry.io/platforms/python/integrations/django/).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        # Officers' and citizens' addresses and form contents stay out of error reports.
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# --- Languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = "km"
LANGUAGES = [("km", _("Khmer")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Phnom_Penh"
USE_I18N = True
USE_TZ = True

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "manage:login"
OTP_TOTP_ISSUER = "Srok"
# Failed logins allowed per account and address before a pause (console and officer console).
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=900)
# Feedback messages accepted per hour from one address, per district.
FEEDBACK_PER_HOUR = env.int("FEEDBACK_PER_HOUR", default=5)
# Requests per client address and district (tenants.ratelimit): scope -> (requests, seconds).
# Counted in the database, so they hold across processes and when Redis is down. Generous for
# reading: a commune's phones often share one carrier address.
RATE_LIMITS = {
    # Every POST of a public form (feedback, logins, password reset, setting a password).
    "forms": (env.int("RATE_LIMIT_FORMS_PER_10_MINUTES", default=30), 600),
    "search": (env.int("RATE_LIMIT_SEARCH_PER_MINUTE", default=60), 60),
    "open-data": (env.int("RATE_LIMIT_OPEN_DATA_PER_MINUTE", default=60), 60),
    "api": (env.int("RATE_LIMIT_API_PER_MINUTE", default=120), 60),
    # Looking up a feedback tracking code: guessing codes must be slow.
    "tracking": (env.int("RATE_LIMIT_TRACKING_PER_10_MINUTES", default=30), 600),
}
# A console session (officer or provincial) unused this long is logged out (tenants.idle).
CONSOLE_IDLE_SECONDS = env.int("CONSOLE_IDLE_MINUTES", default=30) * 60
# How long a support hand-over link from the provincial console stays usable.
SUPPORT_HANDOVER_SECONDS = 120
# Officers' invitation and password-reset links stay valid for a week: officers are often away
# from a computer for days.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEVELOPMENT
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"Srok <no-reply@{PLATFORM_DOMAIN}>")

# --- HTTPS ----------------------------------------------------------------------------------
# Behind Caddy, which terminates TLS and sets X-Forwarded-Proto.
# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/ (`manage.py check --deploy`
# is clean under production settings: tests/platform_site/test_deploy_checks.py).
HTTPS = env.bool("HTTPS", default=False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    # Caddy already sends plain HTTP to HTTPS; this covers a request that reaches Django another
    # way. Exempt: the load balancer's /healthz probe and Caddy's TLS ask, both plain HTTP on a
    # private address (deploy/Caddyfile), where a redirect would read as "unhealthy" or "no".
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^tls/ask$"]
# Official domains are not all ours to pin: a district's ouchruv.gov.kh may have a mail or
# intranet host under it that the platform does not serve. So HSTS covers each host only, and
# the preload list (which requires includeSubDomains) is out of reach by design.
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Django's own refusal page is English and carries an inline <style>: ours is neither.
CSRF_FAILURE_VIEW = "platform_site.security.csrf_failure"
# SESSION_COOKIE_DOMAIN stays unset: each district's cookies belong to its own host only.


# --- Content-Security-Policy ----------------------------------------------------------------
# https://django-csp.readthedocs.io/en/latest/configuration.html
# Strict on every response: no inline script or style anywhere (no style= attributes either),
# every script, stylesheet, font and image from the host itself. Server-drawn SVG charts use
# presentation attributes (fill=, font-size=), which CSP does not govern. Violations are
# reported to /csp-report on the same host and logged (platform_site/security.py).


def _media_origins():
    """Media on S3: /media/ links redirect to presigned object URLs, so images may come from
    the bucket's origin too (CSP checks an image's final address after redirects)."""
    if not AWS_STORAGE_BUCKET_NAME:
        return []
    endpoint = _media_storage["OPTIONS"]["endpoint_url"]
    if endpoint:
        scheme, _, host = endpoint.partition("://")
        host = host.split("/")[0]
        return [f"{scheme}://{host}", f"{scheme}://{AWS_STORAGE_BUCKET_NAME}.{host}"]
    return ["https://*.amazonaws.com"]


# The projects map's street tiles (district_site/projects, static/projects-map.js): the one
# outside origin a page may load from, and only images from it. Leaflet itself, its styles and
# the map script are served from our own static files, so script-src and style-src stay 'self'.
# https://operations.osmfoundation.org/policies/tiles/ asks for the attribution below.
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env(
    "MAP_TILE_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)


def _tile_origin():
    scheme, _, rest = MAP_TILE_URL.partition("://")
    return f"{scheme}://{rest.split('/')[0]}"


# The console's rich text editor (Trix, static/vendor/trix) puts its default styles in two
# <style> elements when it loads (an empty one first, then filled): these hashes allow exactly
# those texts, in style-src-elem only, so style attributes and any other inline style stay
# refused. A Trix upgrade that changes them fails tests/district_site/core/
# test_richtext_in_chromium.py, whose browser reports the violation with the new hash.
TRIX_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # the empty element
    "'sha256-jAP18ioNeNaQBBU5RJvT96kjJnVxHvZs+s8WUNiLnvA='",
    "'sha256-c5Z9aB2t69CSpeI1aC8dDLr7LZYZlynV8iY/8Uc9ZFk='",
]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-elem": [SELF, *TRIX_STYLE_HASHES],
        "img-src": [SELF, *_media_origins(), _tile_origin()],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
        "report-uri": "/csp-report",
        "report-to": "csp",
    },
}

# --- Reporting a vulnerability --------------------------------------------------------------
# Who /.well-known/security.txt names on every host (comma-separated mailto: or https: URIs).
SECURITY_CONTACTS = env.list("SECURITY_CONTACT", default=[f"mailto:security@{PLATFORM_DOMAIN}"])

# --- Logging --------------------------------------------------------------------------------
# Every line names the schema it was written in (django-tenants' TenantContextFilter).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant_context": {"()": "django_tenants.log.TenantContextFilter"}},
    "formatters": {
        "srok": {"format": "%(asctime)s %(levelname)s [%(schema_name)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["tenant_context"],
            "formatter": "srok",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        # WeasyPrint and fontTools log every step of every PDF drawn (the citizens' budget).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
