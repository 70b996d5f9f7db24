"""Shared fixtures: a real database for the run, districts made by the real actions, and the real
services (Celery worker on Redis, S3 over HTTP, Chromium) started once per run when asked for.

Database: each run gets a fresh database ``<name>_test_<pid>`` on the configured server (the
embedded one, or DATABASE_URL's), migrated as production is, and drops it at the end; runs side
by side never share a database, a task queue or a media folder. Tests write real, committed
rows, as the tenant middleware, a live server thread and a Celery worker all need to see them;
each test makes the districts it changes, with unique gazetteer codes, so tests never depend on
one another.
"""

import functools
import itertools
import json
import os
import re
import socket
import subprocess
import sys
import threading

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from psycopg2 import sql

from platform_site import demo
from tenants import actions, gazetteer
from tests.browser import csp
from tests.browser.csp import pytest_runtest_call, pytest_runtest_setup  # noqa: F401 (hooks)

PASSWORD = "correct-horse-battery-staple"


def _maintenance_connection(settings_dict):
    conn = psycopg2.connect(
        dbname="postgres",
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
    )
    conn.autocommit = True
    return conn


def _drop_database(cur, name):
    cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _recreate_database(settings_dict, prefix, name):
    """Create ``name``, first dropping what earlier runs that died left behind."""
    conn = _maintenance_connection(settings_dict)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [f"{prefix}%"])
            for (stale,) in cur.fetchall():
                pid = stale.rsplit("_", 1)[-1]
                if not pid.isdigit() or not _process_alive(int(pid)):
                    _drop_database(cur, stale)
            _drop_database(cur, name)
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def _process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture(scope="session")
def django_db_setup(django_db_blocker, tmp_path_factory):
    from platform_site.celery import app

    settings_dict = settings.DATABASES["default"]
    original = dict(settings_dict)
    prefix = f"{settings_dict['NAME']}_test_"
    name = f"{prefix}{os.getpid()}"
    for conn in connections.all():
        conn.close()
    _recreate_database(settings_dict, prefix, name)
    settings_dict["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
    _fast_password_hashing()
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.BACKUP_DIR = tmp_path_factory.mktemp("backups")
    _isolate_platform_cache(tmp_path_factory)
    app.conf.task_default_queue = f"srok-test-{os.getpid()}"
    # Open for the whole run, not per test: every test works on real, committed rows, and the
    # run's Celery worker thread must reach the database between tests too (it failed with
    # "Database access not allowed" when a task arrived while pytest-django blocked access).
    with django_db_blocker.unblock():
        call_command("migrate_schemas", verbosity=0, interactive=False)
        call_command("import_gazetteer", verbosity=0)
        yield name
    for conn in connections.all():
        conn.close()
    _drop_database_in_the_background(original, name)


def _fast_password_hashing():
    """New passwords are hashed with a fast hasher in this process, as Django's testing docs
    advise: PBKDF2's million rounds cost about half a second a login, and the suite logs in and
    makes officers hundreds of times. Hashes made by production code stay verifiable, since
    every production hasher stays in the list; no test checks the algorithm."""
    from django.contrib.auth import hashers

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()


def _drop_database_in_the_background(settings_dict, name):
    """Drop the run's database in a process of its own that outlives the run: dropping a
    database of a few hundred schemas takes PostgreSQL a minute of unlinking files, and nothing
    waits on it (a later run drops whatever a dead run left, see ``_recreate_database``)."""
    arguments = {key: settings_dict[key] for key in ("USER", "PASSWORD", "HOST", "PORT")}
    subprocess.run(
        [sys.executable, "-c", _DROP_SCRIPT, json.dumps(arguments), name],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )


# The script forks and its parent returns at once, so the run waits only for that.
_DROP_SCRIPT = """
import json, os, sys, psycopg2
if os.fork():
    sys.exit(0)
settings, name = json.loads(sys.argv[1]), sys.argv[2]
conn = psycopg2.connect(dbname="postgres", user=settings["USER"],
                        password=settings["PASSWORD"] or None, host=settings["HOST"] or None,
                        port=settings["PORT"] or None)
conn.autocommit = True
conn.cursor().execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name.replace('"', ''))
"""


def _isolate_platform_cache(tmp_path_factory):
    """Development's host map lives in files shared by every process: a run keeps its own, as it
    keeps its own database, so runs side by side never read each other's districts."""
    platform = settings.CACHES["platform"]
    if platform["BACKEND"].endswith("FileBasedCache"):
        location = str(tmp_path_factory.mktemp("cache"))
        override_settings(
            CACHES={**settings.CACHES, "platform": {**platform, "LOCATION": location}}
        ).enable()


@pytest.fixture(autouse=True)
def _database(django_db_setup):
    start_clean()


def start_clean():
    """What each test starts from (and a module's fixture, made before its first test's)."""
    # A request leaves the connection in its district's schema; each test starts public.
    connections["default"].set_schema_to_public()
    # Every test client comes from 127.0.0.1: each test starts with no request counted against
    # the rate limits (tenants.ratelimit).
    with connections["default"].cursor() as cursor:
        cursor.execute("DELETE FROM public.tenants_ratecounter")


# Cambodia has about 200 districts and the suite creates several times that many. Beyond the
# real codes, test districts come from provinces 90 to 98 (not in the gazetteer): each such
# district has a real one's communes and villages under its own codes, and a name of its own;
# it is made when its code is first drawn.
TEST_PROVINCES = [str(number) for number in range(90, 99)]
TEST_CODES = r"^9[0-8]"


def _test_codes():
    return [f"{province}{number:02d}" for province in TEST_PROVINCES for number in range(1, 100)]


def _add_test_district(code):
    from tenants.gazetteer.models import AdministrativeUnit as Unit

    Unit.objects.get_or_create(
        code=code[:2],
        defaults={
            "level": Unit.Level.PROVINCE,
            "name_km": f"ខេត្តសាកល្បង {code[:2]}",
            "name_latin": f"Test Province {code[:2]}",
            "type_km": "ខេត្ត",
            "type_en": "Province",
        },
    )
    real = list(
        Unit.objects.filter(level=Unit.Level.DISTRICT, code__in=_placed_district_codes())
        .exclude(code__regex=TEST_CODES)
        .order_by("code")
    )
    source = real[int(code) % len(real)]
    # Its own name: a search for the real district's name must not find the copy too.
    units = [_copy_unit(source, code, name=(f"ស្រុកសាកល្បង {code}", f"Test District {code}"))]
    for commune in source.children.prefetch_related("children"):
        commune_code = code + commune.code[len(source.code) :]
        units.append(_copy_unit(commune, commune_code))
        for village in commune.children.all():
            units.append(_copy_unit(village, commune_code + village.code[len(commune.code) :]))
    Unit.objects.bulk_create(units)


def _copy_unit(source, code, name=None):
    from tenants.gazetteer.models import AdministrativeUnit as Unit

    return Unit(
        code=code,
        level=source.level,
        parent_id=code[: {8: 6, 6: 4, 4: 2}[len(code)]],
        name_km=name[0] if name else source.name_km,
        name_latin=name[1] if name else source.name_latin,
        type_km=source.type_km,
        type_en=source.type_en,
        latitude=source.latitude,
        longitude=source.longitude,
    )


# Demo districts keep their codes for test_demo; every other test district takes the next code,
# the real ones first.
_real_codes = sorted(set(gazetteer.districts()) - {code for code, _slug in demo.DISTRICTS})
# A few real codes are kept for tests that edit the shipped gazetteer (make_real_district).
_reserved_real_codes = iter(_real_codes[-5:])
_codes = iter([*_real_codes[:-5], *_test_codes()])


def _next_code():
    """The next unused code, its gazetteer entry made first if it is a test province's (call
    with database access).

    Codes of the few real districts whose communes have no coordinates in the gazetteer are
    passed over: the demo places projects at commune centres, and tests that read a map must
    not pass or fail by which code a worker happens to draw."""
    placed = _placed_district_codes()
    with _codes_lock:
        code = next(_codes)
        while not re.match(TEST_CODES, code) and code not in placed:
            code = next(_codes)
    if re.match(TEST_CODES, code):
        _add_test_district(code)
    return code


@functools.cache
def _placed_district_codes():
    """Codes of the real districts with at least one commune placed on the map."""
    from tenants.gazetteer.models import AdministrativeUnit as Unit

    communes = Unit.objects.filter(level=Unit.Level.COMMUNE, latitude__isnull=False)
    return frozenset(communes.values_list("parent_id", flat=True))


_codes_lock = threading.Lock()


@pytest.fixture(scope="session")
def make_district(django_db_setup, django_db_blocker):
    """Create a district through the real action, with the next unused gazetteer code."""

    def make(slug=None):
        with django_db_blocker.unblock():
            code = _next_code()
            slug = slug or f"t{code}"
            return actions.create_district(code=code, slug=slug, domains=[f"{slug}.localhost"])

    return make


@pytest.fixture(scope="session")
def make_real_district(django_db_setup, django_db_blocker):
    """A district with a code of the shipped gazetteer, for a test that edits the snapshot
    (most tests get test-province codes once the suite has used the real ones)."""

    def make():
        with _codes_lock:
            code = next(_reserved_real_codes)
        with django_db_blocker.unblock():
            return actions.create_district(
                code=code, slug=f"t{code}", domains=[f"t{code}.localhost"]
            )

    return make


@pytest.fixture(scope="session")
def unused_district_code(django_db_setup, django_db_blocker):
    """The next gazetteer code no test district has, for a test that creates one another way."""

    def take():
        with django_db_blocker.unblock():
            return _next_code()

    return take


@pytest.fixture(scope="session")
def district_a(make_district):
    return make_district()


@pytest.fixture(scope="session")
def district_b(make_district):
    return make_district()


@pytest.fixture
def host_client():
    """A test client whose requests carry ``host`` and so go through the tenant middleware."""

    def client(host):
        return ClosingClient(HTTP_HOST=host)

    return client


class ClosingClient(Client):
    """A test client that reads a streamed answer (a file, a download) whole and closes it, as
    a WSGI server does once it has sent it; Django's client leaves the file open otherwise.
    ``streaming_content`` still yields the same bytes."""

    def request(self, **request):
        response = super().request(**request)
        if response.streaming:
            content = b"".join(response.streaming_content)
            response.close()
            response.streaming_content = [content]
        return response


_emails = itertools.count()


@pytest.fixture
def make_officer():
    def make(district, role="editor"):
        email = f"officer{next(_emails)}@{district.slug}.example"
        actions.add_officer(district, email=email, role=role, password=PASSWORD)
        return email

    return make


_admins = itertools.count()


def current_code(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


@pytest.fixture
def provincial_admin():
    email = f"admin{next(_admins)}@province.example"
    user = actions.create_provincial_admin(email=email, password=PASSWORD)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return {"email": email, "user": user, "device": device}


# --- real services, started once per run -----------------------------------------------------


@pytest.fixture(scope="session")
def _celery_worker(django_db_setup):
    """A real Celery worker (in a thread of this process), started once per run and consuming
    from Redis only while a test that asked for ``celery_worker`` runs (see there)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.skip("no broker configured: run `make test` on a machine with Redis (see README)")
    import redis
    from celery.contrib.testing.worker import start_worker

    from platform_site.celery import app

    with start_worker(app, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10) as w:
        _consume(app, w, False)
        yield app, w
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(app.conf.task_default_queue)


def _consume(app, worker, consuming):
    """Start or stop the worker consuming the run's queue, through Celery's remote control, so
    the change happens in the worker's own thread between two tasks. Asks until it answers: a
    task still running (one a test queued and did not wait for) delays the answer."""
    queue = app.conf.task_default_queue
    command = app.control.add_consumer if consuming else app.control.cancel_consumer
    for _attempt in range(60):
        if command(queue, destination=[worker.hostname], reply=True, timeout=1):
            return
    raise RuntimeError(f"the test worker did not {'start' if consuming else 'stop'} consuming")


@pytest.fixture
def celery_worker(_celery_worker):
    """The run's real worker, consuming for this test only, its queue emptied first. Tests
    without a worker leave their work queued (snapshot refreshes, open data rebuilds): a test
    must not wait behind it, and no other test's task may run beside this one (it would race
    with it and cost the run CPU for work nobody reads)."""
    import redis

    app, worker = _celery_worker
    redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(app.conf.task_default_queue)
    _consume(app, worker, True)
    yield app
    _consume(app, worker, False)


# Tasks that send e-mail; the outbox fixture waits for those queued during the test.
MAIL_TASKS = (
    "tenants.invitations.deliver_invitation",
    "district_site.manage.tasks.send_password_reset",
    "district_site.manage.tasks.tell_author",
    "district_site.feedback.tasks.tell_citizen_answered",
)


@pytest.fixture
def mailoutbox(mailoutbox, request):
    """pytest-django's outbox, once the worker has sent the e-mails queued so far: invitations
    and password resets are sent by the run's real worker (through the outbox), not in the
    request. Reading it (``len``, ``[0]``, iterating, comparing) first waits until every mail
    task queued since the test began has run, then reads what was sent."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        yield mailoutbox
        return
    request.getfixturevalue("celery_worker")
    delivered = _Delivered(mailoutbox)
    yield delivered
    delivered.close()


class _Delivered:
    """A list of sent e-mails that waits for the worker before it is read."""

    def __init__(self, sent, timeout=30):
        from celery.signals import task_postrun

        from tenants.models import OutboxMessage

        self._sent, self._timeout = sent, timeout
        self._since = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first()
        self._ran = 0
        self._lock = threading.Lock()
        # The worker runs in a thread of this process and announces each task it finished.
        self._uid = f"mail-{id(self)}"
        task_postrun.connect(self._finished, weak=False, dispatch_uid=self._uid)

    def close(self):
        from celery.signals import task_postrun

        task_postrun.disconnect(dispatch_uid=self._uid)

    def _finished(self, sender=None, **kwargs):
        if sender is not None and sender.name in MAIL_TASKS:
            with self._lock:
                self._ran += 1

    def _wait(self):
        import time

        from tenants.models import OutboxMessage

        queued = OutboxMessage.objects.filter(task__in=MAIL_TASKS, pk__gt=self._since or 0)
        deadline = time.monotonic() + self._timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self._ran >= queued.count():
                    break
            time.sleep(0.05)
        return self._sent

    def __len__(self):
        return len(self._wait())

    def __iter__(self):
        return iter(list(self._wait()))

    def __getitem__(self, index):
        return self._wait()[index]

    def __eq__(self, other):
        return list(self._wait()) == other

    def __bool__(self):
        return bool(self._wait())

    __hash__ = None


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 API served over HTTP on loopback, with an empty bucket."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="srok-test",
        aws_secret_access_key="srok-test",
    )
    client.create_bucket(Bucket="srok-media")
    yield {"endpoint": endpoint, "bucket": "srok-media", "client": client}
    server.stop()


