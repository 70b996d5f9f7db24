from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, match_token

from tenants import throttle
from tenants.visible_text import VisibleTextMixin


class OfficerLoginForm(VisibleTextMixin, AuthenticationForm):
    """Django's login form, paused for an account and address after repeated failures
    (tenants.throttle, counted in the database per district). An account with two-step login
    on must also give a code from its authenticator app or one of its recovery codes; a wrong
    or missing code counts as a failure, as on the provincial console."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The e-mail or password is wrong. Check them and try again. After %(limit)s "
            "failed attempts, logging in is paused for 15 minutes."
        ),
        "locked": _("Too many failed attempts. Wait 15 minutes, then try again."),
        "second_factor": _(
            "Your account uses two-step login: write the code your authenticator app shows "
            "now, or one of your recovery codes."
        ),
    }
    device = None

    def clean(self):
        username = (self.cleaned_data.get("username") or "").lower()
        self.cleaned_data["username"] = username
        address = throttle.client_address(self.request)
        if throttle.is_locked(username, address):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(username, address)
            raise
        user = self.get_user()
        # No user when the e-mail or password was left empty: the form's own errors say so.
        if user is not None and any(devices_for_user(user)):
            self.device = match_token(user, (self.cleaned_data.get("otp_token") or "").strip())
            if self.device is None:
                throttle.record_failure(username, address)
                raise forms.ValidationError(
                    self.error_messages["second_factor"], code="second_factor"
                )
        throttle.clear(username, address)
        return cleaned

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.LOGIN_FAILURE_LIMIT},
        )
