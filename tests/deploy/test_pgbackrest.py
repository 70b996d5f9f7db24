"""ansible/roles/pgbackrest and the postgresql role's archiving: point-in-time recovery and a
standby, with real parts.

A throwaway PostgreSQL cluster (the machine's PostgreSQL 15) gets the server settings the
postgresql role writes, including its archive_command; pgBackRest gets the configuration the
pgbackrest role writes, with two repositories: one on disk and one in S3 (moto's S3 server, behind
Caddy for TLS: pgBackRest speaks to S3 over HTTPS only, and moto's own HTTPS server ends
connections without the TLS close that pgBackRest's OpenSSL insists on). Rows are written, the
cluster is backed up with the command srok-pgbackrest@.service runs, more rows are written, and a
restore to the moment in between must hold exactly the rows of that moment, from either
repository. Then a standby restored from the repository streams from the primary and is promoted.
"""

import os
import shutil
import subprocess
import time

import boto3
import pytest
from botocore.config import Config

from . import pgcluster
from .conftest import free_port
from .roles import render
from .test_systemd import unit

PGBACKREST = shutil.which("pgbackrest")
CADDY = shutil.which("caddy")
pytestmark = [
    pytest.mark.skipif(
        not PGBACKREST,
        reason="pgbackrest is missing: apt-get install -y pgbackrest (tests/prepare_machine.sh)",
    ),
    pytest.mark.skipif(bool(pgcluster.unavailable()), reason=pgcluster.unavailable() or ""),
]

STANZA = "srok"
BUCKET = "srok-pitr"


