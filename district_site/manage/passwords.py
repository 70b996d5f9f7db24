"""Password reset for officers, on their district's own host.

Django's PasswordReset views with three changes: the e-mail is in Khmer with an English copy
(as the invitation is), sent by a worker, and its link names the district's primary domain,
never the Host header;
an invited officer who lost the invitation may use it too (their password is still unusable,
which Django's form would skip); and requests are counted per address and per account, so the
form can be used neither to flood an officer's mailbox nor to probe many addresses."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenants import outbox, ratelimit, throttle
from tenants.visible_text import VisibleTextMixin

from . import tasks

# Requests allowed per hour: from one address (any account), and for one account (any
# address; beyond it the page says the same, but nothing is sent).
PER_ADDRESS_PER_HOUR = 5
PER_ACCOUNT_PER_HOUR = 3


def _over_limit(kind, value, limit):
    """Count one request; True once ``limit`` were made within the hour. Counted by
    tenants.ratelimit (in the database, per district), so it holds when Redis is down."""
    return not ratelimit.hit(f"password-reset-{kind}", value, limit=limit, seconds=3600).allowed


class OfficerPasswordResetForm(VisibleTextMixin, PasswordResetForm):
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
        # Queued for a worker (tasks.send_password_reset, through the outbox): the page never
        # waits on the mail server, and takes as long whether or not the account exists.
        for user in self.get_users(email):
            outbox.enqueue(tasks.send_password_reset, [request.tenant.pk, user.pk])


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "manage/password_reset.html"
    form_class = OfficerPasswordResetForm
    success_url = reverse_lazy("manage:password_reset_sent")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        form.save(request=self.request)
        return super(auth_views.PasswordResetView, self).form_valid(form)
