from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from district_site.pages.models import Page
from tenants import throttle


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = Page.REVISION_FIELDS
        widgets = {"body_km": forms.Textarea(attrs={"rows": 10})}
        error_messages = {"title_km": {"required": _("Write the page's title in Khmer.")}}


class OfficerLoginForm(AuthenticationForm):
    """Django's login form, paused for an account and address after repeated failures
    (tenants.throttle, counted in this district's own cache keys)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The e-mail or password is wrong. Check them and try again. After %(limit)s "
            "failed attempts, logging in is paused for 15 minutes."
        ),
        "locked": _("Too many failed attempts. Wait 15 minutes, then try again."),
    }

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
        throttle.clear(username, address)
        return cleaned

    def get_invalid_login_error(self):
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.LOGIN_FAILURE_LIMIT},
        )
