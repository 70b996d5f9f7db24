"""deploy/systemd/: the units pass systemd-analyze verify and say what the deploy relies on."""

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
]


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

    The units name the server's layout (/srv/srok/venv, /srv/srok/current), which this machine
    has not; verify checks that each command exists, so those two paths are pointed at this
    checkout and its virtualenv in a copy. Nothing else changes.
    """
    for path in UNITS.iterdir():
        if path.is_file():
            text = path.read_text()
            text = text.replace("/srv/srok/venv/bin", str(BIN))
            text = text.replace("/srv/srok/current", str(ROOT))
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
    """The deploy's `systemctl reload srok-web` sends HUP to gunicorn's master only."""
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
    """The timer fires every minute; the service fails when /healthz is not 200."""
    timer = unit("srok-healthcheck.timer")
    assert timer["Timer"].get("OnUnitActiveSec", []) == ["1min"]
    check = unit("srok-healthcheck.service")
    assert "--fail-with-body" in check["Service"]["ExecStart"][0]
    environment = check["Service"]["Environment"]
    assert "SROK_HEALTHCHECK_URL=http://127.0.0.1:8000/healthz" in environment
