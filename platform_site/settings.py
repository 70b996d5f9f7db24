"""Srok settings: one module, every deploy-time value read from the environment.

Load order:
1. ``.env`` at the project root, if present (see ``.env.example`` for every variable), then the
   process environment, which wins; read through django-environ.
2. ``SROK_DEVELOPMENT=1`` (set by ``make run`` and ``make test``) allows a built-in secret key,
   prints e-mail to the console and makes ``127.0.0.1`` a platform host. Production leaves it unset
   and must give ``SECRET_KEY``.
3. Each real component has an embedded default (DESIGN.md, "Real components"):
   - ``DATABASE_URL`` unset: the embedded PostgreSQL (pgserver) under ``.data/pg``;
   - ``CELERY_BROKER_URL`` unset: tasks run in process (eager), logged at start;
   - ``AWS_STORAGE_BUCKET_NAME`` unset: media under ``.data/media/<schema>/``;
   - ``REDIS_URL`` unset: local-memory cache.
   The code after each choice is the same either way.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
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
# district's primary domain (DESIGN.md, "Tenancy").
ALLOWED_HOSTS = ["*"]

# --- Applications ---------------------------------------------------------------------------
# https://django-tenants.readthedocs.io/en/latest/install.html
# auth and sessions are in both lists: each district keeps its own officers and sessions, so a
# session cookie of one district means nothing on another's host.
SHARED_APPS = [
    "django_tenants",
    "tenants",
    "tenants.gazetteer",
    "platform_site",
    "platform_site.directory",
    "platform_site.console",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Provincial admins' second factor; their accounts live in the public schema only.
    "django_otp",
    "django_otp.plugins.otp_totp",
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
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
    # /healthz answers on every host, even one no district owns, so it runs before tenancy.
    "platform_site.health.HealthCheckMiddleware",
    "tenants.middleware.DistrictMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "district_site.manage.middleware.ConsoleLanguageMiddleware",
    "district_site.core.middleware.DistrictStatusMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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

# --- Database -------------------------------------------------------------------------------
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from platform_site.embedded_db import embedded_database

    DATABASES = {"default": embedded_database(DATA_DIR / "pg", env("SROK_DB_NAME", default="srok"))}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
# Persistent connections: connecting costs more than a page (DESIGN.md, measured 100 vs 346
# req/s), but a connection that has touched many schemas grows PostgreSQL's catalogue cache, so
# connections are recycled after CONN_MAX_AGE seconds (and gunicorn recycles its workers).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=300)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# "default" keys are prefixed with the current schema (django-tenants' make_key), so one
# district can never read another's cached fragment. "platform" holds platform-wide keys (the
# host -> district map), which must mean the same thing whichever schema is active.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    _cache_backend = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
    }
else:
    # Django's default of 300 entries is less than one page per district: with a few hundred
    # districts, every key culled another's and each citizen page was rendered afresh.
    _cache_backend = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
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
        **_cache_backend,
        "LOCATION": _cache_backend.get("LOCATION", "srok-platform"),
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

# --- Files ----------------------------------------------------------------------------------
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
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
        },
    }
else:
    _media_storage = {"BACKEND": "tenants.storage.SchemaFileSystemStorage"}
STORAGES = {
    "default": _media_storage,
    # Hashed names, compressed copies: static files can be cached for a year.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
# Largest PDF officers may upload (documents, forum minutes): a scanned plan of some pages.
SROK_PDF_MAX_BYTES = env.int("SROK_PDF_MAX_BYTES", default=20 * 1024 * 1024)

# --- Backups --------------------------------------------------------------------------------
# Each district's schema (pg_dump -Fc), its media files and a manifest, per district and night;
# the platform's public schema likewise (tenants/backups.py). Unset bucket: files under
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
# Where pg_dump, pg_restore and psql are; empty means pgserver's own (see tenants/backups.py).
BACKUP_PG_BIN_DIR = env("BACKUP_PG_BIN_DIR", default="")
if not (1 <= BACKUP_WINDOW_HOURS <= 24 and 0 <= BACKUP_WINDOW_START_HOUR <= 23):
    raise ImproperlyConfigured("BACKUP_WINDOW_HOURS must be 1-24, BACKUP_WINDOW_START_HOUR 0-23.")
if BACKUP_KEEP < 1:
    raise ImproperlyConfigured("BACKUP_KEEP must be at least 1.")

CELERY_BEAT_SCHEDULE = {
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
HTTPS = env.bool("HTTPS", default=False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # official domains are not all ours to pin
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# SESSION_COOKIE_DOMAIN stays unset: each district's cookies belong to its own host only.

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
    },
}
