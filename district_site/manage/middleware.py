from django.conf import settings
from django.shortcuts import redirect
from django.utils import translation
from django_tenants.utils import get_public_schema_name

from .roles import needs_second_factor


class ConsoleLanguageMiddleware:
    """The console is in Khmer unless the officer chose English with its language switch
    (Django's set_language cookie). Citizens' pages take their language from the URL instead,
    and the browser's own language is ignored here: officers' computers are often set to
    English while the officers read Khmer. Runs after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/manage/"):
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if language not in dict(settings.LANGUAGES):
                language = settings.LANGUAGE_CODE
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


# Console paths a district administrator may open before passing a second factor: turning it on,
# logging in or out, the language switch, and the links that set a password.
BEFORE_SECOND_FACTOR = (
    "/manage/two-step/",
    "/manage/login/",
    "/manage/logout/",
    "/manage/language/",
    "/manage/password/",
    "/manage/invitation/",
    "/manage/support/",
)


class SecondFactorMiddleware:
    """Send a district administrator whose session has not passed a second factor to the
    two-step screen from every other console path, whichever decorator its view has (the same
    check is in roles.officer_required). Runs after authentication and django-otp's middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (
            path.startswith("/manage/")
            and not path.startswith(BEFORE_SECOND_FACTOR)
            and getattr(request, "tenant", None) is not None
            and request.tenant.schema_name != get_public_schema_name()
            and request.user.is_authenticated
            and needs_second_factor(request)
        ):
            return redirect("manage:two_step")
        return self.get_response(request)
