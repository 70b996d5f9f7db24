"""Every change to a district's existence goes through these actions: views, commands, tasks
and tests call them, and nothing else creates, alters or removes districts and their domains."""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from . import gazetteer, invitations, schema_template, validators
from .models import AuditEvent, District, DistrictSnapshot, Domain, OfficerRole
from .signals import district_created

logger = logging.getLogger(__name__)

PROVINCIAL_ADMIN_GROUP = "provincial_admin"


def create_district(*, code, slug, domains):
    """Create a district from its gazetteer entry, with its schema, its domains (the first is
    primary) and, through ``district_created``, its default content. All or nothing."""
    schema_template.prepare()
    # Districts are rows of the public schema, whatever schema the caller was serving.
    with schema_context("public"), transaction.atomic():
        return _create_district(code=code, slug=slug, domains=domains)


def _create_district(*, code, slug, domains):
    entry = gazetteer.district(code)
    if entry is None:
        raise ValidationError(_("No district has the code %(code)s.") % {"code": code})
    district = District(
        schema_name=f"d{code}_{slug}".replace("-", "_"),
        code=code,
        slug=slug,
        name_km=entry["name_km"],
        name_en=entry["name_en"],
        province_code=entry["province_code"],
        province_name_km=entry["province_name_km"],
        province_name_en=entry["province_name_en"],
    )
    district.save()
    schema_template.clone_template(district.schema_name)
    for position, host in enumerate(domains):
        Domain.objects.create(domain=host.lower(), tenant=district, is_primary=position == 0)
    with schema_context(district.schema_name):
        district_created.send(sender=District, district=district)
    logger.info("created district %s (%s) on %s", code, district.schema_name, ", ".join(domains))
    return district


def onboard_district(*, code, official_domain, officer_email, slug=None, actor="cli"):
    """Give a district its website: schema, default content, its official domain (primary) and
    ``<slug>.<platform domain>``, and its first officer, a district administrator invited by
    e-mail to choose a password. All or nothing; the invitation leaves only after commit.

    Raises ValidationError with a list of problems per field ("code", "official_domain",
    "officer_email"), in the active language, before anything is created.
    """
    official_domain = validators.normalize_host(official_domain)
    officer_email = (officer_email or "").strip().lower()
    problems = {
        "code": validators.code_problems(code),
        "official_domain": validators.domain_problems(official_domain),
        "officer_email": validators.email_problems(officer_email),
    }
    problems = {field: messages for field, messages in problems.items() if messages}
    if problems:
        raise ValidationError(problems)
    slug = slug or unique_slug(code)
    subdomain = f"{slug}.{settings.PLATFORM_DOMAIN}"
    if Domain.objects.filter(domain=subdomain).exists():
        raise ValidationError({"code": [_("%(host)s is already taken.") % {"host": subdomain}]})

    schema_template.prepare()
    with schema_context("public"), transaction.atomic():
        district = _create_district(code=code, slug=slug, domains=[official_domain, subdomain])
        officer = add_officer(district, email=officer_email, role=OfficerRole.DISTRICT_ADMIN)
        record(
            actor,
            AuditEvent.Action.ONBOARDED,
            district,
            domains=[official_domain, subdomain],
            officer=officer_email,
        )
        transaction.on_commit(lambda: invitations.send_invitation(district, officer))
    return district


def record(actor, action, district=None, **detail):
    """Write one audit event: the trail a province reads of what happened to a district."""
    return AuditEvent.objects.create(
        actor=str(actor), action=action, district=district, detail=detail
    )


@transaction.atomic
def suspend_district(district, *, actor):
    """Take a district's site offline behind a notice page; every row and file stays."""
    _set_status(district, District.Status.SUSPENDED, actor, AuditEvent.Action.SUSPENDED)


@transaction.atomic
def resume_district(district, *, actor):
    _set_status(district, District.Status.ACTIVE, actor, AuditEvent.Action.RESUMED)


