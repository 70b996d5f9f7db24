"""Render an Ansible role's template the way the role would, with the role's own defaults.

Tests that run real programs (PostgreSQL, pgBackRest) on configuration the roles write use this,
so what they exercise is the production configuration with only paths and ports changed. The
roles' templates use plain Jinja (no Ansible-only filters), which keeps this possible.
"""

import jinja2
import yaml

from .conftest import ANSIBLE

ROLES = ANSIBLE / "roles"


def role_variables(role, **overrides):
    """The role's defaults with ``overrides`` applied, every ``{{ ... }}`` in them resolved."""
    variables = yaml.safe_load((ROLES / role / "defaults" / "main.yml").read_text()) or {}
    variables.update(
        ansible_managed="Ansible managed",
        group_names=[],
        groups={},
        role_path=str(ROLES / role),
        inventory_hostname="localhost",
    )
    variables.update(overrides)
    environment = _environment()

    def resolve(value):
        if isinstance(value, str) and "{{" in value:
            rendered = environment.from_string(value).render(variables)
            return yaml.safe_load(rendered) if rendered.startswith("[") else rendered
        if isinstance(value, list):
            return [resolve(item) for item in value]
        if isinstance(value, dict):
            return {key: resolve(item) for key, item in value.items()}
        return value

    for _ in range(5):  # defaults may refer to defaults that refer to others
        for name, value in variables.items():
            if name not in overrides:
                variables[name] = resolve(value)
    return variables


def render(role, template, **overrides):
    """The text ``ansible.builtin.template`` would write from the role's ``template``."""
    source = (ROLES / role / "templates" / template).read_text()
    return _environment().from_string(source).render(role_variables(role, **overrides))


def _environment():
    # Ansible's template module trims the newline after a block tag and keeps the final newline.
    environment = jinja2.Environment(
        undefined=jinja2.StrictUndefined, trim_blocks=True, keep_trailing_newline=True
    )
    environment.filters["bool"] = lambda value: str(value).lower() in ("1", "true", "yes", "on")
    return environment
