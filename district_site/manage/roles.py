"""Who may do what in the officer console, decided by the officer's Group in the district's own
schema (tenants.models.OfficerRole). Every console view goes through ``officer_required``, so an
account without a role (or of another district: it does not exist here) gets nowhere."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from tenants.models import OfficerRole

EVERY_ROLE = frozenset(OfficerRole.values)
PUBLISHERS = frozenset({OfficerRole.DISTRICT_ADMIN.value, OfficerRole.PUBLISHER.value})
ADMINS = frozenset({OfficerRole.DISTRICT_ADMIN.value})


def roles_of(user):
    """The officer's role names, read once per request."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_srok_roles"):
        user._srok_roles = frozenset(
            user.groups.filter(name__in=EVERY_ROLE).values_list("name", flat=True)
        )
    return user._srok_roles


def can_publish(user):
    return bool(roles_of(user) & PUBLISHERS)


def is_district_admin(user):
    return bool(roles_of(user) & ADMINS)


def officer_required(allowed=EVERY_ROLE):
    """Log in first; then refuse (403) an officer whose role is not in ``allowed``."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not roles_of(request.user) & frozenset(allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
