"""Managing a district's officers from its own console: the district administrator invites,
changes roles, disables and enables again. Each change is written to the district's audit log
(``OfficerEvent``) and goes through tenants.actions, which also tell the province (its
``AuditEvent`` trail): the province answers for who may publish in its districts. Two guards
keep a district manageable: nobody disables or demotes themself, and there is always one active
district administrator."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenants import actions as tenant_actions
from tenants.models import OfficerRole

from .models import OfficerEvent
from .roles import EVERY_ROLE


def officers():
    """The district's officer accounts with their role name (``role``), active first."""
    users = (
        get_user_model()
        .objects.filter(groups__name__in=EVERY_ROLE)
        .distinct()
        .prefetch_related("groups")
        .order_by("-is_active", "email")
    )
    for user in users:
        user.role = role_of(user)
    return users


def role_of(user):
    names = {group.name for group in user.groups.all()}
    for role in OfficerRole:  # the highest role wins, should an account have two
        if role.value in names:
            return role
    return None


def _active_admins():
    return get_user_model().objects.filter(
        is_active=True, groups__name=OfficerRole.DISTRICT_ADMIN.value
    )


def _refuse_self_and_last_admin(officer, *, actor, losing_admin):
    if officer.pk == actor.pk:
        raise ValidationError(
            _("You cannot change or disable your own account. Ask another district administrator.")
        )
    if losing_admin and not _active_admins().exclude(pk=officer.pk).exists():
        raise ValidationError(
            _(
                "%(email)s is the district's only administrator. Make another officer a district "
                "administrator first."
            )
            % {"email": officer.email}
        )


def invite(district, *, email, role, actor):
    """Create the account and send the invitation e-mail (after commit)."""
    with transaction.atomic():
        officer = tenant_actions.invite_officer(district, email=email, role=role, actor=actor.email)
        OfficerEvent.objects.create(
            action=OfficerEvent.Action.INVITED, officer=officer.email, by=actor.email, new_role=role
        )
    return officer


@transaction.atomic
def change_role(district, officer, role, *, actor):
    role = OfficerRole(role)
    old = role_of(officer)
    if old == role:
        return False
    _refuse_self_and_last_admin(
        officer, actor=actor, losing_admin=old == OfficerRole.DISTRICT_ADMIN and officer.is_active
    )
    tenant_actions.change_officer_role(
        district, email=officer.username, role=role, actor=actor.email
    )
    OfficerEvent.objects.create(
        action=OfficerEvent.Action.ROLE_CHANGED,
        officer=officer.email,
        by=actor.email,
        old_role=old.value if old else "",
        new_role=role.value,
    )
    return True


def disable(district, officer, *, actor):
    """Stop the officer logging in; their work and its history stay."""
    with transaction.atomic():
        _refuse_self_and_last_admin(
            officer, actor=actor, losing_admin=role_of(officer) == OfficerRole.DISTRICT_ADMIN
        )
        if not tenant_actions.disable_officer(district, email=officer.username, actor=actor.email):
            return False
        OfficerEvent.objects.create(
            action=OfficerEvent.Action.DISABLED, officer=officer.email, by=actor.email
        )
    return True


def enable(district, officer, *, actor):
    """Let a disabled officer log in again, with the role they had: an officer back from leave
    keeps their account, their history and their two-step device instead of a new invitation."""
    with transaction.atomic():
        if not tenant_actions.enable_officer(district, email=officer.username, actor=actor.email):
            return False
        OfficerEvent.objects.create(
            action=OfficerEvent.Action.ENABLED, officer=officer.email, by=actor.email
        )
    return True
