"""The database host's alerts (deploy/srok-dbcheck, deploy/srok-host-notify, the postgresql
role's units and drop-ins): each problem the check looks for is made real on a throwaway
PostgreSQL cluster of the machine's binaries (archiving failing, a standby that stops replaying
or loses its primary, a full disk, the server down), and the notifier of a host without the
application reaches a real webhook and a real SMTP server."""

import json
import os
import shutil
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from . import pgcluster
from .conftest import DEPLOY, ROOT, free_port
from .roles import render

pytestmark = pytest.mark.skipif(bool(pgcluster.unavailable()), reason=pgcluster.unavailable() or "")

CHECK = DEPLOY / "srok-dbcheck"
NOTIFY = DEPLOY / "srok-host-notify"


@pytest.fixture(scope="module")
def scratch():
    root = pgcluster.scratch_directory("srok-test-dbcheck-")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def primary(scratch):
    cluster = pgcluster.Cluster(scratch, "primary")
    cluster.initdb("\nwal_level = replica\narchive_mode = on\narchive_command = '/bin/true'\n")
    cluster.start()
    yield cluster
    cluster.stop()


def check(cluster, **limits):
    """srok-dbcheck run as the unit runs it (as postgres), against ``cluster``: (exit code,
    output)."""
    env = {
        "PATH": f"{pgcluster.PG_BIN}:{os.environ['PATH']}",
        "PGHOST": str(cluster.root),
        "PGPORT": str(cluster.port),
        "PGUSER": "postgres",
        "SROK_DB_DISK_PATHS": str(cluster.data),
        **{key: str(value) for key, value in limits.items()},
    }
    result = pgcluster.run([CHECK], env=env, check=False, timeout=60)
    return result.returncode, result.stdout + result.stderr


def test_a_healthy_primary_passes(primary):
    assert check(primary) == (0, "database host healthy\n")


def test_failing_wal_archiving_is_a_problem_until_it_archives_again(primary):
    primary.query("ALTER SYSTEM SET archive_command = '/bin/false'")
    primary.query("SELECT pg_reload_conf()")
    primary.query("CREATE TABLE written AS SELECT 1 AS one")
    primary.query("SELECT pg_switch_wal()")
    primary.wait_for("SELECT failed_count > 0 FROM pg_stat_archiver", [(True,)], timeout=60)

    code, output = check(primary)
    assert code == 1
    assert "PROBLEM: WAL archiving is failing (last failed segment 0000" in output

    primary.query("ALTER SYSTEM SET archive_command = '/bin/true'")
    primary.query("SELECT pg_reload_conf()")
    primary.wait_for(
        "SELECT last_archived_time > last_failed_time FROM pg_stat_archiver", [(True,)]
    )
    assert check(primary)[0] == 0


def test_a_disk_over_the_limit_is_a_problem(primary):
    code, output = check(primary, SROK_DISK_ALERT_PERCENT=0)
    assert code == 1
    assert f"PROBLEM: the disk of {primary.data} is " in output and "(limit 0 %)" in output


def test_a_standby_that_stops_replaying_or_loses_its_primary_is_a_problem(primary, scratch):
    standby = pgcluster.Cluster(scratch, "standby")
    pgcluster.run(
        [
            pgcluster.PG_BIN / "pg_basebackup", "-h", scratch, "-p", primary.port,
            "-U", "postgres", "-D", standby.data, "-R", "-X", "stream",
        ]
    )  # fmt: skip
    standby.start("archive_mode=off")
    try:
        standby.wait_for("SELECT count(*) FROM pg_stat_wal_receiver", [(1,)])
        assert check(standby) == (0, "database host healthy\n")
        assert check(primary, SROK_DB_EXPECT_STANDBY=1) == (0, "database host healthy\n")

        primary.query("CREATE TABLE replayed AS SELECT 1 AS one")
        standby.wait_for("SELECT count(*) FROM pg_tables WHERE tablename = 'replayed'", [(1,)])
        # Replay paused: what the primary writes is received, not applied, and falls behind.
        standby.query("SELECT pg_wal_replay_pause()")
        primary.query("CREATE TABLE behind AS SELECT 1 AS one")
        standby.wait_for("SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()", [(True,)])
        time.sleep(2.5)
        code, output = check(standby, SROK_DB_MAX_REPLAY_DELAY_SECONDS=1)
        assert code == 1
        assert "PROBLEM: the standby's replay is " in output and "(limit 1 s)" in output
        assert check(standby)[0] == 0  # within the default five minutes
        standby.query("SELECT pg_wal_replay_resume()")

        primary.stop()
        code, output = check(standby)
        assert code == 1
        assert "PROBLEM: the standby is not streaming from the primary" in output
        code, output = check(primary, SROK_DB_EXPECT_STANDBY=1)
        assert code == 1 and "PROBLEM: PostgreSQL does not answer" in output
    finally:
        standby.stop()
        if not (primary.data / "postmaster.pid").exists():
            primary.start()
    code, output = check(primary, SROK_DB_EXPECT_STANDBY=1)
    assert code == 1 and "PROBLEM: no standby is streaming from this primary" in output


