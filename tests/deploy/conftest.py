"""Paths and environments shared by the tests of deploy/ and ansible/.

These tests run the real tools (ansible-playbook, ansible-lint, gunicorn, caddy,
systemd-analyze) as subprocesses on the files an operator would use, not on copies made for the
tests, except where a path must point into this checkout instead of a server's /srv/srok.
"""

import os
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
ANSIBLE = ROOT / "ansible"
# The virtualenv running these tests: ansible-playbook, ansible-lint and gunicorn live beside it.
BIN = Path(sys.executable).parent
INVENTORIES = sorted(path.name for path in (ANSIBLE / "inventories").iterdir())
PLAYBOOKS = ["site.yml", "deploy.yml", "promote-standby.yml", "rollback.yml"]
DEV_VAULT_PASSWORD = ANSIBLE / "dev-vault-password"


@pytest.fixture(scope="session")
def ansible_env():
    """The environment for Ansible's tools: this virtualenv first on PATH, ansible/ansible.cfg."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["ANSIBLE_CONFIG"] = str(ANSIBLE / "ansible.cfg")
    env["ANSIBLE_NOCOLOR"] = "1"
    env["ANSIBLE_FORCE_COLOR"] = "0"
    env["NO_COLOR"] = "1"
    # As ansible.cfg has it for SSH in production: each task's module is piped to one Python
    # process instead of copied, made executable, run and removed by four commands. Measured
    # on a deploy of the release test: 69-86 s instead of 80-106 s on the loaded test machine.
    env["ANSIBLE_PIPELINING"] = "1"
    return env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
