"""deploy/gunicorn.conf.py: it loads the application, takes its values from the environment, and
a server started with it reloads and recycles workers without dropping a request."""

import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request

from .conftest import BIN, DEPLOY, ROOT, free_port

CONFIG = DEPLOY / "gunicorn.conf.py"


def gunicorn_env(**extra):
    env = dict(os.environ, SROK_DEVELOPMENT="1")
    env.pop("RUNTIME_DIRECTORY", None)
    env.update(extra)
    return env


def print_config(config, **extra):
    result = subprocess.run(
        [BIN / "gunicorn", "--print-config", "-c", config],
        env=gunicorn_env(**extra),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dict(
        (name.strip(), value.strip())
        for name, _, value in (line.partition("=") for line in result.stdout.splitlines())
    )


def test_gunicorn_config_loads_the_application():
    """gunicorn --check-config with the config and platform_site.wsgi:application succeeds."""
    result = subprocess.run(
        [BIN / "gunicorn", "--check-config", "-c", CONFIG, "platform_site.wsgi:application"],
        cwd=ROOT,
        env=gunicorn_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_check_config_fails_for_an_application_that_does_not_exist():
    """The check above can fail: a wrong application path is reported."""
    result = subprocess.run(
        [BIN / "gunicorn", "--check-config", "-c", CONFIG, "platform_site.wsgi:missing"],
        cwd=ROOT,
        env=gunicorn_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0


def test_gunicorn_settings_come_from_the_environment():
    """GUNICORN_* variables set bind, processes, recycling and timeouts."""
    config = print_config(
        CONFIG,
        GUNICORN_BIND="10.0.0.11:8000",
        GUNICORN_WORKERS="3",
        GUNICORN_THREADS="2",
        GUNICORN_MAX_REQUESTS="1500",
        GUNICORN_MAX_REQUESTS_JITTER="150",
        GUNICORN_GRACEFUL_TIMEOUT="20",
    )
    assert config["bind"] == "['10.0.0.11:8000']"
    assert config["workers"] == "3"
    assert config["threads"] == "2"
    assert config["worker_class"] == "gthread"
    assert config["max_requests"] == "1500"
    assert config["max_requests_jitter"] == "150"
    assert config["graceful_timeout"] == "20"
    assert config["preload_app"] == "False"
    assert "%({host}i)s" in config["access_log_format"]


def test_gunicorn_works_in_the_release_that_the_current_link_points_at(tmp_path):
    """Read through a `current` symlink, the config changes into the release the link names.

    This is what makes `systemctl reload srok-web` (HUP) start workers on a new release: gunicorn
    reads the config again through /srv/srok/current, which by then points elsewhere.
    """
    current = tmp_path / "current"
    current.symlink_to(ROOT, target_is_directory=True)
    config = print_config(current / "deploy" / "gunicorn.conf.py")
    assert config["chdir"] == str(ROOT)


def test_gunicorn_reloads_and_recycles_workers_without_dropping_a_request(tmp_path):
    """A real server on loopback answers every request while it reloads (HUP) and while it
    replaces workers after max_requests; TERM then stops it cleanly."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = gunicorn_env(
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="2",
        GUNICORN_MAX_REQUESTS="15",
        GUNICORN_MAX_REQUESTS_JITTER="5",
    )
    with open(log, "w") as out:
        server = subprocess.Popen(
            [BIN / "gunicorn", "-c", CONFIG], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        _wait_until_serving(url, server, log)
        failures, answered = [], []
        stop = threading.Event()

        def ask_repeatedly():
            while not stop.is_set():
                try:
                    with urllib.request.urlopen(url, timeout=15) as response:
                        answered.append(response.status)
                except urllib.error.HTTPError as exc:
                    failures.append(f"HTTP {exc.code}")
                except OSError as exc:
                    failures.append(repr(exc))

        clients = [threading.Thread(target=ask_repeatedly) for _ in range(3)]
        for client in clients:
            client.start()
        time.sleep(1)
        server.send_signal(signal.SIGHUP)
        # Until a worker has been replaced after max_requests: a few seconds on a quiet machine,
        # longer on a loaded one, where each request is slower.
        deadline = time.monotonic() + 90
        while "autorestarting worker" not in log.read_text().lower():
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        stop.set()
        for client in clients:
            client.join(timeout=30)

        text = log.read_text()
        assert failures == [], failures
        assert len(answered) > 10, (len(answered), text)
        assert "handling signal: hup" in text.lower(), text
        assert "autorestarting worker" in text.lower(), text
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=40) == 0, log.read_text()


def _wait_until_serving(url, server, log, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                assert response.status == 200
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"gunicorn did not answer {url}:\n{log.read_text()}")


def _ask(port):
    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=15).read()


def test_metrics_add_up_across_gunicorns_processes(tmp_path):
    """With PROMETHEUS_MULTIPROC_DIR, as srok-web.service sets it, /metrics counts the requests of
    every worker process whichever process answers the scrape; files left by a previous run are
    removed at start, so nothing is counted twice."""
    port = free_port()
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "counter_99999.db").write_bytes(b"left by a previous run")
    log = tmp_path / "gunicorn.log"
    env = gunicorn_env(
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="2",
        GUNICORN_THREADS="1",
        PROMETHEUS_MULTIPROC_DIR=str(folder),
    )
    with open(log, "w") as out:
        server = subprocess.Popen(
            [BIN / "gunicorn", "-c", CONFIG], env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_serving(f"http://127.0.0.1:{port}/healthz", server, log)
        assert not (folder / "counter_99999.db").exists()

        def answered():
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=15) as r:
                text = r.read().decode()
            [line] = [
                line
                for line in text.splitlines()
                if line.startswith("srok_http_requests_total{") and 'status="200"' in line
            ]
            return float(line.rsplit(" ", 1)[1])

        before = answered()
        # Requests two at a time, until both workers have answered some (which one the kernel
        # hands a connection to is its choice: on a loaded machine one may take twenty in a row).
        sent = 0
        deadline = time.monotonic() + 90
        while sent < 20 or len(list(folder.glob("counter_*.db"))) < 2:
            assert time.monotonic() < deadline, log.read_text()
            pair = [threading.Thread(target=_ask, args=(port,)) for _ in range(2)]
            for thread in pair:
                thread.start()
            for thread in pair:
                thread.join()
            sent += 2
        # The same sum whichever process answers the scrape.
        counts = {answered() - before for _ in range(6)}
        assert counts == {float(sent)}, (counts, sent, log.read_text())
        assert len({path.name for path in folder.glob("counter_*.db")}) == 2
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=40) == 0, log.read_text()
