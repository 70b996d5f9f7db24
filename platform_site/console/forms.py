from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from django_otp import match_token

from tenants import throttle
from tenants.actions import SUSPENSION_REASON_MAX_LENGTH
from tenants.models import OfficerRole
from tenants.visible_text import VisibleTextMixin


class ConsoleLoginForm(VisibleTextMixin, forms.Form):
    """E-mail, password and the six-digit code of the admin's authenticator app."""

    username = forms.CharField(label=_("E-mail"), max_length=254)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = self.device = None
        super().__init__(*args, **kwargs)

    def clean(self):
        username = self.cleaned_data.get("username", "")
        address = throttle.client_address(self.request)
        if throttle.is_locked(username, address):
            raise forms.ValidationError(
                _("Too many failed attempts. Wait 15 minutes, then try again.")
            )
        user = authenticate(
            self.request, username=username.lower(), password=self.cleaned_data.get("password")
        )
        device = match_token(user, self.cleaned_data.get("otp_token", "")) if user else None
        if user is None or device is None:
            throttle.record_failure(username, address)
            raise forms.ValidationError(
                _("The e-mail, password or code is wrong. Check them and try again.")
            )
        throttle.clear(username, address)
        self.user, self.device = user, device
        return self.cleaned_data


class GazetteerSearchForm(VisibleTextMixin, forms.Form):
    q = forms.CharField(
        label=_("District code or name (Khmer or Latin)"), max_length=100, required=False
    )


class OnboardingForm(VisibleTextMixin, forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=4)
    official_domain = forms.CharField(
        label=_("Official domain"),
        max_length=253,
        help_text=_("The address the ministry gave the district, such as ouchruv.gov.kh."),
    )
    officer_email = forms.EmailField(
        label=_("First officer's e-mail"),
        # Django's own message has no Khmer translation.
        error_messages={"invalid": _("Enter a valid e-mail address, such as name@example.org.")},
        help_text=_("This officer becomes the district administrator and gets an invitation."),
    )


class DomainForm(VisibleTextMixin, forms.Form):
    domain = forms.CharField(label=_("New domain"), max_length=253)


class InviteOfficerForm(VisibleTextMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        error_messages={"invalid": _("Enter a valid e-mail address, such as name@example.org.")},
    )
    role = forms.ChoiceField(label=_("Role"), choices=OfficerRole.choices)


class SuspendForm(VisibleTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=SUSPENSION_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Kept in the district's history and shown to its officers at their console's "
            "address, so they know what to put right. Write nothing confidential."
        ),
    )


class SpreadsheetForm(VisibleTextMixin, forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
