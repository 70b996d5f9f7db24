"""Who may do what in the officer console, decided by the officer's Group in the district's own
schema (tenants.models.OfficerRole). Every console view goes through ``officer_required``, so an
account without a role (or of another district: it does not exist here) gets nowhere, and a
district administrator gets nowhere but the two-step login screen until the session has passed
a second factor (district_site.manage.two_step)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from tenants.models import OfficerRole
from tenants.roles import EVERY_ROLE as EVERY_ROLE
from tenants.roles import roles_of

PUBLISHERS = frozenset({OfficerRole.DISTRICT_ADMIN.value, OfficerRole.PUBLISHER.value})
ADMINS = frozenset({OfficerRole.DISTRICT_ADMIN.value})


def can_publish(user):
    return bool(roles_of(user) & PUBLISHERS)


def is_district_admin(user):
    return bool(roles_of(user) & ADMINS)


# Set in the session by the support hand-over: the provincial admin passed the console's second
# factor before the link was issued (tenants.support).
HANDOVER_VERIFIED = "srok_handover_verified"


def second_factor_passed(request):
    """Whether this session logged in with a second factor (or came by a support hand-over)."""
    return request.user.is_verified() or bool(request.session.get(HANDOVER_VERIFIED))


def needs_second_factor(request):
    """District administrators must pass a second factor; other officers may choose to."""
    return is_district_admin(request.user) and not second_factor_passed(request)


# Who can do what a refused officer tried, said in their language (never a bare "403 Forbidden").
WHO_CAN = {
    ADMINS: _("Only the district administrator can do this."),
    PUBLISHERS: _("Only a publisher or the district administrator can do this."),
}


def refused(request, allowed):
    """The console's 403 page: what the officer's role is, and which role can do this."""
    mine = [OfficerRole(name).label for name in sorted(roles_of(request.user))]
    return render(
        request,
        "manage/refused.html",
        {
            "who_can": WHO_CAN.get(frozenset(allowed), _("Your role cannot do this.")),
            "roles": mine,
        },
        status=403,
    )


def officer_required(allowed=EVERY_ROLE, *, second_factor=True):
    """Log in first; then refuse (403, a page in the officer's language saying which role can)
    an officer whose role is not in ``allowed``; send a district administrator without a second
    factor to the two-step login screen (but for the two-step screens themselves:
    ``second_factor=False``).

    The view returned carries ``officer_gate``, the roles it lets in: decorators that wrap it
    with functools.wraps keep it, so a test reads it off every console URL's view and fails on
    one without (tests/district_site/manage/test_every_console_view_is_gated.py)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not roles_of(request.user) & frozenset(allowed):
                return refused(request, allowed)
            if second_factor and needs_second_factor(request):
                return redirect("manage:two_step")
            return view(request, *args, **kwargs)

        wrapper.officer_gate = frozenset(allowed)
        return wrapper

    return decorator
