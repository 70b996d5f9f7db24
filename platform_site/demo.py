"""The demo platform that ``make run`` serves: three real districts from the gazetteer and one
account for each kind of user. Demo accounts exist only here, never in a real deployment."""

import base64

from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from district_site.core import contributions
from tenants import actions
from tenants.models import District, OfficerRole

PASSWORD = "srok-demo-2026"
PROVINCIAL_ADMIN = "province@demo.srok"
# The demo admin's authenticator secret. Public on purpose: it exists only in demo data.
TOTP_KEY = "73726f6b2d64656d6f2d746f74702d6b65792121"
# (NCDD code, slug): Ou Chruv first, as in 2020; a neighbour; a district of another province.
DISTRICTS = [("0105", "ouchruv"), ("0102", "mongkolborey"), ("0201", "banan")]


def officer_email(slug, role):
    return f"{role.value.replace('_', '-')}@{slug}.demo.srok"


def seed():
    """Create whatever of the demo is missing; running it again changes nothing."""
    User = get_user_model()
    with schema_context("public"):
        admin = User.objects.filter(username=PROVINCIAL_ADMIN).first()
        if admin is None:
            admin = actions.create_provincial_admin(email=PROVINCIAL_ADMIN, password=PASSWORD)
        TOTPDevice.objects.get_or_create(
            user=admin, name="demo", defaults={"key": TOTP_KEY, "confirmed": True}
        )
    districts = []
    for code, slug in DISTRICTS:
        district = District.objects.filter(code=code).first()
        if district is None:
            district = actions.create_district(
                code=code, slug=slug, domains=[f"{slug}.{settings.PLATFORM_DOMAIN}"]
            )
        for role in OfficerRole:
            email = officer_email(slug, role)
            with schema_context(district.schema_name):
                exists = User.objects.filter(username=email).exists()
            if not exists:
                actions.add_officer(district, email=email, role=role, password=PASSWORD)
        # Each app's demo.py (district_site/core/contributions.py).
        contributions.seed_demo(district)
        districts.append(district)
    return districts


def totp_secret():
    return base64.b32encode(bytes.fromhex(TOTP_KEY)).decode()


def current_totp_code():
    """The demo admin's second-factor code right now, as an authenticator app would show it."""
    totp = TOTP(bytes.fromhex(TOTP_KEY), step=30, t0=0, digits=6)
    return f"{totp.token():06d}"


def logins(port=8000):
    """What ``make run`` prints: where to go and who to log in as."""
    platform = f"http://{settings.PLATFORM_DOMAIN}:{port}"
    lines = [
        f"Platform:          {platform}/",
        f"Provincial console {platform}/console/  as {PROVINCIAL_ADMIN}",
        f"    second factor: add secret {totp_secret()} to an authenticator app, or run",
        "    `.venv/bin/python manage.py seed_demo --totp` for the current code",
    ]
    for district in District.objects.filter(code__in=[c for c, _s in DISTRICTS]):
        base = f"http://{district.primary_domain}:{port}"
        lines.append(f"{district.name_en:<18} {base}/  (English: {base}/en/)")
        for role in OfficerRole:
            lines.append(
                f"    officer console {base}/manage/  as {officer_email(district.slug, role)}"
            )
    lines.append(f"Every demo password: {PASSWORD}")
    return lines
