"""The locked dependencies have no known vulnerability (pip-audit) and the project's code has no
finding of bandit's, except the reviewed exceptions of tests/security_allowlist.py.

pip-audit asks a vulnerability service about every package of requirements.lock exactly as
locked (no resolution, no pip): PyPI's JSON API first, OSV's if PyPI answers for none. When no
service answers for any package (a machine without access to them), the test is skipped and
says so; when a service answers for some packages but not others, the others are unaudited and
the test fails, naming them.

Bandit reads the three layers, deploy/ (gunicorn's configuration), the benchmarks and
manage.py (not the tests, whose asserts and fixed passwords are the point), at every severity
and confidence, ignoring ``# nosec``.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.security_allowlist import BANDIT_ALLOWED, PIP_AUDIT_ALLOWED

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BANDIT_TARGETS = ["district_site", "platform_site", "tenants", "deploy", "bench", "manage.py"]
AUDIT_TIMEOUT_SECONDS = 600


def pip_audit(service):
    """pip-audit's JSON report on requirements.lock from ``service``, or the reason there is
    none."""
    command = [str(BIN / "pip-audit"), "--requirement", str(ROOT / "requirements.lock")]
    command += ["--no-deps", "--disable-pip", "--progress-spinner", "off", "--format", "json"]
    command += ["--vulnerability-service", service, "--timeout", "30"]
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=AUDIT_TIMEOUT_SECONDS, cwd=ROOT
    )
    try:
        return json.loads(result.stdout), None
    except ValueError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        return None, f"{service}: {last[:300]}"


def audit_problems(report, allowed):
    """(vulnerabilities not allowed, packages no service audited) of a pip-audit report."""
    vulnerable, unaudited = [], []
    for dependency in report["dependencies"]:
        if "skip_reason" in dependency:
            unaudited.append(f"{dependency['name']} {dependency.get('version', '')}".strip())
            continue
        for vulnerability in dependency.get("vulns", []):
            if (dependency["name"], vulnerability["id"]) not in allowed:
                fixed = ", ".join(vulnerability.get("fix_versions", [])) or "no fixed version"
                vulnerable.append(
                    f"{dependency['name']} {dependency['version']}: {vulnerability['id']} "
                    f"(fixed in {fixed})"
                )
    return vulnerable, unaudited


def test_no_locked_dependency_has_a_known_vulnerability():
    reasons = []
    for service in ("pypi", "osv"):
        report, failure = pip_audit(service)
        if failure:
            reasons.append(failure)
            continue
        vulnerable, unaudited = audit_problems(report, PIP_AUDIT_ALLOWED)
        if len(unaudited) < len(report["dependencies"]):
            break
        skipped = next(d["skip_reason"] for d in report["dependencies"] if "skip_reason" in d)
        reasons.append(f"{service}: none of {len(unaudited)} packages audited ({skipped})")
    else:
        pytest.skip("no vulnerability service answered from this machine: " + "; ".join(reasons))

    assert vulnerable == [], "known vulnerabilities (upgrade, or allow with a reason):\n" + (
        "\n".join(vulnerable)
    )
    assert unaudited == [], f"{service} could not audit these locked packages: {unaudited}"


def bandit(*targets, cwd=ROOT):
    result = subprocess.run(
        [str(BIN / "bandit"), "--recursive", "--format", "json", "--quiet", "--ignore-nosec"]
        + list(targets),
        capture_output=True,
        text=True,
        timeout=AUDIT_TIMEOUT_SECONDS,
        cwd=cwd,
    )
    report = json.loads(result.stdout)
    assert report["errors"] == [], report["errors"]
    return report["results"]


def bandit_problems(results, allowed):
    """Findings of ``results`` that no (path prefix, test id) of ``allowed`` covers."""
    problems = []
    for finding in results:
        path = finding["filename"].removeprefix("./")
        if not any(
            test_id == finding["test_id"] and path.startswith(prefix) for prefix, test_id in allowed
        ):
            problems.append(
                f"{path}:{finding['line_number']} {finding['test_id']} "
                f"({finding['issue_severity']}): {finding['issue_text']}"
            )
    return problems


def test_bandit_finds_nothing_in_the_code_beyond_the_reviewed_exceptions():
    results = bandit(*BANDIT_TARGETS)

    problems = bandit_problems(results, BANDIT_ALLOWED)

    assert problems == [], "bandit findings (fix, or allow with a reason):\n" + "\n".join(problems)


def test_the_audits_fail_on_what_is_not_allowed(tmp_path):
    """The checks above can fail: bandit finds a shell call in a real file, and a finding or a
    vulnerability that the allow-list does not name is reported."""
    (tmp_path / "hole.py").write_text(
        "import subprocess\n\ndef run(name):\n    subprocess.call('ls ' + name, shell=True)\n"
    )
    found = bandit("hole.py", cwd=tmp_path)
    report = {
        "dependencies": [
            {"name": "django", "version": "1.0", "vulns": [{"id": "PYSEC-1", "fix_versions": []}]},
            {"name": "celery", "version": "5.7.0", "vulns": [{"id": "GHSA-x", "fix_versions": []}]},
            {"name": "nh3", "version": "0.3.8", "skip_reason": "Dependency not found on PyPI"},
        ]
    }

    assert "B602" in {finding["test_id"] for finding in found}
    assert any("B602" in problem for problem in bandit_problems(found, BANDIT_ALLOWED))
    assert bandit_problems(found, {("hole.py", "B602"), ("hole.py", "B404")}) == []
    assert audit_problems(report, {("celery", "GHSA-x")}) == (
        ["django 1.0: PYSEC-1 (fixed in no fixed version)"],
        ["nh3 0.3.8"],
    )
