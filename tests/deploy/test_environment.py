"""The environment files agree: with .env.example, with the Ansible templates that write them on
servers, with what the settings and deploy/ read, and with the layout the units name."""

import re

import yaml

from .conftest import ANSIBLE, DEPLOY, ROOT

ROLES = ANSIBLE / "roles"


def names(path):
    """Variable names assigned in an env file or in a template of one."""
    pattern = re.compile(r"^([A-Z][A-Z0-9_]*)=", re.MULTILINE)
    return set(pattern.findall(path.read_text()))


def read_by_settings():
    text = (ROOT / "platform_site" / "settings.py").read_text()
    return set(re.findall(r"""env(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""", text))


def read_by_deploy():
    texts = [(DEPLOY / "gunicorn.conf.py").read_text()]
    texts += [path.read_text() for path in (DEPLOY / "systemd").rglob("*") if path.is_file()]
    return set(re.findall(r"""["'{]([A-Z][A-Z0-9_]*)["'}]""", "\n".join(texts)))


def test_production_env_files_cover_every_variable_of_env_example():
    """Each variable .env.example documents has a production line in deploy/'s env examples."""
    documented = names(ROOT / ".env.example")
    production = (
        names(DEPLOY / "srok.env.example")
        | names(DEPLOY / "backups.env.example")
        | names(DEPLOY / "backup-keys.env.example")
    )
    assert documented - production == set()


def test_production_env_files_set_only_variables_that_something_reads():
    """A variable in deploy/'s env examples is read by the settings or by deploy/ itself."""
    production = (
        names(DEPLOY / "srok.env.example")
        | names(DEPLOY / "backups.env.example")
        | names(DEPLOY / "backup-keys.env.example")
    )
    assert production - read_by_settings() - read_by_deploy() == set()


def test_ansible_templates_write_the_variables_of_the_examples():
    """The env files Ansible writes on servers hold exactly the variables of deploy/'s examples."""
    pairs = [
        (ROLES / "app" / "templates" / "srok.env.j2", DEPLOY / "srok.env.example"),
        (ROLES / "backups" / "templates" / "backups.env.j2", DEPLOY / "backups.env.example"),
        (
            ROLES / "backups" / "templates" / "backup-keys.env.j2",
            DEPLOY / "backup-keys.env.example",
        ),
    ]
    for template, example in pairs:
        assert names(template) == names(example), template.name


def test_caddy_variables_agree_across_caddyfile_example_and_role():
    """The Caddyfile's {$VARIABLES}, caddy.env.example and the caddy role name the same set."""
    lines = (DEPLOY / "Caddyfile").read_text().splitlines()
    code = "\n".join(line for line in lines if not line.lstrip().startswith("#"))
    in_caddyfile = set(re.findall(r"\{\$([A-Z][A-Z0-9_]*)", code))
    role_vars = yaml.safe_load((ROLES / "caddy" / "vars" / "main.yml").read_text())
    assert in_caddyfile == names(DEPLOY / "caddy.env.example")
    assert in_caddyfile == set(role_vars["caddy_environment"])


def test_app_role_layout_is_the_one_deploy_files_name():
    """The paths the app role creates are those the units and srok-manage use."""
    layout = yaml.safe_load((ROLES / "app" / "vars" / "main.yml").read_text())
    deploy_text = (DEPLOY / "srok-manage").read_text() + "".join(
        path.read_text() for path in (DEPLOY / "systemd").glob("srok-*")
    )
    for key in ["app_current_link", "app_current_venv", "app_env_file", "app_state_dir"]:
        assert layout[key] in deploy_text, key
    assert f"User={layout['app_user']}" in deploy_text
    assert set(layout["app_units"]) <= {path.name for path in (DEPLOY / "systemd").iterdir()}
    caddy_env = (DEPLOY / "caddy.env.example").read_text()
    assert f"SROK_STATIC_ROOT={layout['app_static_root']}" in caddy_env


def test_every_role_variable_is_documented_in_its_defaults():
    """Each <role>_* variable a role's tasks, handlers or templates use is set in its defaults
    or vars, where a comment says what it is for."""
    for role in sorted(path for path in ROLES.iterdir() if path.is_dir()):
        defined = set()
        for name in ["defaults", "vars"]:
            path = role / name / "main.yml"
            if path.exists():
                defined |= set(yaml.safe_load(path.read_text()) or {})
        used = set()
        for path in role.rglob("*"):
            if path.is_file() and path.parent.name in ("tasks", "handlers", "templates"):
                used |= set(re.findall(rf"\b({role.name}_[a-z0-9_]+)", path.read_text()))
        registered = set()
        for path in (role / "tasks").glob("*.yml"):
            for task in _tasks(yaml.safe_load(path.read_text()) or []):
                registered.add(task.get("register"))
                registered |= set(task.get("ansible.builtin.set_fact", {}))
        assert used - defined - registered == set(), role.name


def _tasks(tasks):
    """Every task of a task file, those inside blocks included."""
    for task in tasks:
        yield task
        for key in ("block", "rescue", "always"):
            yield from _tasks(task.get(key, []))
