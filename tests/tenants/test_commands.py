"""The contract's commands each explain themselves with --help and fail loudly on bad input:
a clear message and a non-zero exit status, as a shell script or a cron job would see them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ["import_gazetteer", "onboard_district", "backup_district", "restore_district"]


def _manage(*args):
    env = {**os.environ, "SROK_DEVELOPMENT": "1"}
    env.pop("DATABASE_URL", None)
    database = settings.DATABASES["default"]
    if database["HOST"] and not database["HOST"].startswith("/"):
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
        )
    else:
        env["SROK_DB_NAME"] = database["NAME"]
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself(command):
    result = _manage(command, "--help")

    assert result.returncode == 0
    assert "usage:" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import_gazetteer", "--source", "/nonexistent"], "provinces.yml is missing"),
        (
            [
                "onboard_district",
                "--code",
                "9999",
                "--domain",
                "x.gov.kh",
                "--officer-email",
                "a@b.org",
            ],
            "No district has the code 9999",
        ),
        (["backup_district", "9999"], "9999"),
        (["restore_district", "9999", "--backup", "latest"], "9999"),
    ],
    ids=COMMANDS,
)
def test_bad_input_exits_non_zero_with_a_message(args, message):
    result = _manage(*args)

    assert result.returncode != 0
    assert message in result.stderr
