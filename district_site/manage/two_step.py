"""Two-step login for officers: a code from an authenticator app (TOTP, django-otp, as the
provincial console uses) and ten recovery codes for the day the phone is lost.

Required for district administrators (``roles.officer_required`` sends them here until their
session has passed it), offered to editors and publishers. Turning it on: the screen shows a QR
code (and the key, to type in), the officer types the code the app then shows, and the recovery
codes are shown once, on that answer only; only their hashes are kept
(tenants.second_factor). Logging in then asks for a code (forms.OfficerLoginForm)."""

import qrcode
import qrcode.image.svg
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tenants.second_factor.models import RecoveryCodes

from .roles import officer_required, second_factor_passed

APP_DEVICE = "authenticator app"


def _officer(view):
    """Logged in with a role; the two-step screens themselves never ask for a second factor."""
    return never_cache(officer_required(second_factor=False)(view))


def _confirmed(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _pending(user):
    """The app device being set up: one per officer, made on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
    return device


def _show_codes(request, codes):
    response = render(request, "manage/recovery_codes.html", {"codes": codes})
    response["Cache-Control"] = "no-store"
    return response


@_officer
def two_step(request):
    """Turn two-step login on, or (when on) see how many recovery codes are left."""
    device = _confirmed(request.user)
    if device is not None:
        if not second_factor_passed(request):
            # Turned on in another session: this one must log in again, with a code.
            logout(request)
            return redirect("manage:login")
        if request.method == "POST" and request.POST.get("action") == "new_codes":
            return _show_codes(request, RecoveryCodes.replace_for(request.user))
        codes = RecoveryCodes.objects.filter(user=request.user).first()
        return render(
            request,
            "manage/two_step.html",
            {"on": True, "remaining": codes.remaining if codes else 0},
        )
    pending = _pending(request.user)
    error = None
    if request.method == "POST":
        code = request.POST.get("code", "").strip()
        if pending.verify_token(code):
            pending.confirmed = True
            pending.save(update_fields=["confirmed"])
            otp_login(request, pending)
            return _show_codes(request, RecoveryCodes.replace_for(request.user))
        error = _("This code is not the one your app shows now. Type the six digits again.")
    return render(
        request,
        "manage/two_step.html",
        {"on": False, "key": _spaced(pending), "error": error},
        status=400 if error else 200,
    )


def _spaced(device):
    """The key in base 32, in groups of four, for typing into an app that cannot scan."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@_officer
def qr_code(request):
    """The QR code of the app device being set up, as SVG."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        return redirect("manage:two_step")  # already on: nothing to scan
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    response = HttpResponse(image.to_string(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response
