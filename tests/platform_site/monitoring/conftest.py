"""Real receivers for alerts, started by the tests: an SMTP server (aiosmtpd) and an HTTP server
for the webhook, both on loopback; and real Celery processes that a test may stop."""

import json
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def smtp_server(settings):
    """An SMTP server on loopback, and Django's SMTP backend pointed at it. Yields the list of
    messages it received (envelope recipients and the message text)."""
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(
                {"to": list(envelope.rcpt_tos), "text": envelope.content.decode("utf-8", "replace")}
            )
            return "250 OK"

    port = free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    yield received
    controller.stop()


@pytest.fixture
def webhook(settings):
    """An HTTP server on loopback taking the alert webhook's posts; yields the JSON bodies."""
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers["Content-Length"])
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SROK_ALERT_WEBHOOK_URL = f"http://127.0.0.1:{server.server_address[1]}/hooks/srok"
    yield received
    server.shutdown()
    server.server_close()


@pytest.fixture
def fresh_alerts(settings):
    """Alerts already sent by earlier tests do not silence this test's."""
    from django.core.cache import caches

    caches["platform"].clear()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def celery_environment(**extra):
    """The environment of a Celery process started by a test: this run's database and broker."""
    database = settings.DATABASES["default"]
    url = (
        f"postgres://{database['USER']}:{database.get('PASSWORD') or ''}@{database['HOST']}:"
        f"{database.get('PORT') or 5432}/{database['NAME']}"
    )
    return dict(os.environ, DATABASE_URL=url, SROK_DEVELOPMENT="1", **extra)


class CeleryProcess:
    """A real ``celery`` process (worker or beat) that the test can stop like systemd would."""

    def __init__(self, *arguments, env):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "--app", "platform_site", *arguments],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def wait_until(predicate, timeout=60, interval=0.3):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(interval)
