from django.apps import AppConfig


class SecondFactorConfig(AppConfig):
    """Recovery codes for the second factor (django-otp devices), in every schema that has
    accounts: the platform's and each district's (it is in SHARED_APPS and TENANT_APPS, as
    django-otp's own apps are, since django-otp asks every device model of every installed app
    when it checks a code)."""

    name = "tenants.second_factor"
    label = "second_factor"
    verbose_name = "Second factor"