@pytest.fixture
def s3_media(settings, s3_server):
    """Make the default storage the production S3 one, pointed at the moto server."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "tenants.storage.SchemaS3Storage",
            "OPTIONS": {
                "bucket_name": s3_server["bucket"],
                "endpoint_url": s3_server["endpoint"],
                "region_name": "us-east-1",
                "access_key": "srok-test",
                "secret_key": "srok-test",
                "addressing_style": "path",
                "file_overwrite": False,
            },
        },
    }
    return s3_server


@pytest.fixture(scope="session")
def live_port(django_db_setup):
    """The whole stack served over HTTP on a free loopback port, as a browser reaches it."""
    from django.test.testcases import LiveServerThread

    # Django's live server wraps the app in handlers that serve /static/ and /media/ from disk
    # directly; unwrap them, so static files come through WhiteNoise and media through the
    # district-aware view, as in production.
    def bare_application(media_handler):
        return media_handler.application

    thread = LiveServerThread("127.0.0.1", bare_application, port=_free_port())
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield thread.port
    thread.terminate()


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CHROMIUM = os.environ.get("SROK_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed: sudo apt-get install -y chromium fonts-khmeros")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls that tests make
    # beside it are still synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield csp.watch_every_context(browser)
        browser.close()


@pytest.fixture
def phone(browser):
    """A page on a small phone's screen."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    yield page
    context.close()
