"""Password reset for officers, on their district's own host.

Django's PasswordReset views with three changes: the e-mail is in Khmer with an English copy
(as the invitation is) and its link names the district's primary domain, never the Host header;
an invited officer who lost the invitation may use it too (their password is still unusable,
which Django's form would skip); and requests are counted per address and per account, so the
form can be used neither to flood an officer's mailbox nor to probe many addresses."""

import hashlib

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.mail import send_mail
from django.urls import reverse, reverse_lazy
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from tenants import throttle
from tenants.links import district_url

# Requests allowed per hour: from one address (any account), and for one account (any
# address; beyond it the page says the same, but nothing is sent).
PER_ADDRESS_PER_HOUR = 5
PER_ACCOUNT_PER_HOUR = 3


def _over_limit(kind, value, limit):
    """Count one request; True once ``limit`` were made within the hour. The default cache
    prefixes the district's schema, so each district counts its own."""
    key = f"password-reset:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        count = 1
    return count > limit


class OfficerPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": gettext_lazy("Write the e-mail address you log in with."),
            "invalid": gettext_lazy("Write a whole e-mail address, such as name@example.org."),
        },
    )

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if _over_limit("address", throttle.client_address(self.request), PER_ADDRESS_PER_HOUR):
            raise forms.ValidationError(
                _("Too many requests from this connection. Wait an hour, then try again.")
            )
        return email

    def get_users(self, email):
        return get_user_model().objects.filter(username__iexact=email, is_active=True)

    def save(self, *, request, **kwargs):
        """Send the e-mail to the account of this address, if there is one and it has not
        had too many already; the page says the same either way."""
        email = self.cleaned_data["email"]
        if _over_limit("account", email, PER_ACCOUNT_PER_HOUR):
            return
        for user in self.get_users(email):
            send_reset_email(request.tenant, user)


def reset_url(district, user):
    path = reverse(
        "manage:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return district_url(district, path)


def send_reset_email(district, user):
    url = reset_url(district, user)
    parts = []
    for language in ("km", "en"):
        with override(language):
            parts.append(
                _(
                    "Someone asked to reset the password of your account on the website of "
                    "%(district)s district.\n"
                    "Choose a new password here (the link works for %(days)d days, once):\n"
                    "%(url)s\n"
                    "If you did not ask for it, ignore this e-mail: your password stays as it is."
                )
                % {
                    "district": district.name,
                    "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
                    "url": url,
                }
            )
    with override("km"):
        subject = _("Reset your password on the website of %(district)s district") % {
            "district": district.name
        }
    send_mail(subject, "\n\n---\n\n".join(parts), None, [user.email])


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "manage/password_reset.html"
    form_class = OfficerPasswordResetForm
    success_url = reverse_lazy("manage:password_reset_sent")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        form.save(request=self.request)
        return super(auth_views.PasswordResetView, self).form_valid(form)
