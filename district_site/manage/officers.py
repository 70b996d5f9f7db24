"""Managing a district's officers from its own console: the district administrator invites,
changes roles and disables. Each change is written to the district's audit log
(``OfficerEvent``); invitations and disablings go through tenants.actions, which also tell the
province. Two guards keep a district manageable: nobody disables or demotes themself, and
there is always one active district administrator."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
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


def _refuse_self_and_last_admin(officer, *, by, losing_admin):
    if officer.pk == by.pk:
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


def invite(district, *, email, role, by):
    """Create the account and send the invitation e-mail (after commit)."""
    with transaction.atomic():
        officer = tenant_actions.invite_officer(district, email=email, role=role, actor=by.email)
        OfficerEvent.objects.create(
            action=OfficerEvent.Action.INVITED, officer=officer.email, by=by.email, new_role=role
        )
    return officer


@transaction.atomic
def change_role(officer, role, *, by):
    role = OfficerRole(role)
    old = role_of(officer)
    if old == role:
        return False
    _refuse_self_and_last_admin(
        officer, by=by, losing_admin=old == OfficerRole.DISTRICT_ADMIN and officer.is_active
    )
    officer.groups.remove(*officer.groups.filter(name__in=EVERY_ROLE))
    officer.groups.add(Group.objects.get_or_create(name=role.value)[0])
    OfficerEvent.objects.create(
        action=OfficerEvent.Action.ROLE_CHANGED,
        officer=officer.email,
        by=by.email,
        old_role=old.value if old else "",
        new_role=role.value,
    )
    return True


def disable(district, officer, *, by):
    """Stop the officer logging in; their work and its history stay."""
    with transaction.atomic():
        _refuse_self_and_last_admin(
            officer, by=by, losing_admin=role_of(officer) == OfficerRole.DISTRICT_ADMIN
        )
        if not tenant_actions.disable_officer(district, email=officer.username, actor=by.email):
            return False
        OfficerEvent.objects.create(
            action=OfficerEvent.Action.DISABLED, officer=officer.email, by=by.email
        )
    return True
