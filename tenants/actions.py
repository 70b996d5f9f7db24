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

from . import gazetteer, invitations, outbox, schema_template, validators
from .models import AuditEvent, District, DistrictBackup, DistrictSnapshot, Domain, OfficerRole
from .signals import district_created

logger = logging.getLogger(__name__)

PROVINCIAL_ADMIN_GROUP = "provincial_admin"


def create_district(*, code, slug, domains, status=District.Status.ACTIVE):
    """Create a district from its gazetteer entry, with its schema, its domains (the first is
    primary) and, through ``district_created``, its default content. All or nothing. A district
    created suspended (a restored copy) is never served, nor given a certificate, until resumed."""
    schema_template.prepare()
    # Districts are rows of the public schema, whatever schema the caller was serving.
    with schema_context("public"), transaction.atomic():
        return _create_district(code=code, slug=slug, domains=domains, status=status)


def _create_district(*, code, slug, domains, status=District.Status.ACTIVE):
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
        status=status,
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
    e-mail to choose a password. All or nothing; the invitation is queued for a worker and
    leaves only after commit.

    Raises ValidationError with a list of problems per field ("code", "official_domain",
    "officer_email"), in the active language, before anything is created.
    """
    official_domain = validators.normalize_host(official_domain)
    officer_email = (officer_email or "").strip().lower()
    problems = onboarding_problems(
        code=code, official_domain=official_domain, officer_email=officer_email
    )
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
        queue_invitation(district, officer)
    return district


def onboarding_problems(*, code, official_domain, officer_email):
    """{field: [problems]} of what an admin typed to onboard a district, empty when all is
    acceptable: the wizard asks at each step what ``onboard_district`` checks at the end, so a
    bad domain is refused where it was typed, not after the confirm step."""
    problems = {
        "code": validators.code_problems(code),
        "official_domain": validators.domain_problems(validators.normalize_host(official_domain)),
        "officer_email": validators.email_problems((officer_email or "").strip().lower()),
    }
    return {field: messages for field, messages in problems.items() if messages}


def record(actor, action, district=None, **detail):
    """Write one audit event: the trail a province reads of what happened to a district."""
    return AuditEvent.objects.create(
        actor=str(actor), action=action, district=district, detail=detail
    )


SUSPENSION_REASON_MAX_LENGTH = 500


@transaction.atomic
def suspend_district(district, *, actor, reason=""):
    """Take a district's site offline behind a notice page; every row and file stays.

    ``reason`` is kept in the audit entry (``District.suspension`` reads it back): the province
    reads it in the district's history and the district's officers on their console's address,
    so they know what to put right. The console requires one; the CLI and restores may omit it.
    """
    reason = (reason or "").strip()
    if len(reason) > SUSPENSION_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": [
                    _("Keep the reason under %(count)d characters.")
                    % {"count": SUSPENSION_REASON_MAX_LENGTH}
                ]
            }
        )
    _set_status(
        district, District.Status.SUSPENDED, actor, AuditEvent.Action.SUSPENDED, reason=reason
    )


@transaction.atomic
def resume_district(district, *, actor):
    _set_status(district, District.Status.ACTIVE, actor, AuditEvent.Action.RESUMED)


@transaction.atomic
def archive_district(district, *, actor, max_backup_age=timedelta(days=1)):
    """Archive a district: only after a complete backup younger than ``max_backup_age``."""
    # The row, not the backup store: backups (tenants/backups/) call these actions, never the
    # other way round.
    backup = (
        DistrictBackup.objects.filter(district=district, status=DistrictBackup.Status.COMPLETE)
        .order_by("-started_at")
        .first()
    )
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


def record_snapshot(district, figures):
    """Store what the platform needs to know of a district's publishing (see DistrictSnapshot):
    ``figures`` maps each figure's key to its value (int, float, date, datetime or None), and
    replaces what was recorded before."""
    DistrictSnapshot.objects.update_or_create(district=district, defaults={"figures": figures})


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
    """Create an officer account in ``district``; a worker e-mails its invitation after commit."""
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
        queue_invitation(district, officer)
    return officer


def queue_invitation(district, officer):
    """The invitation e-mail is sent by a worker once the account's transaction commits
    (invitations.deliver_invitation, through the outbox): never in the request, so a slow or
    absent mail server neither holds the page nor loses the e-mail."""
    with schema_context(district.schema_name):
        outbox.enqueue(invitations.deliver_invitation, [district.pk, officer.pk])


def disable_officer(district, *, email, actor):
    """Stop an officer from logging in; their past work and its history stay."""
    return _set_officer_active(district, email, False, actor, AuditEvent.Action.OFFICER_DISABLED)


def enable_officer(district, *, email, actor):
    """Let a disabled officer log in again, with the password and role they had."""
    return _set_officer_active(district, email, True, actor, AuditEvent.Action.OFFICER_ENABLED)


def _set_officer_active(district, email, active, actor, action):
    # Only an account in the other state changes, so a repeated click records nothing twice.
    with schema_context(district.schema_name), transaction.atomic():
        updated = (
            get_user_model()
            .objects.filter(username=email, is_active=not active)
            .update(is_active=active)
        )
        if updated:
            record(actor, action, district, officer=email)
    return bool(updated)


def change_officer_role(district, *, email, role, actor):
    """Give an officer ``role`` in place of the role(s) they had; the province's trail keeps
    the old and the new one. Returns False when the officer already had exactly that role."""
    role = OfficerRole(role)
    names = [each.value for each in OfficerRole]
    with schema_context(district.schema_name), transaction.atomic():
        user = get_user_model().objects.select_for_update().get(username=email)
        old = sorted(user.groups.filter(name__in=names).values_list("name", flat=True))
        if old == [role.value]:
            return False
        user.groups.remove(*user.groups.filter(name__in=names))
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
        record(
            actor,
            AuditEvent.Action.OFFICER_ROLE_CHANGED,
            district,
            officer=email,
            old_role=old[0] if len(old) == 1 else ",".join(old),
            role=role.value,
        )
    return True


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


@transaction.atomic
def retry_dead_letter(letter):
    """Send a task that failed for good again, in its district's schema, through the outbox;
    the dead letter is marked resolved in the same transaction."""
    from celery import current_app

    with schema_context(letter.schema_name):
        outbox.enqueue(
            current_app.tasks[letter.task],
            letter.args,
            letter.kwargs,
            key=f"{letter.schema_name}:dead-letter:{letter.pk}",
        )
    resolve_dead_letter(letter)


def resolve_dead_letter(letter):
    letter.resolved_at = timezone.now()
    letter.save(update_fields=["resolved_at"])