class _Webhook(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook():
    _Webhook.received = []
    server = HTTPServer(("127.0.0.1", 0), _Webhook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", _Webhook.received
    server.shutdown()
    server.server_close()


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    class Keep:
        messages = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
            self.messages.append(envelope)
            return "250 OK"

    handler = Keep()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield f"smtp://127.0.0.1:{controller.port}", handler.messages
    controller.stop()


def test_a_host_without_the_application_tells_by_mail_and_webhook_once_an_hour(
    webhook, smtp, tmp_path
):
    hook_url, posts = webhook
    smtp_url, mails = smtp
    env = {
        "PATH": os.environ["PATH"],
        "STATE_DIRECTORY": str(tmp_path),
        "SROK_ALERT_WEBHOOK_URL": hook_url,
        "SROK_ALERT_SMTP_URL": smtp_url,
        "SROK_ALERT_EMAILS": "tech@example.org,admin@example.org",
        "SROK_ALERT_FROM": "srok@db1.example.org",
    }

    def notify():
        return subprocess.run(
            [NOTIFY, "srok-dbcheck.service"], env=env, capture_output=True, text=True, timeout=60
        )

    first, second = notify(), notify()

    assert first.returncode == 0, first.stderr
    (post,) = posts
    assert post["alert"] == "srok-dbcheck.service"
    assert post["subject"].startswith("[Srok] srok-dbcheck.service failed on ")
    assert post["text"].startswith(post["subject"])
    (mail,) = mails
    assert mail.rcpt_tos == ["tech@example.org", "admin@example.org"]
    assert b"Subject: [Srok] srok-dbcheck.service failed on " in mail.content
    assert "already told" in second.stdout  # the same failure, within the hour


def test_nobody_to_tell_fails_the_notifier_loudly(tmp_path):
    result = subprocess.run(
        [NOTIFY, "srok-dbcheck.service"],
        env={"PATH": os.environ["PATH"], "STATE_DIRECTORY": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "could not tell anyone" in result.stderr


def test_the_role_sends_failures_to_the_notifier_the_host_has():
    """Where the application runs, srok-notify@ (every provincial admin); elsewhere
    srok-host-notify@; the check's limits and the units it installs are the deploy/ files."""
    alone = render("postgresql", "alerts-dropin.conf.j2", groups={"database": ["localhost"]})
    with_app = render("postgresql", "alerts-dropin.conf.j2", groups={"web": ["localhost"]})
    assert alone.splitlines()[-2:] == ["OnFailure=", "OnFailure=srok-host-notify@%n.service"]
    assert with_app.splitlines()[-1] == "OnFailure=srok-notify@%n.service"
    primary_with_standby = render(
        "postgresql", "dbcheck.env.j2", groups={"database_standby": ["db2"]}
    )
    assert "SROK_DB_EXPECT_STANDBY=1" in primary_with_standby
    standby = render(
        "postgresql", "dbcheck.env.j2", groups={"database_standby": ["db2"]},
        postgresql_standby=True,
    )  # fmt: skip
    assert "SROK_DB_EXPECT_STANDBY=0" in standby
    tasks = (ROOT / "ansible" / "roles" / "postgresql" / "tasks" / "alerts.yml").read_text()
    for name in ["srok-dbcheck", "srok-host-notify", "srok-dbcheck.timer"]:
        assert name in tasks and (DEPLOY / name).exists() or (DEPLOY / "systemd" / name).exists()
