"""deploy/systemd/: the units pass systemd-analyze verify and say what the deploy relies on."""

import re
import shutil
import subprocess

import pytest

from .conftest import BIN, DEPLOY, ROOT

UNITS = DEPLOY / "systemd"
# What systemd-analyze verifies: templates through an instance, as systemctl would start them.
VERIFIED = [
    "srok-web.service",
    "srok-worker@1.service",
    "srok-beat.service",
    "srok-healthcheck.service",
    "srok-healthcheck.timer",
    "srok-backup@0102.service",
    "srok-database-dump.service",
    "srok-database-dump.timer",
    "srok-pgbackrest@full.service",
    "srok-pgbackrest-full.timer",
    "srok-pgbackrest-diff.timer",
    "srok-notify@srok-web.service.service",
    "srok-certcheck.service",
    "srok-certcheck.timer",
    "srok-dbcheck.service",
    "srok-dbcheck.timer",
    "srok-host-notify@srok-dbcheck.service.service",
]
# Services an operator's `systemd-analyze security` must find at most this exposed.
HARDENED = ["srok-web.service", "srok-worker@.service", "srok-beat.service"]
EXPOSURE_LIMIT = 4.0


def unit(name):
    """A unit file as {section: {key: [values]}}: keys such as EnvironmentFile may repeat, and a
    line ending in a backslash continues on the next, as systemd reads them."""
    sections, section, pending = {}, None, ""
    for raw in (UNITS / name).read_text().splitlines():
        line = pending + raw.strip()
        pending = ""
        if line.endswith("\\"):
            pending = line[:-1] + " "
            continue
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        section.setdefault(key.strip(), []).append(" ".join(value.split()))
    return sections


def test_every_unit_file_is_verified():
    """Nothing in deploy/systemd/ (drop-ins in subfolders aside) escapes systemd-analyze."""
    files = {path.name for path in UNITS.iterdir() if path.is_file()}
    templates = {
        name.split("@")[0] + "@." + name.rsplit(".", 1)[1] for name in VERIFIED if "@" in name
    }
    assert files == {name for name in VERIFIED if "@" not in name} | templates


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed")
def test_units_pass_systemd_analyze_verify(tmp_path):
    """systemd-analyze verify finds no error and no warning in any unit.

    The units name the server's layout (/srv/srok/current and its .venv), which this machine
    has not; verify checks that each command exists, so those two paths are pointed at this
    checkout and its virtualenv in a copy, and the scripts the roles install in /usr/local/bin
    at their sources in deploy/. Nothing else changes.
    """
    for path in UNITS.iterdir():
        if path.is_file():
            text = path.read_text()
            text = text.replace("/srv/srok/current/.venv/bin", str(BIN))
            text = text.replace("/srv/srok/current", str(ROOT))
            text = text.replace("/usr/local/bin/srok-", f"{DEPLOY}/srok-")
            (tmp_path / path.name).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", *(f"./{name}" for name in VERIFIED)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr


def test_services_run_as_srok_with_the_environment_file():
    """Web, workers, beat and on-demand backups read srok.env and run as the srok user."""
    for name in ["srok-web.service", "srok-worker@.service", "srok-beat.service"]:
        service = unit(name)
        assert service["Service"].get("User", []) == ["srok"], name
        assert "/etc/srok/srok.env" in service["Service"].get("EnvironmentFile", []), name
        assert "-/etc/srok/backups.env" in service["Service"].get("EnvironmentFile", []), name
        assert service["Service"].get("Restart", []) == ["on-failure"], name
        assert service["Install"].get("WantedBy", []) == ["multi-user.target"], name
    backup = unit("srok-backup@.service")
    assert "/etc/srok/srok.env" in backup["Service"].get("EnvironmentFile", [])
    assert "backup_district %i" in backup["Service"]["ExecStart"][0]


def test_web_reloads_gracefully_on_hup():
    """`systemctl reload srok-web` sends HUP to gunicorn's master only."""
    web = unit("srok-web.service")
    assert web["Service"].get("ExecReload", []) == ["/bin/kill -s HUP $MAINPID"]
    assert web["Service"].get("KillMode", []) == ["mixed"]
    assert web["Service"].get("Type", []) == ["notify"]
    assert "deploy/gunicorn.conf.py" in web["Service"]["ExecStart"][0]


