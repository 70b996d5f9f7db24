"""An officer's roles in the current district: the Groups named after tenants.models.OfficerRole
in the district's own schema (tenants.actions gives them). Here, below both sites, so whatever
needs to know whether a user is an officer (the console's gates in district_site.manage.roles,
the media access check in district_site.core) asks one place."""

from .models import OfficerRole

EVERY_ROLE = frozenset(OfficerRole.values)


def roles_of(user):
    """The officer's role names, read once per request."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_srok_roles"):
        user._srok_roles = frozenset(
            user.groups.filter(name__in=EVERY_ROLE).values_list("name", flat=True)
        )
    return user._srok_roles
