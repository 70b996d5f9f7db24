"""Releases that roll back: a real (not check-mode) run of deploy.yml and rollback.yml on this
machine, into a scratch prefix instead of /srv/srok.

The code deployed is a small git repository made by the test, whose manage.py stands in for
Srok's (the playbooks run ``migrate_schemas``, ``refresh_template_schema``, ``collectstatic`` in
it) and whose third commit fails the migration gate. Everything else is the playbooks' own work:
git checkouts, one virtualenv per release, the ``current`` and ``previous`` links, pruning. The
tasks that talk to systemd are off (app_manage_services=false): this machine has none as PID 1.
"""

import json
import os
import shutil
import subprocess

import pytest

from .conftest import ANSIBLE, BIN

pytestmark = pytest.mark.skipif(
    not shutil.which("git") or not os.path.exists("/usr/bin/python3"),
    reason="needs git and /usr/bin/python3",
)

MANAGE = """import sys
# Stands in for Srok's manage.py in the deploy tests. GATE is 0 or 1.
GATE = {gate}
arguments = sys.argv[1:]
if arguments[:1] == ["collectstatic"]:
    print("0 static files copied")
if arguments[:1] == ["migrate_schemas"] and "--check" in arguments and GATE:
    print("district 0102 has unapplied migrations", file=sys.stderr)
    sys.exit(1)
"""


def git(repo, *arguments):
    return subprocess.run(
        ["git", "-c", "user.name=Srok tests", "-c", "user.email=tests@srok.invalid", *arguments],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def commit(repo, message, *, gate_fails=False):
    (repo / "manage.py").write_text(MANAGE.format(gate=int(gate_fails)))
    (repo / "VERSION").write_text(message + "\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def site(tmp_path):
    """A scratch repository with an empty requirements.lock, a scratch prefix, an inventory
    putting this machine in the web and worker groups."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "requirements.lock").write_text("")
    prefix = tmp_path / "srv"
    prefix.mkdir()
    (prefix / "srok.env").write_text("SROK_DEVELOPMENT=0\n")
    inventory = tmp_path / "hosts.yml"
    host = {
        "ansible_connection": "local",
        "ansible_python_interpreter": "/usr/bin/python3",
        # Root already, and this machine has no sudo.
        "ansible_become": False,
    }
    inventory.write_text(
        json.dumps(
            {
                "all": {
                    "children": {
                        "web": {"hosts": {"localhost": host}},
                        "worker": {"hosts": {"localhost": host}},
                    }
                }
            }
        )
    )
    variables = tmp_path / "vars.json"
    variables.write_text(
        json.dumps(
            {
                "app_git_repo": str(repo),
                "app_releases_dir": str(prefix / "releases"),
                "app_current_link": str(prefix / "current"),
                "app_previous_link": str(prefix / "previous"),
                "app_static_root": str(prefix / "static"),
                "app_env_file": str(prefix / "srok.env"),
                "app_keep_releases": 1,
                "app_manage_services": False,
                # Ansible sleeps a migration step's poll interval before its first check, and
                # the stand-in manage.py answers at once: 1 s instead of production's 15 s
                # saves some 3 minutes of sleeping over the test's four deploys.
                "app_migrate_poll": 1,
            }
        )
    )
    return {"repo": repo, "prefix": prefix, "inventory": inventory, "vars": variables}


def playbook(site, name, ansible_env, **extra):
    result = subprocess.run(
        [
            BIN / "ansible-playbook",
            "-i",
            site["inventory"],
            "-e",
            f"@{site['vars']}",
            *[argument for key, value in extra.items() for argument in ("-e", f"{key}={value}")],
            name,
        ],
        cwd=ANSIBLE,
        env=dict(ansible_env, ANSIBLE_PYTHON_INTERPRETER="/usr/bin/python3"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result.returncode, result.stdout + result.stderr


def served(site, link="current"):
    path = site["prefix"] / link
    return os.path.basename(os.readlink(path)) if path.is_symlink() else None


def test_releases_have_their_own_virtualenv_and_roll_back(site, ansible_env):
    """Two deploys leave two releases, each with its virtualenv; a third whose gate fails
    changes nothing that is served; rollback.yml returns to the first and, run again, to the
    second; pruning keeps what rollback needs.

    Slow (about 1-3 min): four real deploys (one stopped by its gate) into a scratch prefix, each
    building a virtualenv from the lock file, and two rollbacks; it is the only test of what a
    release really does.
    """
    first = commit(site["repo"], "first")
    status, output = playbook(site, "deploy.yml", ansible_env, app_version=first)
    assert status == 0, output
    assert served(site) == first
    assert (site["prefix"] / "releases" / first / ".venv" / "bin" / "python").exists()

    second = commit(site["repo"], "second")
    status, output = playbook(site, "deploy.yml", ansible_env, app_version=second)
    assert status == 0, output
    assert (served(site), served(site, "previous")) == (second, first)
    second_venv = site["prefix"] / "releases" / second / ".venv"
    before = sorted(path.name for path in (second_venv / "bin").iterdir())

    broken = commit(site["repo"], "broken", gate_fails=True)
    status, output = playbook(site, "deploy.yml", ansible_env, app_version=broken)
    assert status != 0, output
    assert "Check that no schema has unapplied migrations" in output
    # The failed release was installed beside the others, into its own virtualenv...
    assert (site["prefix"] / "releases" / broken / ".venv").exists()
    # ...and nothing served changed.
    assert (served(site), served(site, "previous")) == (second, first)
    assert sorted(path.name for path in (second_venv / "bin").iterdir()) == before

    status, output = playbook(site, "rollback.yml", ansible_env)
    assert status == 0, output
    assert (served(site), served(site, "previous")) == (first, second)
    status, output = playbook(site, "rollback.yml", ansible_env)
    assert status == 0, output
    assert (served(site), served(site, "previous")) == (second, first)

    # Pruning (app_keep_releases=1) at the next deploy keeps current and previous.
    third = commit(site["repo"], "third")
    status, output = playbook(site, "deploy.yml", ansible_env, app_version=third)
    assert status == 0, output
    kept = {path.name for path in (site["prefix"] / "releases").iterdir()}
    assert {third, second} <= kept
    assert first not in kept
