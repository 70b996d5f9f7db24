"""A certificate Caddy failed to renew reaches a person.

Real Caddy, with its internal CA, issues a certificate for a district's domain into a storage
folder of its own, laid out as on a server. Its certificates live 12 hours: asked whether any
served host's certificate ends within a day, ``check_certificates`` says yes and fails (as
srok-certcheck.service would), and ``notify_failure`` tells the admins; within six hours, no.
"""

import os
import shutil
import subprocess
import time

import pytest
from django.core.management import CommandError, call_command

from tenants import actions

from ...deploy.conftest import free_port

CADDY = shutil.which("caddy")
pytestmark = pytest.mark.skipif(
    not CADDY, reason="caddy is not installed (tests/prepare_machine.sh)"
)


@pytest.fixture
def district(make_district):
    return make_district()


@pytest.fixture
def caddy_storage(tmp_path, district):
    """Caddy serving the district's domain with a certificate of its internal CA; yields the
    certificates folder of its storage once the certificate is there."""
    home = tmp_path / "caddy"
    home.mkdir()
    port = free_port()
    domain = district.primary_domain
    caddyfile = home / "Caddyfile"
    caddyfile.write_text(
        "{\n\tskip_install_trust\n\tadmin off\n\tauto_https disable_redirects\n"
        f"\tstorage file_system {home}/storage\n}}\n"
        f'https://{domain}:{port} {{\n\ttls internal\n\trespond "ok"\n}}\n'
    )
    caddy = subprocess.Popen(
        [CADDY, "run", "--adapter", "caddyfile", "--config", caddyfile],
        env=dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home), XDG_CONFIG_HOME=str(home)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    folder = home / "storage" / "certificates"
    deadline = time.monotonic() + 60
    try:
        while not list(folder.rglob(f"{domain}.crt")):
            assert caddy.poll() is None, "caddy exited"
            assert time.monotonic() < deadline, "caddy issued no certificate"
            time.sleep(0.2)
        yield folder
    finally:
        caddy.terminate()
        caddy.wait(timeout=30)


def test_a_certificate_near_its_end_fails_the_check_and_reaches_the_admins(
    caddy_storage, district, provincial_admin, smtp_server, webhook, fresh_alerts, capsys
):
    call_command("check_certificates", str(caddy_storage), "--days", "0.25")

    with pytest.raises(CommandError):
        call_command("check_certificates", str(caddy_storage), "--days", "1")
    assert district.primary_domain in capsys.readouterr().err

    call_command("notify_failure", "srok-certcheck.service")
    [message] = smtp_server
    assert provincial_admin["email"] in message["to"]
    assert "srok-certcheck.service" in webhook[0]["text"]


def test_a_suspended_districts_certificate_is_left_to_expire(
    caddy_storage, district, provincial_admin
):
    """Caddy stops renewing for a suspended district (the ask endpoint says no): not an alert."""
    actions.suspend_district(district, actor=provincial_admin["user"])
    call_command("check_certificates", str(caddy_storage), "--days", "1")
