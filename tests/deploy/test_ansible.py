"""ansible/: the playbooks parse with both inventories, the tree passes ansible-lint's production
profile, and the app role really runs against this machine in check mode."""

import shutil
import subprocess

import pytest
import yaml

from .conftest import ANSIBLE, BIN, DEV_VAULT_PASSWORD, INVENTORIES, PLAYBOOKS, ROOT


def run(args, env, timeout=120):
    return subprocess.run(
        args, cwd=ANSIBLE, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_both_example_inventories_exist():
    """One inventory for a single host and one for many, each with the groups the plays use."""
    assert {"many-hosts", "one-host"} <= set(INVENTORIES)
    for name in INVENTORIES:
        hosts = yaml.safe_load((ANSIBLE / "inventories" / name / "hosts.yml").read_text())
        groups = set(hosts["all"]["children"])
        assert {"web", "worker", "database", "cache", "proxy"} <= groups, name


@pytest.mark.parametrize("inventory", INVENTORIES)
@pytest.mark.parametrize("playbook", PLAYBOOKS)
def test_playbook_passes_syntax_check_with_inventory(playbook, inventory, ansible_env):
    """ansible-playbook --syntax-check accepts the playbook with the inventory and its vault."""
    result = run(
        [
            BIN / "ansible-playbook",
            "--syntax-check",
            "-i",
            f"inventories/{inventory}/hosts.yml",
            "--vault-password-file",
            DEV_VAULT_PASSWORD,
            playbook,
        ],
        ansible_env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[WARNING]" not in result.stderr, result.stderr


def test_ansible_tree_has_no_lint_violations_in_the_production_profile(ansible_env):
    """ansible-lint, production profile (set in ansible/.ansible-lint), finds nothing at all.

    Slow (about 10-50 s): ansible-lint loads every role and playbook and its rule set.
    """
    result = run(
        [BIN / "ansible-lint", "--profile", "production", "--offline", "--nocolor"], ansible_env
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "0 failure(s), 0 warning(s)" in output, output
    assert "Profile 'production' was required, and it passed" in output, output


def test_example_secrets_are_vault_encrypted_and_open_with_the_dev_password(ansible_env):
    """Every value in the example vault files is !vault-encrypted; the dev password opens them."""
    for name in INVENTORIES:
        path = ANSIBLE / "inventories" / name / "group_vars" / "all" / "vault.yml"
        text = path.read_text()
        names = [line.split(":")[0] for line in text.splitlines() if line.startswith("vault_")]
        assert names, path
        assert text.count("!vault |") == len(names), f"{path}: a value is not encrypted"
        result = run(
            [
                BIN / "ansible",
                "-i",
                f"inventories/{name}/hosts.yml",
                "--vault-password-file",
                DEV_VAULT_PASSWORD,
                "-m",
                "ansible.builtin.debug",
                "-a",
                "var=vault_app_secret_key",
                "-e",
                "ansible_python_interpreter=/usr/bin/python3",
                "-c",
                "local",
                "all[0]",
            ],
            ansible_env,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "dev-only-secret-key" in result.stdout


def _check_mode_skip_reason():
    if not shutil.which("git"):
        return "git is not installed"
    probe = subprocess.run(["/usr/bin/python3", "-c", "import apt"], capture_output=True)
    if probe.returncode != 0:
        return "/usr/bin/python3 lacks python3-apt, which the apt module needs in check mode"
    return None


def test_app_role_and_deploy_run_against_this_machine_in_check_mode(ansible_env, tmp_path):
    """The app role, then deploy.yml, run locally with --check --diff and the one-host
    inventory's settings, and succeed.

    Check mode changes nothing here. This machine has no systemd as PID 1, so the tasks that talk
    to systemd are turned off (app_manage_services=false); the code comes from this checkout.

    Slow (about 20-90 s): Ansible runs every task of the role and the playbook for real, over
    SSH-less local connections; nothing shorter checks the deploy as written.
    """
    reason = _check_mode_skip_reason()
    if reason:
        pytest.skip(reason)
    playbook = tmp_path / "app.yml"
    playbook.write_text("- name: Apply the app role\n  hosts: all\n  roles:\n    - app\n")
    env = dict(ansible_env, ANSIBLE_ROLES_PATH=str(ANSIBLE / "roles"))
    result = run(
        [
            BIN / "ansible-playbook",
            "-i",
            "inventories/one-host/hosts.yml",
            "--vault-password-file",
            DEV_VAULT_PASSWORD,
            "-c",
            "local",
            "--check",
            "--diff",
            "-e",
            "ansible_python_interpreter=/usr/bin/python3",
            "-e",
            f"app_git_repo={ROOT}",
            "-e",
            "app_version=HEAD",
            "-e",
            "app_manage_services=false",
            playbook,
            "deploy.yml",
        ],
        env,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    # One recap per playbook, each with no failure.
    assert output.count("failed=0") == 2, output
    # The units installed are deploy/'s own files, shown in the diff.
    assert "ExecReload=/bin/kill -s HUP $MAINPID" in output
    assert "--max-tasks-per-child ${CELERY_WORKER_MAX_TASKS_PER_CHILD}" in output
    # deploy.yml went through every step.
    for step in [
        "Migrate the database",
        "Switch web hosts to the release, one at a time",
        "Switch workers and beat to the release",
        "Remove old releases",
    ]:
        assert f"PLAY [{step}]" in output, step
    # The environment file's diff is withheld: no secret reaches the output.
    assert "dev-only-secret-key" not in output
    assert "devonlydatabasepassword" not in output
