"""Every direct dependency is pinned exactly, and the lock file installs those same versions."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(requirement):
    return re.split(r"[\[=<>!~ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_direct_dependency_is_pinned_to_the_locked_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    direct = project["dependencies"] + [
        r for group in project["optional-dependencies"].values() for r in group
    ]
    locked = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line:
            name, version = line.split("==")
            locked[_name(name)] = version

    for requirement in direct:
        assert "==" in requirement, f"{requirement} is not pinned exactly"
        version = requirement.split("==")[1]
        assert locked.get(_name(requirement)) == version, f"{requirement} differs from the lock"