@pytest.fixture(scope="module")
def scratch():
    root = pgcluster.scratch_directory("srok-pitr-")
    yield root
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def s3_over_tls(scratch):
    """moto's S3 server on loopback, reached through Caddy terminating TLS with its own CA.
    Yields the HTTPS port, or None when Caddy is missing (the S3 repository is then left out)."""
    if not CADDY:
        yield None
        return
    from moto.server import ThreadedMotoServer

    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    _, moto_port = moto.get_host_and_port()
    port = free_port()
    home = scratch / "caddy"
    home.mkdir()
    caddyfile = home / "Caddyfile"
    caddyfile.write_text(
        "{\n\tskip_install_trust\n\tadmin off\n\tauto_https disable_redirects\n"
        f"\tstorage file_system {home}/storage\n}}\n"
        f"https://127.0.0.1:{port} {{\n\ttls internal\n\treverse_proxy 127.0.0.1:{moto_port}\n}}\n"
    )
    caddy = subprocess.Popen(
        [CADDY, "run", "--adapter", "caddyfile", "--config", caddyfile],
        env=dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home), XDG_CONFIG_HOME=str(home)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    s3 = boto3.client(
        "s3",
        endpoint_url=f"https://127.0.0.1:{port}",
        verify=False,
        aws_access_key_id="pitr-key",
        aws_secret_access_key="pitr-secret",
        region_name="ap-southeast-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 10}),
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            s3.create_bucket(
                Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
            )
            break
        except Exception:
            if time.monotonic() > deadline or caddy.poll() is not None:
                raise
            time.sleep(0.2)
    yield port
    caddy.terminate()
    caddy.wait(timeout=30)
    moto.stop()


@pytest.fixture(scope="module")
def primary(scratch, s3_over_tls):
    """A primary with the roles' settings, archiving to both repositories, stanza created."""
    conf = scratch / "pgbackrest.conf"
    for folder in ("log", "spool", "repo"):  # what the role creates
        (scratch / folder).mkdir()
        if os.geteuid() == 0:
            shutil.chown(scratch / folder, pgcluster.OWNER, pgcluster.OWNER)
    s3 = {}
    if s3_over_tls:
        s3 = dict(
            pgbackrest_s3_bucket=BUCKET,
            pgbackrest_s3_endpoint="127.0.0.1",
            pgbackrest_s3_port=s3_over_tls,
            pgbackrest_s3_region="ap-southeast-1",
            pgbackrest_s3_verify_tls=False,
            pgbackrest_s3_key="pitr-key",
            pgbackrest_s3_key_secret="pitr-secret",
            pgbackrest_s3_cipher_pass="a passphrase kept in the vault",
        )
    cluster = pgcluster.Cluster(scratch, "primary", env={"PGBACKREST_CONFIG": str(conf)})
    conf.write_text(
        render(
            "pgbackrest",
            "pgbackrest.conf.j2",
            pgbackrest_log_path=str(scratch / "log"),
            pgbackrest_lock_path=str(scratch / "lock"),
            pgbackrest_spool_path=str(scratch / "spool"),
            pgbackrest_disk_repo_path=str(scratch / "repo"),
            pgbackrest_pg_path=str(cluster.data),
            pgbackrest_pg_port=cluster.port,
            pgbackrest_pg_socket_path=str(scratch),
            pgbackrest_process_max=1,
            **s3,
        )
    )
    if os.geteuid() == 0:
        shutil.chown(conf, pgcluster.OWNER, pgcluster.OWNER)
    # The postgresql role's settings, archive_command included; only where it listens and how
    # much memory it takes differ from a server's.
    settings = render(
        "postgresql",
        "srok.conf.j2",
        postgresql_listen_addresses=[],
        postgresql_port=cluster.port,
        postgresql_max_connections=20,
        postgresql_shared_buffers="16MB",
        postgresql_effective_cache_size="64MB",
    )
    assert "archive_command = 'pgbackrest --stanza=srok archive-push %p'" in settings
    cluster.initdb("\n" + settings)
    cluster.start()
    pgbackrest(cluster, "stanza-create")
    pgbackrest(cluster, "check")
    yield cluster
    cluster.stop()


def pgbackrest(cluster, *arguments, check=True):
    return pgcluster.run([PGBACKREST, f"--stanza={STANZA}", *arguments], cluster.env, check=check)


def repositories(primary):
    repos = [1]
    if "repo2-type=s3" in (primary.root / "pgbackrest.conf").read_text():
        repos.append(2)
    return repos


def unit_command(key, instance, cluster, **env):
    """srok-pgbackrest@<instance>.service's ``key`` command, run against ``cluster``."""
    command = unit("srok-pgbackrest@.service")["Service"][key][0].replace("%i", instance)
    argv = ["/bin/sh", "-c", command.split("'", 1)[1].rsplit("'", 1)[0]]
    environment = dict(
        cluster.env,
        PGHOST=str(cluster.root),
        PGPORT=str(cluster.port),
        PGUSER="postgres",
        SROK_PGBACKREST_STANZA=STANZA,
        **env,
    )
    return pgcluster.run(argv, environment, check=False)


def batches(cluster):
    return dict(cluster.query("SELECT batch, count(*) FROM ledger GROUP BY batch"))


@pytest.fixture(scope="module")
def history(primary):
    """Rows before the backup, rows after it up to a moment, rows after that moment; the backup
    made by the unit's own command into every repository; WAL up to the last rows archived."""
    primary.query("CREATE TABLE ledger (id serial PRIMARY KEY, batch text NOT NULL)")
    primary.query("INSERT INTO ledger (batch) SELECT 'before backup' FROM generate_series(1, 3)")
    repos = repositories(primary)
    backup = unit_command(
        "ExecStart", "full", primary, SROK_PGBACKREST_REPOS=" ".join(map(str, repos))
    )
    assert backup.returncode == 0, backup.stderr
    # pgBackRest picks the backup to start from by its stop time, kept to the second: a moment
    # in the same second as the backup's end would have none to start from.
    time.sleep(1.1)
    primary.query("INSERT INTO ledger (batch) SELECT 'after backup' FROM generate_series(1, 2)")
    # Taken after those rows committed and before the next ones: the moment to return to.
    [(moment,)] = primary.query("SELECT clock_timestamp()::text")
    primary.query("INSERT INTO ledger (batch) SELECT 'too late' FROM generate_series(1, 4)")
    # Switches WAL and waits until the segment holding the last rows is in every repository.
    pgbackrest(primary, "check")
    return {"moment": moment, "repos": repos}


def test_backup_unit_runs_only_on_a_primary(primary):
    """The unit's condition lets a primary through; a standby's case is in the standby test."""
    assert unit_command("ExecCondition", "full", primary).returncode == 0


def test_every_repository_holds_the_full_backup(primary, history):
    """pgbackrest info lists a full backup in each repository the role configured."""
    for repo in history["repos"]:
        info = pgbackrest(primary, f"--repo={repo}", "info").stdout
        assert "full backup:" in info, info


def test_the_s3_repository_is_in_use(s3_over_tls, history):
    """With Caddy present the S3 repository (encrypted) takes part, not only the disk one."""
    if not s3_over_tls:
        pytest.skip("caddy is not installed: S3 over TLS cannot be offered to pgBackRest here")
    assert history["repos"] == [1, 2]


@pytest.mark.parametrize("repo", [1, 2])
def test_restore_to_a_moment_holds_exactly_that_moments_rows(primary, history, repo):
    """Restored to the moment between two writes, the cluster has every row committed before
    it and none after, whichever repository it comes from."""
    if repo not in history["repos"]:
        pytest.skip("no S3 repository here (caddy missing)")
    restored = pgcluster.Cluster(primary.root, f"restored-{repo}", env=primary.env)
    pgbackrest(
        primary,
        f"--repo={repo}",
        f"--pg1-path={restored.data}",
        "--type=time",
        f"--target={history['moment']}",
        "--target-action=promote",
        "restore",
    )
    # Its own archive stays out of the primary's: a restored copy must not write into the
    # repositories the primary uses.
    restored.start("archive_mode=off")
    try:
        restored.wait_for("SELECT pg_is_in_recovery()", [(False,)])
        assert batches(restored) == {"before backup": 3, "after backup": 2}
        # The primary still has the rows written after the moment (and, if the standby test
        # ran first on this module's primary, its own "streamed" batch: the order of a file's
        # tests follows their last durations).
        written = {"before backup": 3, "after backup": 2, "too late": 4}
        assert written.items() <= batches(primary).items()
    finally:
        restored.stop()


def test_a_standby_streams_from_the_primary_and_can_be_promoted(primary, history):
    """A standby restored from the repository follows the primary's new rows by streaming,
    skips the backup unit while it is a standby, and once promoted takes writes and is backed up."""
    standby = pgcluster.Cluster(primary.root, "standby", env=primary.env)
    pgbackrest(
        primary,
        f"--pg1-path={standby.data}",
        "--type=standby",
        f"--recovery-option=primary_conninfo=host={primary.root} port={primary.port} "
        "user=postgres application_name=standby",
        "restore",
    )
    standby.start("archive_mode=off")
    try:
        standby.wait_for("SELECT pg_is_in_recovery()", [(True,)])
        primary.query("INSERT INTO ledger (batch) SELECT 'streamed' FROM generate_series(1, 5)")
        standby.wait_for("SELECT count(*) FROM ledger WHERE batch = 'streamed'", [(5,)])
        assert primary.query(
            "SELECT state FROM pg_stat_replication WHERE application_name = 'standby'"
        ) == [("streaming",)]
        assert unit_command("ExecCondition", "full", standby).returncode != 0

        standby.promote()
        standby.wait_for("SELECT pg_is_in_recovery()", [(False,)])
        standby.query("INSERT INTO ledger (batch) VALUES ('after promotion')")
        assert batches(standby)["after promotion"] == 1
        assert unit_command("ExecCondition", "full", standby).returncode == 0
    finally:
        standby.stop()