def test_workers_are_recycled_and_beat_keeps_its_schedule_in_the_state_directory():
    """Workers pass --max-tasks-per-child; beat writes its schedule where it may write."""
    worker = unit("srok-worker@.service")["Service"]["ExecStart"][0]
    assert "--max-tasks-per-child ${CELERY_WORKER_MAX_TASKS_PER_CHILD}" in worker
    beat = unit("srok-beat.service")
    assert "--schedule /var/lib/srok/" in beat["Service"]["ExecStart"][0]
    assert beat["Service"].get("StateDirectory", []) == ["srok"]


def test_health_check_runs_every_minute_against_healthz():
    """The timer fires every minute; the service fails when /healthz/platform is not 200."""
    timer = unit("srok-healthcheck.timer")
    assert timer["Timer"].get("OnUnitActiveSec", []) == ["1min"]
    check = unit("srok-healthcheck.service")
    assert "--fail-with-body" in check["Service"]["ExecStart"][0]
    environment = check["Service"]["Environment"]
    assert "SROK_HEALTHCHECK_URL=http://127.0.0.1:8000/healthz/platform" in environment


def test_only_the_backup_units_load_the_backup_keys():
    """The web process (facing the Internet) and beat never get the backup bucket's keys; the
    workers (which run the nightly backups) and srok-backup@ do. The keys file is root's alone."""
    keys = "-/etc/srok/backup-keys.env"
    for name in ["srok-web.service", "srok-beat.service"]:
        assert keys not in unit(name)["Service"].get("EnvironmentFile", []), name
    for name in ["srok-worker@.service", "srok-backup@.service"]:
        assert keys in unit(name)["Service"].get("EnvironmentFile", []), name
    tasks = (ROOT / "ansible" / "roles" / "backups" / "tasks" / "districts.yml").read_text()
    block = tasks.split("dest: /etc/srok/backup-keys.env", 1)[1].split("- name:", 1)[0]
    assert "owner: root" in block and "group: root" in block and 'mode: "0600"' in block
    for name in ["backups.env.example", "srok.env.example"]:
        assert "SECRET_ACCESS_KEY=" not in (DEPLOY / name).read_text().replace(
            "AWS_SECRET_ACCESS_KEY=", ""
        ), name


def test_every_failure_of_a_srok_unit_tells_someone():
    """Each service whose failure matters starts srok-notify@ for itself."""
    for name in [
        "srok-web.service",
        "srok-worker@.service",
        "srok-beat.service",
        "srok-healthcheck.service",
        "srok-backup@.service",
        "srok-database-dump.service",
        "srok-pgbackrest@.service",
        "srok-certcheck.service",
    ]:
        assert unit(name)["Unit"].get("OnFailure") == ["srok-notify@%n.service"], name
    notify = unit("srok-notify@.service")["Service"]
    assert "notify_failure %i" in notify["ExecStart"][0]


def exposure(name, directory):
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=yes", "--no-pager", f"./{name}"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", result.stdout)
    assert found, result.stdout + result.stderr
    return float(found.group(1))


def _offline_security_available():
    if not shutil.which("systemd-analyze"):
        return False
    probe = subprocess.run(
        ["systemd-analyze", "security", "--help"], capture_output=True, text=True, timeout=30
    )
    return "--offline" in probe.stdout


@pytest.mark.parametrize("name", HARDENED)
def test_services_are_hardened(name, tmp_path):
    """`systemd-analyze security --offline=yes` rates web, workers and beat at most 4.0 ("OK")
    where it can run; elsewhere the directives that score are checked one by one."""
    if _offline_security_available():
        target = name.replace("@.", "@1.")
        (tmp_path / target).write_text((UNITS / name).read_text())
        assert exposure(target, tmp_path) <= EXPOSURE_LIMIT
        return
    service = unit(name)["Service"]
    assert service.get("CapabilityBoundingSet") == [""]
    assert "@system-service" in service.get("SystemCallFilter", [])
    assert service.get("RestrictAddressFamilies") == ["AF_UNIX AF_INET AF_INET6"]
    for key in ["MemoryMax", "LimitNOFILE", "ProtectProc", "RestrictNamespaces", "UMask"]:
        assert service.get(key), key
