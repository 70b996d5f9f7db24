"""deploy/Caddyfile: Caddy accepts it, and its routes do what the comments say.

The routing test runs Caddy itself on loopback, with the configuration Caddy adapts from the
Caddyfile; only the listening addresses change, and TLS is off, since no certificate can be had
here. Behind it, a small HTTP server stands in for gunicorn and reports what reached it.
"""

import http.client
import json
import os
import shutil
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from .conftest import DEPLOY, free_port

CADDY = shutil.which("caddy") or "/usr/bin/caddy"
pytestmark = pytest.mark.skipif(
    not os.path.exists(CADDY),
    reason="caddy is not installed: apt-get install -y caddy (tests/prepare_machine.sh does)",
)

PLATFORM = "srok.test"
DISTRICT = "ouchruv.gov.kh"


def caddy_env(home, **variables):
    """Caddy's variables, and a home of its own so it stores nothing outside the test."""
    return dict(
        os.environ,
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        **variables,
    )


def test_caddyfile_validates(tmp_path):
    """caddy validate --adapter caddyfile accepts deploy/Caddyfile with its variables set."""
    env = caddy_env(
        tmp_path,
        PLATFORM_DOMAIN="srok.example.gov.kh",
        SROK_UPSTREAMS="10.0.0.11:8000 10.0.0.12:8000",
        SROK_STATIC_ROOT="/srv/srok/static",
        SROK_ACME_EMAIL="ops@example.gov.kh",
    )
    result = subprocess.run(
        [CADDY, "validate", "--adapter", "caddyfile", "--config", DEPLOY / "Caddyfile"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Valid configuration" in result.stdout + result.stderr


def test_caddyfile_is_formatted_as_caddy_fmt_writes_it():
    """caddy fmt changes nothing, so Caddy logs no formatting warning at each start."""
    result = subprocess.run(
        [CADDY, "fmt", DEPLOY / "Caddyfile"], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (DEPLOY / "Caddyfile").read_text()


def test_caddyfile_asks_srok_before_ordering_a_certificate_on_demand(tmp_path):
    """The catch-all site gets certificates on demand; the ask goes to the loopback site."""
    config = adapted_config(tmp_path, upstream="127.0.0.1:8000", static_root="/srv/srok/static")
    tls = config["apps"]["tls"]["automation"]
    assert tls["on_demand"]["ask"] == "http://127.0.0.1:8019/tls/ask"
    on_demand = [policy for policy in tls["policies"] if policy.get("on_demand")]
    assert len(on_demand) == 1 and "subjects" not in on_demand[0]
    servers = config["apps"]["http"]["servers"].values()
    ask_site = next(server for server in servers if server["listen"] == ["127.0.0.1:8019"])
    assert ask_site["automatic_https"]["skip"] == ["127.0.0.1"]


class Upstream(BaseHTTPRequestHandler):
    """Stands in for gunicorn: answers 200 with the path and Host header it received."""

    seen = []

    def do_GET(self):
        self.seen.append({"path": self.path, "host": self.headers["Host"]})
        body = json.dumps({"path": self.path, "host": self.headers["Host"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve_upstream(port):
    server = ThreadingHTTPServer(("127.0.0.1", port), Upstream)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def caddy_server(tmp_path_factory):
    """One Caddy for this module's routing tests, in front of the stand-in upstream."""
    tmp_path = tmp_path_factory.mktemp("caddy")
    upstreams = [serve_upstream(0)]
    upstream_port = upstreams[0].server_port

    def stop_upstream():
        upstreams[-1].shutdown()
        upstreams[-1].server_close()

    def start_upstream():
        upstreams.append(serve_upstream(upstream_port))

    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "site.3f2a1b.css").write_text("body{color:#111}")

    config = adapted_config(tmp_path, upstream=f"127.0.0.1:{upstream_port}", static_root=static)
    public_port, ask_port = free_port(), free_port()
    for server in config["apps"]["http"]["servers"].values():
        if server["listen"] == ["127.0.0.1:8019"]:
            server["listen"] = [f"127.0.0.1:{ask_port}"]
        else:
            server["listen"] = [f"127.0.0.1:{public_port}"]
        server["automatic_https"] = {"disable": True}
        server.pop("tls_connection_policies", None)
    del config["apps"]["tls"]
    config["admin"] = {"disabled": True}
    config_file = tmp_path / "caddy.json"
    config_file.write_text(json.dumps(config))

    log = open(tmp_path / "caddy.log", "w")
    caddy = subprocess.Popen(
        [CADDY, "run", "--config", config_file],
        env=caddy_env(tmp_path),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(public_port, caddy, tmp_path / "caddy.log")
        wait_for_port(ask_port, caddy, tmp_path / "caddy.log")
        yield {
            "public": public_port,
            "ask": ask_port,
            "seen": Upstream.seen,
            "stop_upstream": stop_upstream,
            "start_upstream": start_upstream,
        }
    finally:
        caddy.kill()
        caddy.wait(timeout=20)
        log.close()
        stop_upstream()


@pytest.fixture
def running_caddy(caddy_server):
    """The module's Caddy, with a fresh record of what reached the upstream."""
    caddy_server["seen"].clear()
    return caddy_server


def test_public_requests_for_the_ask_endpoint_never_reach_django(running_caddy):
    """/tls/ask answers 404 on the platform's host and on districts' hosts, from Caddy itself."""
    for host in (PLATFORM, DISTRICT):
        status, _headers, _body = get(running_caddy["public"], "/tls/ask?domain=x.gov.kh", host)
        assert status == 404
    assert running_caddy["seen"] == []


def test_caddy_asks_with_the_platform_host_header(running_caddy):
    """Caddy's own ask (to the loopback site) reaches Django on the platform's host."""
    status, _headers, body = get(running_caddy["ask"], f"/tls/ask?domain={DISTRICT}", "127.0.0.1")
    assert status == 200
    assert json.loads(body) == {"path": f"/tls/ask?domain={DISTRICT}", "host": PLATFORM}
    status, _headers, _body = get(running_caddy["ask"], "/console/", "127.0.0.1")
    assert status == 404
    assert len(running_caddy["seen"]) == 1


def test_static_files_are_served_from_disk_with_a_years_cache(running_caddy):
    """A file in STATIC_ROOT comes from disk, cacheable for a year, without touching Django."""
    status, headers, body = get(running_caddy["public"], "/static/css/site.3f2a1b.css", DISTRICT)
    assert status == 200
    assert body == b"body{color:#111}"
    assert headers["cache-control"] == "public, max-age=31536000, immutable"
    assert running_caddy["seen"] == []


def test_static_files_missing_on_this_host_come_from_django(running_caddy):
    """A file not on disk (a proxy without a release) is asked of Django at its full path."""
    status, headers, body = get(running_caddy["public"], "/static/css/new.9c8d7e.css", DISTRICT)
    assert status == 200
    assert json.loads(body)["path"] == "/static/css/new.9c8d7e.css"
    assert "immutable" not in headers.get("cache-control", "")


def test_media_healthz_and_pages_go_to_django_with_the_visitors_host(running_caddy):
    """Everything else is proxied with the Host header unchanged: it chooses the district."""
    for path, host in [
        ("/media/news/photo.jpg", DISTRICT),
        ("/healthz", DISTRICT),
        ("/en/", DISTRICT),
        ("/console/", PLATFORM),
    ]:
        status, _headers, body = get(running_caddy["public"], path, host)
        assert status == 200, path
        assert json.loads(body) == {"path": path, "host": host}


def test_a_request_waits_for_a_restarting_gunicorn_instead_of_failing(running_caddy):
    """With gunicorn down for a moment (a restart), the request is retried until it is back."""
    running_caddy["stop_upstream"]()
    answers = []
    request = threading.Thread(
        target=lambda: answers.append(get(running_caddy["public"], "/en/", DISTRICT))
    )
    request.start()
    time.sleep(1)
    assert answers == []
    running_caddy["start_upstream"]()
    request.join(timeout=15)
    status, _headers, body = answers[0]
    assert status == 200
    assert json.loads(body)["path"] == "/en/"


def adapted_config(home, upstream, static_root):
    result = subprocess.run(
        [CADDY, "adapt", "--adapter", "caddyfile", "--config", DEPLOY / "Caddyfile"],
        env=caddy_env(
            home,
            PLATFORM_DOMAIN=PLATFORM,
            SROK_UPSTREAMS=upstream,
            SROK_STATIC_ROOT=str(static_root),
            SROK_ACME_EMAIL="ops@srok.test",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def get(port, path, host):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        return response.status, headers, response.read()
    finally:
        connection.close()


def wait_for_port(port, process, log_path, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.connect()
            connection.close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"caddy did not listen on {port}:\n{log_path.read_text()}")
