"""SENTRY_DSN set: an error reaches the Sentry (or GlitchTip) server it names. The server is an
HTTP server on loopback that takes Sentry's envelopes; the application runs in its own process,
since the SDK is set up when the settings load."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

# Runs in the child process, with the project's settings (which set the SDK up from SENTRY_DSN);
# the SDK's Django and Celery integrations report unhandled errors the same way.
SCRIPT = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platform_site.settings")
django.setup()
import sentry_sdk
try:
    raise RuntimeError("srok sentry test")
except RuntimeError:
    sentry_sdk.capture_exception()
sentry_sdk.flush(timeout=10)
"""


@pytest.fixture
def sentry_server():
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            # The SDK compresses with Brotli when it is installed (WeasyPrint brings it), else gzip.
            encoding = self.headers.get("Content-Encoding")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "br":
                import brotli

                body = brotli.decompress(body)
            received.append(body.decode("utf-8", "replace"))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], received
    server.shutdown()
    server.server_close()


def run_app(**env):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=dict(os.environ, SROK_DEVELOPMENT="1", **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_errors_reach_sentry_when_a_dsn_is_set(sentry_server):
    port, received = sentry_server
    run_app(SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/1")
    events = [
        json.loads(line)
        for body in received
        for line in body.splitlines()
        if line.startswith("{") and "exception" in line
    ]
    assert any(
        value["value"] == "srok sentry test"
        for event in events
        for value in event["exception"]["values"]
    ), received
