"""Certificates that Caddy holds and is failing to renew.

Caddy renews a certificate when a third of its life is left (about 30 days for Let's Encrypt's
90). One that gets close to its end was not renewed: DNS moved away, a challenge fails, a rate
limit. ``expiring`` reads the certificates in Caddy's storage (``certificates/<issuer>/<name>/
<name>.crt``) with the openssl command, and keeps those for hosts Srok still serves (an active
district's domain, or the platform's): a suspended district's certificate is left to expire.
"""

import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings

from tenants.models import District, Domain


class UnreadableCertificate(Exception):
    pass


def read(path):
    """(not_after, [DNS names]) of the PEM certificate at ``path``."""
    result = subprocess.run(
        ["openssl", "x509", "-in", str(path), "-noout", "-enddate", "-ext", "subjectAltName"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    if result.returncode != 0:
        raise UnreadableCertificate(f"{path}: {result.stderr.strip()}")
    lines = result.stdout.splitlines()
    end = next(line for line in lines if line.startswith("notAfter="))
    not_after = datetime.strptime(end.split("=", 1)[1], "%b %d %H:%M:%S %Y %Z").replace(tzinfo=UTC)
    names = [
        part.strip()[len("DNS:") :]
        for line in lines
        for part in line.split(",")
        if part.strip().startswith("DNS:")
    ]
    return not_after, names


def served(host):
    if host in settings.PLATFORM_HOSTS:
        return True
    district = Domain.objects.district_for_host(host)
    return district is not None and district.status == District.Status.ACTIVE


def expiring(folder, days):
    """[(host, not_after)] of certificates under ``folder`` for served hosts that end within
    ``days`` days, soonest first; raises UnreadableCertificate for a file openssl cannot read."""
    limit = datetime.now(UTC) + timedelta(days=days)
    found = []
    for path in sorted(Path(folder).rglob("*.crt")):
        not_after, names = read(path)
        if not_after < limit:
            found += [(name, not_after) for name in names if served(name)]
    return sorted(found, key=lambda item: item[1])