@transaction.atomic
def archive_district(district, *, actor, max_backup_age=timedelta(days=1)):
    """Archive a district: only after a complete backup younger than ``max_backup_age``."""
    from .backups import latest_complete_backup

    backup = latest_complete_backup(district)
    if backup is None or backup.finished_at < timezone.now() - max_backup_age:
        raise ValidationError(
            _(
                "Back up %(name)s first: a district is archived only after a backup of the last "
                "%(hours)d hours."
            )
            % {"name": district.name, "hours": max_backup_age.total_seconds() // 3600}
        )
    _set_status(
        district, District.Status.ARCHIVED, actor, AuditEvent.Action.ARCHIVED, backup=backup.name
    )


def _set_status(district, status, actor, action, **detail):
    district.status = status
    district.save(update_fields=["status"])
    record(actor, action, district, **detail)


def unique_slug(code):
    """A short name for the district's platform subdomain, from its Latin name."""
    entry = gazetteer.district(code)
    base = slugify(entry["name_en"]).replace("-", "") or f"d{code}"
    slug = base
    if District.objects.filter(slug=slug).exists():
        slug = f"{base}{code}"
    return slug


def add_officer(district, *, email, role, password=None):
    """Give ``district`` an officer account (in the district's own schema) with ``role``."""
    role = OfficerRole(role)
    with schema_context(district.schema_name), transaction.atomic():
        user = get_user_model().objects.create_user(
            username=email.lower(), email=email.lower(), password=password
        )
        group, _created = Group.objects.get_or_create(name=role.value)
        user.groups.add(group)
    return user


def create_provincial_admin(*, email, password):
    """A provincial admin: an account in the public schema, the platform's own."""
    with schema_context("public"), transaction.atomic():
        user = get_user_model().objects.create_user(
            username=email.lower(), email=email.lower(), password=password, is_staff=True
        )
        group, _created = Group.objects.get_or_create(name=PROVINCIAL_ADMIN_GROUP)
        user.groups.add(group)
    return user


def record_snapshot(district, **figures):
    """Store what the platform needs to know of a district's publishing (see DistrictSnapshot):
    each keyword is one of its fields."""
    DistrictSnapshot.objects.update_or_create(district=district, defaults=figures)


@transaction.atomic
def add_domain(district, host, *, actor):
    """Give ``district`` another host name (e.g. a new official domain)."""
    host = validators.normalize_host(host)
    problems = validators.domain_problems(host)
    if problems:
        raise ValidationError({"domain": problems})
    domain = Domain.objects.create(domain=host, tenant=district, is_primary=False)
    record(actor, AuditEvent.Action.DOMAIN_ADDED, district, domain=host)
    return domain


@transaction.atomic
def remove_domain(domain, *, actor):
    """Remove a host name; a district keeps at least one, and a primary one."""
    district = domain.tenant
    others = district.domains.exclude(pk=domain.pk).order_by("pk")
    if not others.exists():
        raise ValidationError(_("A district keeps at least one domain."))
    if domain.is_primary:
        successor = others.first()
        successor.is_primary = True
        successor.save(update_fields=["is_primary"])
    host = domain.domain
    domain.delete()
    record(actor, AuditEvent.Action.DOMAIN_REMOVED, district, domain=host)


@transaction.atomic
def make_primary_domain(domain, *, actor):
    """The primary domain is the one absolute links (invitations, feeds, sitemaps) use."""
    for other in domain.tenant.domains.filter(is_primary=True).exclude(pk=domain.pk):
        other.is_primary = False
        other.save(update_fields=["is_primary"])
    domain.is_primary = True
    domain.save(update_fields=["is_primary"])
    record(actor, AuditEvent.Action.PRIMARY_DOMAIN, domain.tenant, domain=domain.domain)


def invite_officer(district, *, email, role, actor):
    """Create an officer account in ``district`` and e-mail its invitation after commit."""
    email = (email or "").strip().lower()
    problems = validators.email_problems(email)
    with schema_context(district.schema_name):
        if get_user_model().objects.filter(username=email).exists():
            problems.append(_("%(email)s already has an account here.") % {"email": email})
    if problems:
        raise ValidationError({"email": problems})
    with transaction.atomic():
        officer = add_officer(district, email=email, role=role)
        record(actor, AuditEvent.Action.OFFICER_INVITED, district, officer=email, role=role)
        transaction.on_commit(lambda: invitations.send_invitation(district, officer))
    return officer


def disable_officer(district, *, email, actor):
    """Stop an officer from logging in; their past work and its history stay."""
    with schema_context(district.schema_name), transaction.atomic():
        updated = get_user_model().objects.filter(username=email).update(is_active=False)
    if updated:
        record(actor, AuditEvent.Action.OFFICER_DISABLED, district, officer=email)
    return bool(updated)


def record_published_hash(district, *, kind, year, version, sha256, previous, published_at):
    """Record in the public schema the hash of a version ``district`` just published. Rows are
    only ever added: a second record of the same version is refused by the unique constraint."""
    from .models import PublishedHash

    return PublishedHash.objects.create(
        district=district,
        kind=kind,
        year=year,
        version=version,
        sha256=sha256,
        previous=previous,
        published_at=published_at,
    )
